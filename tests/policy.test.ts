import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import {
    kiroScopesHaveImplicitConsent,
    oidcAppIsNativePublicClient,
    policies,
    policyNamesSpecificClients,
    redirectUrisAreLoopbackOrPrivateUse,
    refreshTokenRotation,
    ruleGrantsOnlyKiroScopes,
    tokenLifetimesWithinConsoleDefaults,
    txtRecordsKeepExistingValues,
} from "../policy/policies";
import { PHASE2_SECRETS, PHASE3, runProgram } from "./support/harness";
import { violations } from "./support/policyHarness";

const OAUTH = "okta:app/oAuth:OAuth";
const RULE = "okta:auth/serverPolicyRule:ServerPolicyRule";
// Passing resources written out from the guide, not from the components' constants: a policy test
// must not agree with the program by construction.
const APP = {
    label: "Kiro-OIDC",
    type: "native",
    grantTypes: ["authorization_code", "refresh_token"],
    responseTypes: ["code"],
    tokenEndpointAuthMethod: "none",
    pkceRequired: true,
    refreshTokenRotation: "ROTATE",
    redirectUris: [
        "http://localhost:3128/oauth/callback",
        "http://127.0.0.1:49153/oauth/callback",
        "http://[::1]:53153/oauth/callback",
        "kiro://kiro.oauth/callback",
    ],
};
const RULE_PROPS = {
    authServerId: "aus1",
    policyId: "p1",
    priority: 1,
    grantTypeWhitelists: ["authorization_code"],
    scopeWhitelists: ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"],
    accessTokenLifetimeMinutes: 60,
    refreshTokenWindowMinutes: 10080,
};
const POLICY_PROPS = { authServerId: "aus1", name: "Kiro", priority: 1 };
const SCOPE_PROPS = { authServerId: "aus1", consent: "IMPLICIT" };

