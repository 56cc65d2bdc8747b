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
 * The priority of the app's index-th configured group: from 1, never 0. The provider never sends 0
 * (`GetOk`) and suppresses no diff but an unchanged 0, so an unsent 0 reads back as wherever Okta put
 * the group (after groups an admin assigned first) and diffs forever; a sent priority is stored and
 * read back as sent (docs/okta-behaviour.md, "Group assignment priorities").
 */
export function assignmentPriority(index: number): number {
    return index + 1;
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
                        { appId, groupId: group.id, priority: assignmentPriority(index), retainAssignment: false },
                        { parent: this, aliases: oldNames.map((old) => ({ name: old })) },
                    ),
            );
            const users = namedResources(`${name}-${appKey}-user`, args.users, (u) => u.login).map(
                ({ item: user, name: resourceName, oldNames }) =>
                    new User(
                        resourceName,
                        // The provider refuses an app user without a username on both Kiro apps (resource_okta_app_user.go).
                        { appId, userId: user.id, username: user.username, retainAssignment: false },
                        { parent: this, aliases: oldNames.map((old) => ({ name: old })) },
                    ),
            );
            this.byApp[appKey] = [...groups, ...users];
        }
        this.registerOutputs({});
    }
}
