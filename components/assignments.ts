import * as pulumi from "@pulumi/pulumi";
import { GroupAssignment, User } from "@pulumi/okta/app";
import type { OktaGroup, OktaUser } from "./directory";
import { slug } from "./naming";

export interface AssignmentsArgs {
    /** The apps that get the same assignments, keyed by a short name used in resource names. */
    apps: Record<string, pulumi.Input<string>>;
    groups: readonly OktaGroup[];
    users: readonly OktaUser[];
}

/**
 * Guide: "assign the same users and groups" on both apps. One resource per app and group (or
 * user), so assignments made elsewhere are left alone; okta.AppGroupAssignments would fight them
 * (provider issues #1871, #1429).
 */
export class Assignments extends pulumi.ComponentResource {
    /** The group assignments by app key, then group name. */
    readonly groupAssignments: Record<string, Record<string, GroupAssignment>> = {};

    constructor(name: string, args: AssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:Assignments", name, {}, opts);
        for (const [appKey, appId] of Object.entries(args.apps)) {
            const byGroup: Record<string, GroupAssignment> = (this.groupAssignments[appKey] = {});
            args.groups.forEach((group, index) => {
                const assignment = new GroupAssignment(
                    `${name}-${appKey}-group-${slug(group.name)}`,
                    // Explicit priority: an omitted one can come back non-zero and diff (provider issue #377).
                    { appId, groupId: group.id, priority: index, retainAssignment: false },
                    { parent: this },
                );
                byGroup[group.name] = assignment;
            });
            for (const user of args.users) {
                new User(
                    `${name}-${appKey}-user-${slug(user.login)}`,
                    { appId, userId: user.id, retainAssignment: false },
                    { parent: this },
                );
            }
        }
        const ids = Object.values(this.groupAssignments).flatMap((byGroup) => Object.values(byGroup).map((a) => a.id));
        this.registerOutputs({ groupAssignmentIds: ids });
    }
}