describe("each policy passes the stack's settings and catches a violation", () => {
    it.each<
        [
            string,
            (typeof policies)[number],
            { type: string; props: Record<string, unknown>; urn?: string },
            { type: string; props: Record<string, unknown>; urn?: string },
            string[],
        ]
    >([
        [
            "native public client with PKCE",
            oidcAppIsNativePublicClient,
            { type: OAUTH, props: APP },
            {
                type: OAUTH,
                props: {
                    ...APP,
                    type: "web",
                    tokenEndpointAuthMethod: undefined,
                    pkceRequired: false,
                    grantTypes: ["authorization_code", "implicit", "password"],
                    clientBasicSecret: "s3cret",
                },
            },
            [
                'type is "web"; Kiro clients need a native app ("native").',
                'tokenEndpointAuthMethod is "client_secret_basic (the provider\'s default)"; a public client needs "none".',
                "pkceRequired is not true; Kiro clients use PKCE (S256).",
                'grant type "implicit" is allowed; only authorization_code and refresh_token belong on the Kiro app.',
                'grant type "password" is allowed; only authorization_code and refresh_token belong on the Kiro app.',
                "a client secret is set; a public client has none (native apps cannot keep one).",
            ],
        ],
        [
            "redirect URIs loopback or private-use",
            redirectUrisAreLoopbackOrPrivateUse,
            { type: OAUTH, props: APP },
            {
                type: OAUTH,
                props: {
                    ...APP,
                    redirectUris: [
                        "http://localhost:3128/oauth/callback",
                        "https://evil.example.com/cb",
                        "http://10.1.1.1:3128/cb",
                        "kiro://cb#frag",
                    ],
                },
            },
            [
                'redirect URI "https://evil.example.com/cb" uses the https scheme; expected http://localhost:PORT/... or a private-use scheme.',
                'redirect URI "http://10.1.1.1:3128/cb" uses http with host "10.1.1.1", which is not loopback; expected http://localhost:PORT/... or a private-use scheme.',
                'redirect URI "kiro://cb#frag" has a fragment; expected http://localhost:PORT/... or a private-use scheme.',
            ],
        ],
        [
            "rule grants only the Kiro scopes",
            ruleGrantsOnlyKiroScopes,
            { type: RULE, props: RULE_PROPS },
            {
                type: RULE,
                props: {
                    ...RULE_PROPS,
                    scopeWhitelists: ["codewhisperer:completions", "*", "okta.users.manage"],
                    grantTypeWhitelists: ["authorization_code", "client_credentials"],
                },
            },
            [
                'scope "*" is granted; only codewhisperer:completions, codewhisperer:conversations, offline_access are.',
                'scope "okta.users.manage" is granted; only codewhisperer:completions, codewhisperer:conversations, offline_access are.',
                'grant type "client_credentials" is allowed; Kiro clients use authorization_code (refresh tokens come from offline_access).',
            ],
        ],
        [
            "rule with no scopes (any scope)",
            ruleGrantsOnlyKiroScopes,
            { type: RULE, props: RULE_PROPS },
            { type: RULE, props: { ...RULE_PROPS, scopeWhitelists: [] } },
            ['scopeWhitelists is empty, which Okta reads as "any scope"; list the Kiro scopes.'],
        ],
        [
            "policy assigned to specific clients",
            policyNamesSpecificClients,
            { type: "okta:auth/serverPolicy:ServerPolicy", props: { ...POLICY_PROPS, clientWhitelists: ["0oa-kiro"] } },
            { type: "okta:auth/serverPolicy:ServerPolicy", props: { ...POLICY_PROPS, clientWhitelists: ["ALL_CLIENTS"] } },
            ["clientWhitelists includes ALL_CLIENTS; assign the policy to the Kiro OIDC app's client ID only."],
        ],
        [
            "Kiro scopes with implicit consent",
            kiroScopesHaveImplicitConsent,
            { type: "okta:auth/serverScope:ServerScope", props: { ...SCOPE_PROPS, name: "codewhisperer:completions" } },
            {
                type: "okta:auth/serverScope:ServerScope",
                props: { ...SCOPE_PROPS, name: "codewhisperer:conversations", consent: "REQUIRED" },
            },
            ['scope "codewhisperer:conversations" has consent "REQUIRED"; Kiro\'s clients cannot show a consent screen, set "IMPLICIT".'],
        ],
        [
            "TXT records keep existing values",
            txtRecordsKeepExistingValues,
            {
                type: "aws:route53/record:Record",
                props: { type: "TXT", name: "example.com", allowOverwrite: true, records: ["v=spf1 -all", "kiro=1"] },
                urn: "urn:pulumi:dev::kiro-okta::kiro:aws:DomainVerification$aws:route53/record:Record::kiro-domain",
            },
            { type: "aws:route53/record:Record", props: { type: "TXT", name: "example.com", allowOverwrite: true, records: ["kiro=1"] } },
            [
                'TXT record "example.com" may overwrite an existing record set (allowOverwrite) without merging its values; create it with the kiro:aws:DomainVerification component, which keeps them.',
            ],
        ],
        [
            "refresh token rotation (advisory)",
            refreshTokenRotation,
            { type: OAUTH, props: APP },
            { type: OAUTH, props: { ...APP, refreshTokenRotation: undefined } },
            ['refreshTokenRotation is "STATIC (the provider\'s default)"; "ROTATE" limits a leaked refresh token.'],
        ],
        [
            "token lifetimes (advisory)",
            tokenLifetimesWithinConsoleDefaults,
            { type: RULE, props: RULE_PROPS },
            { type: RULE, props: { ...RULE_PROPS, accessTokenLifetimeMinutes: 1440, refreshTokenWindowMinutes: 525600 } },
            [
                "accessTokenLifetimeMinutes is 1440; the console default is 60.",
                "refreshTokenWindowMinutes is 525600; the console default is 10080 (7 days).",
            ],
        ],
    ])("%s", async (_, policy, passing, violating, messages) => {
        expect(await violations(policy, passing)).toEqual([]);
        expect(await violations(policy, violating)).toEqual(messages);
    });

    it("a TXT record without allowOverwrite, or another record type, is not the policy's concern", async () => {
        expect(
            await violations(txtRecordsKeepExistingValues, {
                type: "aws:route53/record:Record",
                props: { type: "TXT", name: "a.example.com", records: ["x"] },
            }),
        ).toEqual([]);
        expect(
            await violations(txtRecordsKeepExistingValues, {
                type: "aws:route53/record:Record",
                props: { type: "A", name: "a.example.com", allowOverwrite: true },
            }),
        ).toEqual([]);
    });

    it("a policy ignores other resource types", async () => {
        expect(await violations(oidcAppIsNativePublicClient, { type: RULE, props: RULE_PROPS })).toEqual([]);
    });
});

describe("the pack", () => {
    it("has unique names; the guide's rules are mandatory, the two best practices advisory", () => {
        const levels = Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel]));
        expect(Object.keys(levels)).toHaveLength(policies.length);
        expect(levels).toEqual({
            "kiro-oidc-app-native-public-pkce": "mandatory",
            "kiro-oidc-redirect-uris-rfc8252": "mandatory",
            "kiro-rule-grants-only-kiro-scopes": "mandatory",
            "kiro-policy-specific-clients": "mandatory",
            "kiro-scopes-implicit-consent": "mandatory",
            "txt-record-keeps-existing-values": "mandatory",
            "kiro-refresh-token-rotation": "advisory",
            "kiro-token-lifetimes": "advisory",
        });
    });

    it("is a nodejs TypeScript policy pack", () => {
        expect(yaml.load(fs.readFileSync("policy/PulumiPolicy.yaml", "utf8"))).toMatchObject({
            runtime: { name: "nodejs", options: { typescript: true } },
        });
    });

    it.each(["custom-saml", "catalog"])(
        "passes every resource the stack's own program registers (phase 3: all of them), scimApp %s",
        async (scimApp) => {
            const run = await runProgram({ config: { ...PHASE3, scimApp }, secretKeys: PHASE2_SECRETS });
            expect(run.error).toBeUndefined();
            const deployed = run.resources.filter((r) => r.type.includes("/"));
            expect(deployed.length).toBeGreaterThan(10);
            const found: string[] = [];
            for (const r of deployed) {
                for (const policy of policies) {
                    for (const message of await violations(policy, { type: r.type, props: r.inputs, urn: r.urn }))
                        found.push(`${policy.name} on ${r.name}: ${message}`);
                }
            }
            expect(found).toEqual([]);
        },
    );
});
