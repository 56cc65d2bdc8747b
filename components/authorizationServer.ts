import * as pulumi from "@pulumi/pulumi";
import { Server, ServerPolicy, ServerPolicyRule, ServerScope } from "@pulumi/okta/auth";

export interface AuthorizationServerArgs {
    name: string;
    description: string;
    audience: string;
    /** The Kiro OIDC app's client ID: the only client the access policy applies to. */
    clientId: pulumi.Input<string>;
    /** Protect the server from deletion and replacement: its issuer is pasted into the Kiro profile. */
    protect: boolean;
    /** The rule's token lifetimes, in minutes (0 refresh lifetime: unlimited); validated in config/fields.ts. */
    lifetimes: TokenLifetimes;
}

export interface TokenLifetimes {
    accessTokenLifetimeMinutes: number;
    refreshTokenLifetimeMinutes: number;
    refreshTokenWindowMinutes: number;
}

export const KIRO_SCOPES = ["codewhisperer:completions", "codewhisperer:conversations"] as const;
/** Guide: "Scopes requested: The following scopes". Refresh tokens come from offline_access. */
export const RULE_SCOPES = [...KIRO_SCOPES, "offline_access"] as const;

export const SERVER_SETTINGS = {
    issuerMode: "ORG_URL",
    status: "ACTIVE",
    credentialsRotationMode: "AUTO",
} as const;

export const SCOPE_SETTINGS = {
    // Guide: "User consent: Implicit".
    consent: "IMPLICIT",
    // Scopes are listed in the issuer's discovery document only with ALL_CLIENTS (docs/okta-behaviour.md, "Authorization server, scopes, policy, rule").
    metadataPublish: "ALL_CLIENTS",
    default: false,
    optional: false,
} as const;

/**
 * Set explicitly so a refresh does not diff (the lifetimes come from config, defaulting to the console's).
 * Priorities are contiguous from 1 because Okta renumbers them (provider issues #2305, #2953).
 */
export const POLICY_SETTINGS = { priority: 1, status: "ACTIVE" } as const;
export const RULE_SETTINGS = {
    priority: 1,
    status: "ACTIVE",
    type: "RESOURCE_ACCESS",
    // snake_case is what the API takes; the SDK's doc comment shows camelCase (docs/okta-behaviour.md, "Authorization server, scopes, policy, rule").
    grantTypeWhitelists: ["authorization_code"],
    groupWhitelists: ["EVERYONE"],
} as const;

export class AuthorizationServer extends pulumi.ComponentResource {
    readonly serverId: pulumi.Output<string>;
    readonly issuer: pulumi.Output<string>;
    /** What the Kiro profile's Issuer URL field takes. */
    readonly issuerMetadataUrl: pulumi.Output<string>;
    readonly policyId: pulumi.Output<string>;
    readonly ruleId: pulumi.Output<string>;

    constructor(name: string, args: AuthorizationServerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:AuthorizationServer", name, {}, opts);
        const server = new Server(
            name,
            { name: args.name, description: args.description, audiences: [args.audience], ...SERVER_SETTINGS },
            { parent: this, protect: args.protect },
        );
        const scopes = KIRO_SCOPES.map(
            (scope) =>
                new ServerScope(
                    `${name}-${scope.replace(":", "-")}`,
                    {
                        authServerId: server.id,
                        name: scope,
                        displayName: scope,
                        description: `Kiro: ${scope.split(":")[1]}`,
                        ...SCOPE_SETTINGS,
                    },
                    { parent: this },
                ),
        );
        const policy = new ServerPolicy(
            `${name}-policy`,
            {
                authServerId: server.id,
                name: "Kiro",
                description: "Kiro clients: the Kiro OIDC app only",
                clientWhitelists: [args.clientId],
                ...POLICY_SETTINGS,
            },
            { parent: this },
        );
        const rule = new ServerPolicyRule(
            `${name}-rule`,
            {
                authServerId: server.id,
                policyId: policy.id,
                name: "Kiro scopes",
                ...RULE_SETTINGS,
                ...args.lifetimes,
                grantTypeWhitelists: [...RULE_SETTINGS.grantTypeWhitelists],
                groupWhitelists: [...RULE_SETTINGS.groupWhitelists],
                scopeWhitelists: [...RULE_SCOPES],
            },
            // A rule naming a scope that does not exist yet is rejected by Okta.
            { parent: this, dependsOn: scopes },
        );
        this.serverId = server.id;
        this.issuer = server.issuer;
        this.issuerMetadataUrl = pulumi.interpolate`${server.issuer}/.well-known/openid-configuration`;
        this.policyId = policy.id;
        this.ruleId = rule.id;
        this.registerOutputs({
            serverId: this.serverId,
            issuer: this.issuer,
            issuerMetadataUrl: this.issuerMetadataUrl,
            policyId: this.policyId,
            ruleId: this.ruleId,
        });
    }
}
