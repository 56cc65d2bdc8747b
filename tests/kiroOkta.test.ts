import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { KiroOkta } from "../components/kiroOkta";
import { lookupReason } from "../components/directory";
import { IDENTITY_CENTER_IGNORED_FIELDS } from "../components/identityCenterApp";
import { criticalPath } from "../commands/common/graph";
import { oidcAppIsNativePublicClient, redirectUrisAreLoopbackOrPrivateUse, refreshTokenRotation } from "../policy/policies";
import {
    DEFAULT_OKTA,
    DEFAULT_ROUTE53,
    fakeWorld,
    invokeError,
    ofType,
    one,
    PHASE1,
    PHASE2,
    PHASE3,
    type ProgramRun,
    runKiro,
    SCIM_TOKEN,
    argsFromConfig,
    exportsOf,
} from "./support/harness";
import { FIRST_REVISION_PORT, GUIDE_PORTS, GUIDE_PRIVATE_USE_URI } from "./support/guide";
import { violations } from "./support/policyHarness";

const T = {
    oauth: "okta:app/oAuth:OAuth",
    saml: "okta:app/saml:Saml",
    server: "okta:auth/server:Server",
    scope: "okta:auth/serverScope:ServerScope",
    policy: "okta:auth/serverPolicy:ServerPolicy",
    rule: "okta:auth/serverPolicyRule:ServerPolicyRule",
    groupAssignment: "okta:app/groupAssignment:GroupAssignment",
    userAssignment: "okta:app/user:User",
    pushGroup: "okta:index/pushGroup:PushGroup",
    record: "aws:route53/record:Record",
};

const OUTPUT_KEYS = [
    "authServerId",
    "clientId",
    "domainVerificationRecord",
    "issuerMetadataUrl",
    "nextSteps",
    "oidcAppId",
    "phase",
    "samlAppId",
    "scimRunbook",
];

/** A lookup failed: the KiroOkta component is registered (it does the lookups), and nothing under it. */
function onlyTheComponent(run: ProgramRun): void {
    expect(run.resources.map((r) => r.type)).toEqual(["kiro-okta:index:KiroOkta"]);
}

function succeeded(run: ProgramRun): ProgramRun {
    if (run.error) throw run.error;
    return run;
}

