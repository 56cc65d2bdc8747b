import * as pulumi from "@pulumi/pulumi";
import { PushGroup } from "@pulumi/okta/pushGroup";
import { slug } from "./naming";
import type { OktaGroup } from "./directory";

export interface GroupPushArgs {
    samlAppId: pulumi.Input<string>;
    groups: readonly OktaGroup[];
    /** The provider's default is true, which deletes the groups in Kiro on destroy. */
    deleteTargetGroupOnDestroy: boolean;
    /** Each group's assignment to the SAML app, keyed by group name: a push waits for it. */
    assignments: Record<string, pulumi.Resource>;
}

/** Phase 3: every assigned group pushed to Kiro over SCIM (needs provisioning switched on first). */
export class GroupPush extends pulumi.ComponentResource {
    constructor(name: string, args: GroupPushArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:GroupPush", name, {}, opts);
        for (const group of args.groups) {
            new PushGroup(
                `${name}-${slug(group.name)}`,
                {
                    appId: args.samlAppId,
                    sourceGroupId: group.id,
                    status: "ACTIVE",
                    deleteTargetGroupOnDestroy: args.deleteTargetGroupOnDestroy,
                },
                { parent: this, dependsOn: [args.assignments[group.name]] },
            );
        }
        this.registerOutputs({});
    }
}
