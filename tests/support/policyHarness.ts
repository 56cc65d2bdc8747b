import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

/** Calls a policy the way the policy analyzer would, without the Pulumi CLI. */

class NotApplicable extends Error {}

export interface PolicyTarget {
    type: string;
    props: Record<string, unknown>;
    /** Defaults to a top-level resource's URN. */
    urn?: string;
}

export async function violations(policy: ResourceValidationPolicy, target: PolicyTarget): Promise<string[]> {
    const found: string[] = [];
    const args: ResourceValidationArgs = {
        type: target.type,
        props: target.props,
        urn: target.urn ?? `urn:pulumi:test::kiro-okta::${target.type}::r`,
        name: "r",
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map(),
        isType: (cls) => (cls as unknown as { __pulumiType?: string }).__pulumiType === target.type,
        asType: (cls) => ((cls as unknown as { __pulumiType?: string }).__pulumiType === target.type ? (target.props as never) : undefined),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    };
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource!];
    for (const validate of validations) {
        try {
            await validate(args, (message) => found.push(message));
        } catch (e) {
            if (!(e instanceof NotApplicable)) throw e;
        }
    }
    return found;
}
