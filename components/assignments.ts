import * as pulumi from "@pulumi/pulumi";
import { GroupAssignment, User } from "@pulumi/okta/app";
import type { OktaGroup, OktaUser } from "./directory";
import { namedResources } from "./naming";

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
    /** Every assignment (group and user) by app key: what a group push on that app waits for. */
    readonly byApp: Record<string, pulumi.Resource[]> = {};

    constructor(name: string, args: AssignmentsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:Assignments", name, {}, opts);
        for (const [appKey, appId] of Object.entries(args.apps)) {
            const groups = namedResources(`${name}-${appKey}-group`, args.groups, (g) => g.name).map(
                ({ item: group, name: resourceName, oldNames }, index) =>
                    new GroupAssignment(
                        resourceName,
                        // Explicit priority: an omitted one can come back non-zero and diff (provider issue #377).
                        { appId, groupId: group.id, priority: index, retainAssignment: false },
                        { parent: this, aliases: oldNames.map((old) => ({ name: old })) },
                    ),
            );
            const users = namedResources(`${name}-${appKey}-user`, args.users, (u) => u.login).map(
                ({ item: user, name: resourceName, oldNames }) =>
                    new User(
                        resourceName,
                        { appId, userId: user.id, retainAssignment: false },
                        { parent: this, aliases: oldNames.map((old) => ({ name: old })) },
                    ),
            );
            this.byApp[appKey] = [...groups, ...users];
        }
        this.registerOutputs({});
    }
}
