import * as pulumi from "@pulumi/pulumi";
import { PushGroup } from "@pulumi/okta/pushGroup";
import type { OktaGroup } from "./directory";
import { namedResources } from "./naming";

export interface GroupPushArgs {
    /** The SCIM app (custom SAML or catalog) the groups are pushed through. */
    scimAppId: pulumi.Input<string>;
    /** Groups to push: never ones assigned to the app (config/fields.ts, OKTA_PUSH_RULE). */
    groups: readonly OktaGroup[];
    /** The provider's default is true, which deletes the groups in Kiro on destroy. */
    deleteTargetGroupOnDestroy: boolean;
    /** The SCIM app's assignments: only assigned members are pushed, so pushes wait for them. */
    assignments: pulumi.Resource[];
}

/** Phase 3: the configured push groups pushed to Kiro over SCIM (needs provisioning switched on first). */
export class GroupPush extends pulumi.ComponentResource {
    constructor(name: string, args: GroupPushArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:GroupPush", name, {}, opts);
        for (const { item: group, name: resourceName, oldNames } of namedResources(name, args.groups, (g) => g.name)) {
            new PushGroup(
                resourceName,
                {
                    appId: args.scimAppId,
                    sourceGroupId: group.id,
                    status: "ACTIVE",
                    deleteTargetGroupOnDestroy: args.deleteTargetGroupOnDestroy,
                },
                { parent: this, dependsOn: args.assignments, aliases: oldNames.map((old) => ({ name: old })) },
            );
        }
        this.registerOutputs({});
    }
}