describe("phase 1: Okta config and groups", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = succeeded(await runKiro({ config: PHASE1 }));
    });

    it("registers one component per concept, each custom resource under its component", () => {
        const parents = Object.fromEntries(run.resources.filter((r) => r.type.includes("/")).map((r) => [r.name, r.parentType]));
        expect(parents).toEqual({
            "kiro-oidc": "kiro:okta:OidcApp",
            "kiro-auth": "kiro:okta:AuthorizationServer",
            "kiro-auth-codewhisperer-completions": "kiro:okta:AuthorizationServer",
            "kiro-auth-codewhisperer-conversations": "kiro:okta:AuthorizationServer",
            "kiro-auth-policy": "kiro:okta:AuthorizationServer",
            "kiro-auth-rule": "kiro:okta:AuthorizationServer",
            "kiro-saml": "kiro:okta:SamlApp",
            "kiro-oidc-group-Kiro-Users": "kiro:okta:Assignments",
            "kiro-oidc-group-Kiro-Admins": "kiro:okta:Assignments",
            "kiro-saml-group-Kiro-Users": "kiro:okta:Assignments",
            "kiro-saml-group-Kiro-Admins": "kiro:okta:Assignments",
        });
        expect(ofType(run, T.record)).toHaveLength(0);
        expect(ofType(run, T.pushGroup)).toHaveLength(0);
    });

    it("OIDC app: a native public client with PKCE and rotating refresh tokens, as the policy pack (with its own literals) requires", async () => {
        const app = one(run, T.oauth);
        for (const policy of [oidcAppIsNativePublicClient, redirectUrisAreLoopbackOrPrivateUse, refreshTokenRotation]) {
            expect(await violations(policy, { type: app.type, props: app.inputs, urn: app.urn }), policy.name).toEqual([]);
        }
        // Guide: "Kiro-OIDC", "check the Refresh Token checkbox"; the issuer mode and status never left to Okta.
        expect(app.inputs).toMatchObject({ label: "Kiro-OIDC", issuerMode: "ORG_URL", status: "ACTIVE" });
        expect(app.inputs.grantTypes).toContain("refresh_token");
    });

    it("OIDC app: every redirect URI of Kiro's current guide, 3128 first (the port Kiro's CLI tries first), 2128 kept, no duplicates", () => {
        const uris = one(run, T.oauth).inputs.redirectUris as string[];
        const guide = [...GUIDE_PORTS, FIRST_REVISION_PORT].map((p) => `http://localhost:${p}/oauth/callback`);
        expect(uris[0]).toBe("http://localhost:3128/oauth/callback");
        for (const uri of [...guide, GUIDE_PRIVATE_USE_URI]) expect(uris).toContain(uri);
        expect(new Set(uris).size).toBe(uris.length);
    });

    it("authorization server: name, description, one audience, explicit issuer mode", () => {
        expect(one(run, T.server).inputs).toEqual({
            name: "Kiro",
            description: "Issues the codewhisperer scopes Kiro clients request (managed by Pulumi)",
            audiences: ["api://kiro"],
            issuerMode: "ORG_URL",
            status: "ACTIVE",
            credentialsRotationMode: "AUTO",
        });
    });

    it("scopes: both codewhisperer scopes on the server, implicit consent, published in discovery", () => {
        const scopes = ofType(run, T.scope).map((s) => s.inputs);
        expect(scopes.map((s) => s.name).sort()).toEqual(["codewhisperer:completions", "codewhisperer:conversations"]);
        for (const scope of scopes) {
            expect(scope).toMatchObject({
                authServerId: "kiro-auth-id",
                consent: "IMPLICIT",
                metadataPublish: "ALL_CLIENTS",
                default: false,
                optional: false,
            });
        }
    });

    it("access policy: assigned to the Kiro OIDC app's client only, priority 1", () => {
        expect(one(run, T.policy).inputs).toMatchObject({
            authServerId: "kiro-auth-id",
            clientWhitelists: ["kiro-oidc-client-id"],
            priority: 1,
            status: "ACTIVE",
        });
        expect(one(run, T.policy).inputs.description).toBeTruthy();
    });

    it("rule: exactly the two Kiro scopes + offline_access, authorization code, console defaults, priority 1", () => {
        expect(one(run, T.rule).inputs).toEqual({
            authServerId: "kiro-auth-id",
            policyId: "kiro-auth-policy-id",
            name: "Kiro scopes",
            priority: 1,
            status: "ACTIVE",
            type: "RESOURCE_ACCESS",
            grantTypeWhitelists: ["authorization_code"],
            scopeWhitelists: ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"],
            groupWhitelists: ["EVERYONE"],
            accessTokenLifetimeMinutes: 60,
            refreshTokenLifetimeMinutes: 0,
            refreshTokenWindowMinutes: 10080,
        });
    });

    it("the rule waits for both scopes and the policy", () => {
        const rule = one(run, T.rule);
        for (const dep of [...ofType(run, T.scope), one(run, T.policy)]) expect(rule.dependencies).toContain(dep.urn);
    });

    it("SAML app: the guide's SSO URL and audience, every defaulted field explicit, push status left to the admin", () => {
        const saml = one(run, T.saml);
        expect(saml.inputs).toMatchObject({
            label: "Kiro-SAML",
            ssoUrl: "https://okta.com",
            recipient: "https://okta.com",
            destination: "https://okta.com",
            audience: "kiro",
            status: "ACTIVE",
            samlVersion: "2.0",
            subjectNameIdTemplate: "${user.userName}",
            responseSigned: true,
            assertionSigned: true,
            signatureAlgorithm: "RSA_SHA256",
            digestAlgorithm: "SHA256",
            hideWeb: true,
            hideIos: true,
        });
        // Provisioning is the admin's: the stack never writes features or the push status.
        expect(saml.inputs).not.toHaveProperty("features");
        expect(saml.ignoreChanges).toEqual(["userNameTemplatePushStatus"]);
    });

    it("the same groups on both apps, one resource per pair, priorities from 1 (the provider never sends 0)", () => {
        const pairs = ofType(run, T.groupAssignment).map((a) => `${a.inputs.appId} ${a.inputs.groupId} ${a.inputs.priority}`);
        expect(pairs.sort()).toEqual([
            "kiro-oidc-id 00g-admins 2",
            "kiro-oidc-id 00g-users 1",
            "kiro-saml-id 00g-admins 2",
            "kiro-saml-id 00g-users 1",
        ]);
        expect(ofType(run, T.userAssignment)).toHaveLength(0);
        expect(ofType(run, "okta:index/appGroupAssignments:AppGroupAssignments")).toHaveLength(0);
    });

    it("protects the OIDC app and the authorization server by default, nothing else", () => {
        expect(
            run.resources
                .filter((r) => r.protect)
                .map((r) => r.type)
                .sort(),
        ).toEqual([T.oauth, T.server]);
    });

    it("outputs: what the Kiro profile takes, the IDs, the runbook and next steps; no record yet", () => {
        expect(Object.keys(run.outputs).sort()).toEqual(OUTPUT_KEYS);
        expect(run.outputs).toMatchObject({
            issuerMetadataUrl: "https://acme.okta.com/oauth2/kiro-auth-id/.well-known/openid-configuration",
            clientId: "kiro-oidc-client-id",
            authServerId: "kiro-auth-id",
            oidcAppId: "kiro-oidc-id",
            samlAppId: "kiro-saml-id",
            phase: 1,
            domainVerificationRecord: undefined,
        });
        expect(run.outputs.scimRunbook).toContain("SCIM connector base URL: (not configured yet");
        expect(run.outputs.scimRunbook).toContain(
            "Open: https://acme-admin.okta.com/admin/app/acme_kirosaml_1/instance/kiro-saml-id/#tab-general",
        );
        expect((run.outputs.nextSteps as string[])[0]).toContain(
            "Issuer URL = https://acme.okta.com/oauth2/kiro-auth-id/.well-known/openid-configuration, Application Id = kiro-oidc-client-id.",
        );
    });

    it("looks nothing up in Route53 before the verification token is known", () => {
        expect(run.invokes.map((i) => i.token).filter((t) => t.startsWith("aws:"))).toEqual([]);
    });
});

describe("configurable values", () => {
    it("labels, ports, extra URIs, server and SAML settings and users come from config", async () => {
        const run = succeeded(
            await runKiro({
                config: {
                    ...PHASE1,
                    oidcAppLabel: "Kiro sign-in",
                    samlAppLabel: "Kiro SCIM",
                    redirectPorts: [3128, 4649],
                    extraRedirectUris: [],
                    authServerName: "kiro-prod",
                    authServerDescription: "Kiro (prod)",
                    authServerAudience: "api://kiro-prod",
                    samlSsoUrl: "https://kiro.example.com/sso",
                    samlAudience: "urn:kiro",
                    assignUsers: ["ada@example.com"],
                    protect: false,
                },
            }),
        );
        expect(one(run, T.oauth).inputs).toMatchObject({
            label: "Kiro sign-in",
            redirectUris: ["http://localhost:3128/oauth/callback", "http://localhost:4649/oauth/callback"],
        });
        expect(one(run, T.server).inputs).toMatchObject({ name: "kiro-prod", description: "Kiro (prod)", audiences: ["api://kiro-prod"] });
        expect(one(run, T.saml).inputs).toMatchObject({ label: "Kiro SCIM", ssoUrl: "https://kiro.example.com/sso", audience: "urn:kiro" });
        expect(
            ofType(run, T.userAssignment)
                .map((u) => `${u.inputs.appId} ${u.inputs.userId}`)
                .sort(),
        ).toEqual(["kiro-oidc-id 00u-ada", "kiro-saml-id 00u-ada"]);
        expect(run.resources.filter((r) => r.protect)).toEqual([]);
    });
});

describe("what the real Okta provider requires (terraform-provider-okta v6.12.0)", () => {
    it("each assigned user carries the username Okta has for the login: resource_okta_app_user.go Create (~100-111) refuses an app user without one", async () => {
        // The config's login in another case: Okta's `eq` search ignores case; the username is Okta's login.
        const run = succeeded(
            await runKiro({
                config: { ...PHASE1, assignUsers: ["ADA@example.com"] },
                okta: { groups: DEFAULT_OKTA.groups, users: [{ id: "00u-ada", login: "ada@example.com" }] },
            }),
        );
        expect(ofType(run, T.userAssignment).map((u) => [u.name, u.inputs.appId, u.inputs.username])).toEqual([
            ["kiro-oidc-user-ADA_40example.com", "kiro-oidc-id", "ada@example.com"],
            ["kiro-saml-user-ADA_40example.com", "kiro-saml-id", "ada@example.com"],
        ]);
    });

    it("user lookups skip roles and groups: data_source_okta_user.go (~138-159) lists admin roles otherwise, a 403 for a service app without okta.roles.read", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE1, assignUsers: ["ada@example.com"] } }));
        const lookups = run.invokes.filter((i) => i.token === "okta:user/getUser:getUser");
        expect(lookups).toHaveLength(1);
        expect(lookups[0].inputs).toMatchObject({ skipRoles: true, skipGroups: true });
    });
});

describe("group and user lookups fail the run before anything is registered", () => {
    it("a name that only matches another group by prefix", async () => {
        const run = await runKiro({
            config: { ...PHASE1, assignGroups: ["Kiro"] },
            okta: { groups: [{ id: "00g-1", name: "Kiro-Users" }], users: [] },
        });
        expect(run.error?.message).toBe(
            'Okta lookups failed:\n  - assignGroups: no Okta group is named exactly "Kiro" (the lookup matched "Kiro-Users"); expected the exact name of an existing group',
        );
        onlyTheComponent(run);
    });

    it("a token the org refuses is one problem naming okta:apiToken, not a missing group or user", async () => {
        const run = await runKiro({
            config: { ...PHASE1, assignGroups: ["Kiro-Users", "Kiro-Admins"], assignUsers: ["ada@example.com"] },
            okta: { ...DEFAULT_OKTA, configureError: "[ERROR] failed validate configuration: error with v3 SDK client: 401 Unauthorized" },
            reader: "stack",
        });
        expect(run.error?.message).toBe(
            "okta:apiToken: https://acme.okta.com refused the Okta provider's credential (401 Unauthorized); expected a valid API token of an admin of that org: `pulumi config set --secret okta:apiToken <token>` (or, for a service app, okta:clientId with its private key)",
        );
        onlyTheComponent(run);
    });

    it("groups and users that do not exist, all reported together", async () => {
        const run = await runKiro({ config: { ...PHASE1, assignGroups: ["Kiro-Users", "Nope"], assignUsers: ["ghost@example.com"] } });
        expect(run.error?.message).toBe(
            [
                "Okta lookups failed:",
                '  - assignGroups: Okta group "Nope" was not found (group with name "Nope" does not exist); expected the exact name of an existing group',
                '  - assignUsers: Okta user "ghost@example.com" was not found (no users found using search criteria); expected the login of an existing user',
            ].join("\n"),
        );
        onlyTheComponent(run);
    });
});

describe("lookupReason", () => {
    it.each([
        [
            new Error("Invoke of 'okta:group/getGroup:getGroup' failed: group with name \"X\" does not exist ()"),
            ' (group with name "X" does not exist ())',
        ],
        [new Error("\n  rpc error: 401 Unauthorized\nmore"), " (rpc error: 401 Unauthorized)"],
        [new Error(""), ""],
    ])("%s", (error, reason) => expect(lookupReason(error)).toBe(reason));
});

describe("phase 2: domain verification and SCIM values", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = succeeded(await runKiro({ config: PHASE2 }));
    });

    it("a TXT record with the token in the public zone found from the domain", () => {
        const record = one(run, T.record);
        expect(record.parentType).toBe("kiro:aws:DomainVerification");
        expect(record.inputs).toEqual({
            zoneId: "ZPUBLIC123",
            name: "example.com",
            type: "TXT",
            ttl: 300,
            records: ["kiro-verification=abc123"],
            allowOverwrite: true,
        });
        // A set the stack owns alone is deleted with the stack.
        expect(record.retainOnDelete).toBe(false);
        expect(run.outputs.domainVerificationRecord).toEqual({
            name: "example.com",
            zoneId: "ZPUBLIC123",
            type: "TXT",
            values: ["kiro-verification=abc123"],
        });
        expect(run.outputs.phase).toBe(2);
    });

    it("the runbook carries the SCIM endpoint, never the token", () => {
        expect(run.outputs.scimRunbook).toContain("SCIM connector base URL: https://scim.us-east-1.amazonaws.com/abcd/scim/v2/");
        expect(run.outputs.scimRunbook).toContain("Authorization: the token given as the scimToken argument (it is in no output)");
    });

    it("the SCIM token appears in no output and no resource input", () => {
        expect(JSON.stringify(run.outputs)).not.toContain(SCIM_TOKEN);
        expect(JSON.stringify(run.resources)).not.toContain(SCIM_TOKEN);
        expect(run.secretOutputs).toEqual([]);
    });

    it("next steps: wait for verification, follow the runbook", () => {
        expect(run.outputs.nextSteps).toContain(
            'Wait for the domain example.com to show "Verified" in the Kiro console (TXT record example.com).',
        );
    });
});

describe("TXT record: an existing set at the name is kept intact", () => {
    const SPF = "v=spf1 include:_spf.google.com ~all";
    const GOOGLE = "google-site-verification=xyz";
    const existing = (values: string[]) => ({
        ...DEFAULT_ROUTE53,
        recordSets: [
            { zoneId: "ZPUBLIC123", name: "example.com.", type: "TXT", ttl: 3600, values },
            { zoneId: "ZPUBLIC123", name: "www.example.com.", type: "TXT", ttl: 60, values: ['"unrelated"'] },
            { zoneId: "ZPUBLIC123", name: "example.com.", type: "MX", ttl: 60, values: ["10 mx.example.com."] },
        ],
    });

    it("on create: the token joins the SPF and other values, with their TTL, and destroy leaves the set", async () => {
        const run = succeeded(await runKiro({ config: PHASE2, route53: existing([`"${SPF}"`, `"${GOOGLE}"`]) }));
        const record = one(run, T.record);
        expect(record.inputs.records).toEqual([SPF, GOOGLE, "kiro-verification=abc123"]);
        expect(record.inputs.ttl).toBe(3600);
        expect(record.retainOnDelete).toBe(true);
    });

    it("on the next run: the set read back (token included) produces the same record", async () => {
        const first = succeeded(await runKiro({ config: PHASE2, route53: existing([`"${SPF}"`]) }));
        const written = one(first, T.record).inputs.records as string[];
        const again = succeeded(await runKiro({ config: PHASE2, route53: existing(written.map((v) => `"${v}"`)) }));
        expect(one(again, T.record).inputs).toEqual(one(first, T.record).inputs);
        expect(one(again, T.record).retainOnDelete).toBe(true);
    });

    it("long values split by Route53 are written back in the provider's form", async () => {
        const run = succeeded(await runKiro({ config: PHASE2, route53: existing(['"v=DKIM1; p=abc" "def"']) }));
        expect(one(run, T.record).inputs.records).toEqual(['v=DKIM1; p=abc""def', "kiro-verification=abc123"]);
    });

    it("a custom record name and a given zone are used as they are", async () => {
        const run = succeeded(
            await runKiro({
                config: { ...PHASE2, verificationRecordName: "_kiro.example.com", hostedZoneId: "ZGIVEN1" },
            }),
        );
        expect(one(run, T.record).inputs).toMatchObject({ zoneId: "ZGIVEN1", name: "_kiro.example.com" });
        expect(run.invokes.map((i) => i.token)).not.toContain("aws:route53/getZone:getZone");
    });

    it("a subdomain's record goes in its parent's public zone", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE2, domain: "eng.example.com" } }));
        expect(one(run, T.record).inputs).toMatchObject({ zoneId: "ZPUBLIC123", name: "eng.example.com" });
    });

    it("a zone lookup that fails for another reason (access denied) says so, not that there is no zone", async () => {
        const world = fakeWorld();
        const denied = {
            ...world,
            call: (token: string, inputs: Record<string, any>) => {
                if (token === "aws:route53/getZone:getZone")
                    throw invokeError("operation error Route 53: ListHostedZonesByName, AccessDenied: not authorized");
                return world.call(token, inputs);
            },
        };
        const run = await runKiro({ config: PHASE2, world: denied });
        expect(run.error?.message).toContain("domain: looking up the Route53 hosted zone example.com failed (");
        expect(run.error?.message).toContain(
            "AccessDenied: not authorized); expected AWS credentials allowed to route53:ListHostedZones, route53:GetHostedZone and route53:ListTagsForResource (or set hostedZoneId)",
        );
        expect(run.error?.message).not.toContain("no public Route53 hosted zone");
        onlyTheComponent(run);
    });

    it("no public zone: a clear error and nothing registered", async () => {
        const run = await runKiro({ config: { ...PHASE2, domain: "other.org" } });
        expect(run.error?.message).toBe(
            'domain: no public Route53 hosted zone found for "other.org" or its parent domains; expected a public hosted zone in this AWS account, or set hostedZoneId to the zone\'s ID (Z...)',
        );
        onlyTheComponent(run);
    });
});

describe("phase 3: group push", () => {
    it("pushes the configured push groups, not the assigned ones, after every SCIM app assignment; keeps them in Kiro on destroy", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE3, assignUsers: ["ada@example.com"] } }));
        const push = one(run, T.pushGroup);
        expect(push.name).toBe("kiro-push-Kiro-Push");
        expect(push.parentType).toBe("kiro:okta:GroupPush");
        expect(push.inputs).toEqual({
            appId: "kiro-saml-id",
            sourceGroupId: "00g-push",
            status: "ACTIVE",
            deleteTargetGroupOnDestroy: false,
        });
        // Only members assigned to the SCIM app are pushed: the push waits for all of its assignments.
        const waitsFor = push.dependencies
            .map((urn) => run.resources.find((r) => r.urn === urn)!)
            .filter((r) => r.type === T.groupAssignment || r.type === T.userAssignment);
        expect(waitsFor.map((a) => a.name).sort()).toEqual([
            "kiro-saml-group-Kiro-Admins",
            "kiro-saml-group-Kiro-Users",
            "kiro-saml-user-ada_40example.com",
        ]);
        expect(run.outputs.phase).toBe(3);
        expect(run.outputs.scimRunbook).toContain("Push Groups: done by the KiroOkta component (Kiro-Push)");
        expect(run.outputs.nextSteps).toContain(
            "Pushed to Kiro by the KiroOkta component: Kiro-Push (members are pushed only while assigned to the SCIM app).",
        );
    });

    it("deletes them in Kiro on destroy only when configured to", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE3, deletePushedGroupsOnDestroy: true } }));
        expect(ofType(run, T.pushGroup).every((p) => p.inputs.deleteTargetGroupOnDestroy === true)).toBe(true);
    });

    it("push groups are looked up like assigned groups: exact names, every problem at once, nothing registered", async () => {
        const run = await runKiro({
            config: { ...PHASE3, assignGroups: ["Kiro-Users", "Nope"], pushGroups: ["Engin", "Gone"] },
        });
        expect(run.error?.message).toBe(
            [
                "Okta lookups failed:",
                '  - assignGroups: Okta group "Nope" was not found (group with name "Nope" does not exist); expected the exact name of an existing group',
                '  - pushGroups: no Okta group is named exactly "Engin" (the lookup matched "Engineering"); expected the exact name of an existing group',
                '  - pushGroups: Okta group "Gone" was not found (group with name "Gone" does not exist); expected the exact name of an existing group',
            ].join("\n"),
        );
        onlyTheComponent(run);
    });

    it("a push group that is also assigned fails before any lookup, quoting Okta's rule", async () => {
        const run = await runKiro({ config: { ...PHASE3, pushGroups: ["Kiro-Users"] } });
        expect(run.error?.name).toBe("ConfigError");
        expect(run.error?.message).toContain(
            'pushGroups[0]: lists "Kiro-Users", which assignGroups also lists; Okta\'s Group Push documentation',
        );
        expect(run.invokes).toEqual([]);
        expect(run.resources).toEqual([]);
    });

    it("the old `pushGroups: true` fails with the list form explained", async () => {
        const run = await runKiro({ config: { ...PHASE2, pushGroups: true } });
        expect(run.error?.message).toContain(
            "pushGroups: is true, the old on/off form; expected a list of the Okta groups to push to Kiro",
        );
        expect(run.resources).toEqual([]);
    });

    it("an empty list is phase 2: nothing pushed", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE2, pushGroups: [] } }));
        expect(ofType(run, T.pushGroup)).toEqual([]);
        expect(run.outputs.phase).toBe(2);
    });
});

describe("scimApp: catalog, the AWS IAM Identity Center app of Kiro's current guide", () => {
    let run: ProgramRun;
    beforeAll(async () => {
        run = succeeded(
            await runKiro({
                config: { ...PHASE3, scimApp: "catalog", samlAppLabel: "Kiro-SCIM", assignUsers: ["ada@example.com"] },
            }),
        );
    });

    it("creates the catalog app, hidden from users, instead of the custom SAML app", () => {
        const app = one(run, T.saml);
        expect(app.name).toBe("kiro-scim");
        expect(app.parentType).toBe("kiro:okta:IdentityCenterApp");
        expect(app.inputs).toEqual({
            label: "Kiro-SCIM",
            preconfiguredApp: "amazon_aws_sso",
            status: "ACTIVE",
            hideWeb: true,
            hideIos: true,
        });
        expect(run.resources.filter((r) => r.type === "kiro:okta:SamlApp")).toEqual([]);
    });

    it("never writes what Okta or the admin owns on a catalog app, and ignores it in diffs", () => {
        const app = one(run, T.saml);
        expect(app.ignoreChanges.sort()).toEqual(Object.keys(IDENTITY_CENTER_IGNORED_FIELDS).sort());
        for (const field of [
            "ssoUrl",
            "audience",
            "subjectNameIdTemplate",
            "signatureAlgorithm",
            "appSettingsJson",
            "userNameTemplate",
            "userNameTemplatePushStatus",
            "appLinksJson",
        ]) {
            expect(app.ignoreChanges).toContain(field);
            expect(app.inputs).not.toHaveProperty(field);
        }
        expect(app.inputs).not.toHaveProperty("features");
        for (const reason of Object.values(IDENTITY_CENTER_IGNORED_FIELDS)) expect(reason.length).toBeGreaterThan(10);
    });

    it("the assignments and the push follow the catalog app", () => {
        const pairs = [...ofType(run, T.groupAssignment), ...ofType(run, T.userAssignment)].map((a) => `${a.name} ${a.inputs.appId}`);
        expect(pairs.sort()).toEqual([
            "kiro-oidc-group-Kiro-Admins kiro-oidc-id",
            "kiro-oidc-group-Kiro-Users kiro-oidc-id",
            "kiro-oidc-user-ada_40example.com kiro-oidc-id",
            "kiro-scim-group-Kiro-Admins kiro-scim-id",
            "kiro-scim-group-Kiro-Users kiro-scim-id",
            "kiro-scim-user-ada_40example.com kiro-scim-id",
        ]);
        expect(one(run, T.pushGroup).inputs.appId).toBe("kiro-scim-id");
        expect(run.outputs.samlAppId).toBe("kiro-scim-id");
    });

    it("the runbook gives the catalog app's steps, with the admin console link", () => {
        expect(run.outputs.scimRunbook).toContain('SCIM provisioning for "Kiro-SCIM" (AWS IAM Identity Center catalog app');
        expect(run.outputs.scimRunbook).toContain(
            "Open: https://acme-admin.okta.com/admin/app/amazon_aws_sso/instance/kiro-scim-id/#tab-general",
        );
        expect(run.outputs.scimRunbook).toContain("Base URL: https://scim.us-east-1.amazonaws.com/abcd/scim/v2 (without a trailing /");
        expect(JSON.stringify(run.outputs)).not.toContain(SCIM_TOKEN);
    });
});

describe("names for every group and user", () => {
    const okta = {
        groups: [
            { id: "00g-dev", name: "開発チーム" },
            { id: "00g-sales", name: "営業チーム" },
            { id: "00g-cpp", name: "C++ Developers" },
            { id: "00g-cs", name: "C# Developers" },
            { id: "00g-ku", name: "Kiro Users" },
            { id: "00g-ku2", name: "kiro-users" },
        ],
        users: [],
    };

    it("two Japanese group names give two assignments per app; punctuation and case keep groups apart", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE1, assignGroups: okta.groups.map((g) => g.name) }, okta }));
        const assignments = ofType(run, T.groupAssignment);
        expect(assignments).toHaveLength(12);
        expect(new Set(assignments.map((a) => a.urn)).size).toBe(12);
        for (const app of ["kiro-oidc-id", "kiro-saml-id"]) {
            expect(
                assignments
                    .filter((a) => a.inputs.appId === app)
                    .map((a) => a.inputs.groupId)
                    .sort(),
            ).toEqual(okta.groups.map((g) => g.id).sort());
        }
        expect(assignments.map((a) => a.name)).toContain("kiro-oidc-group-C_2b_2b_20Developers");
        expect(assignments.map((a) => a.name)).toContain("kiro-oidc-group-kiro-users");
    });
});

describe("deploy order", () => {
    it("the longest wait chain is 3: server, scope, rule (apps, assignments and pushes are no longer)", async () => {
        const run = succeeded(await runKiro({ config: PHASE3 }));
        const chain = criticalPath(run.resources).map((urn) => run.resources.find((r) => r.urn === urn)!.type);
        expect(chain).toHaveLength(3);
        expect(chain.at(-1)).toBe(T.rule);
    });
});

describe("KiroOkta as a component", () => {
    it("bad args fail in the constructor, before anything is registered, naming its arguments (any language), never `pulumi config`", async () => {
        const run = await runKiro({
            config: { assignGroups: [], redirectPorts: [0], oktaOrgName: "https://acme.okta.com", oktaBaseUrl: "https://okta.com" },
        });
        expect(run.error?.name).toBe("ConfigError");
        expect((run.error as unknown as { problems: string[] }).problems).toEqual([
            "assignGroups: is empty; expected at least one Okta group name",
            "redirectPorts[0]: 0 is out of range; expected an integer from 1 to 65535",
            'oktaOrgName: "https://acme.okta.com" is a URL, not an org name; expected the org\'s name alone: set the oktaOrgName argument to acme and set the oktaBaseUrl argument to okta.com',
            'oktaBaseUrl: "https://okta.com" is not a domain; expected the org\'s domain without the org name or https://, such as okta.com, oktapreview.com or okta-emea.com',
        ]);
        expect(run.error?.message).toMatch(/^KiroOkta: the arguments are invalid \(4 problems\):/);
        expect(run.error?.message).not.toContain("pulumi config");
        await expect(`${run.error?.message}\n`).toMatchFileSnapshot("golden/component-invalid-arguments.txt");
        expect(run.resources).toEqual([]);
        expect(run.invokes).toEqual([]);
    });

    it("takes the SCIM token as a secret Output, as other languages pass it, and puts it nowhere", async () => {
        const run = succeeded(
            await runKiro({
                config: {},
                build: () => exportsOf(new KiroOkta("kiro", { ...argsFromConfig(PHASE2), scimToken: pulumi.secret(SCIM_TOKEN) })),
            }),
        );
        expect(run.outputs.phase).toBe(2);
        expect(run.outputs.scimRunbook).toContain("the token given as the scimToken argument");
        expect(JSON.stringify(run.resources)).not.toContain(SCIM_TOKEN);
    });

    it("by default protects only the OIDC app and the authorization server; protect: false, none", async () => {
        const protectedTypes = (run: ProgramRun) =>
            run.resources
                .filter((r) => r.protect)
                .map((r) => r.type)
                .sort();
        expect(protectedTypes(succeeded(await runKiro({ config: PHASE3 })))).toEqual([T.oauth, T.server]);
        expect(protectedTypes(succeeded(await runKiro({ config: { ...PHASE3, protect: false } })))).toEqual([]);
    });

    it("protect in the component's resource options protects it and everything under it", async () => {
        const run = succeeded(await runKiro({ config: { ...PHASE3, protect: false }, opts: { protect: true } }));
        expect(run.resources.filter((r) => !r.protect).map((r) => r.name)).toEqual([]);
    });

    it("its children are named after the instance, so any name works and two never clash", async () => {
        const run = succeeded(await runKiro({ config: PHASE3, name: "acme-prod" }));
        for (const r of run.resources) expect(r.name.startsWith("acme-prod"), r.name).toBe(true);
        expect(run.outputs.clientId).toBe("acme-prod-oidc-client-id");
    });
});
