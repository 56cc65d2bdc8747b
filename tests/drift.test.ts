import { describe, expect, it } from "vitest";
import { driftedResources, driftSummary, explainFailure, type PreviewDigest } from "../commands/drift/report";
import { PHASE1, PHASE2, PHASE2_SECRETS, PHASE3, type ProgramRun, type Registered, runProgram } from "./support/harness";

/**
 * Every field docs/okta-behaviour.md lists as defaulted by Okta or the provider, or renumbered by Okta,
 * with where it comes from. Each must be set by the stack, or ignored for the reason given.
 */
const EXPLICIT: Record<string, { fields: string[]; why: string }> = {
    "okta:app/oAuth:OAuth": {
        fields: [
            "tokenEndpointAuthMethod",
            "pkceRequired",
            "refreshTokenRotation",
            "refreshTokenLeeway",
            "issuerMode",
            "status",
            "redirectUris",
            "grantTypes",
            "responseTypes",
        ],
        why: "docs/okta-behaviour.md: OIDC app (auth method defaults to client_secret_basic, rotation to STATIC, issuer mode changes with a custom domain)",
    },
    "okta:auth/server:Server": {
        fields: ["audiences", "issuerMode", "status", "credentialsRotationMode"],
        why: "docs/okta-behaviour.md: authorization server",
    },
    "okta:auth/serverScope:ServerScope": {
        fields: ["consent", "metadataPublish", "default", "optional"],
        why: "docs/okta-behaviour.md: scopes (consent, discovery)",
    },
    "okta:auth/serverPolicy:ServerPolicy": {
        fields: ["description", "priority", "status"],
        why: "docs/okta-behaviour.md: policies are renumbered (#2305, #2953)",
    },
    "okta:auth/serverPolicyRule:ServerPolicyRule": {
        fields: [
            "priority",
            "status",
            "type",
            "grantTypeWhitelists",
            "groupWhitelists",
            "accessTokenLifetimeMinutes",
            "refreshTokenLifetimeMinutes",
            "refreshTokenWindowMinutes",
        ],
        why: "docs/okta-behaviour.md: rules are renumbered; console defaults for lifetimes",
    },
    "okta:app/groupAssignment:GroupAssignment": {
        fields: ["priority"],
        why: "docs/okta-behaviour.md: an omitted (or 0) priority is never sent and reads back as wherever Okta put the group",
    },
    "okta:app/saml:Saml": {
        fields: [
            "status",
            "samlVersion",
            "subjectNameIdTemplate",
            "subjectNameIdFormat",
            "responseSigned",
            "assertionSigned",
            "signatureAlgorithm",
            "digestAlgorithm",
            "honorForceAuthn",
            "authnContextClassRef",
        ],
        why: "docs/okta-behaviour.md: an update once reset SCIM (#655): nothing may drift into an update",
    },
    "okta:index/pushGroup:PushGroup": {
        fields: ["status", "deleteTargetGroupOnDestroy"],
        why: "docs/okta-behaviour.md: deleteTargetGroupOnDestroy defaults to true",
    },
    "aws:route53/record:Record": { fields: ["ttl", "records", "allowOverwrite"], why: "the merged set, with the existing TTL" },
};

/** Ignored rather than set, and why (also in a comment beside the ignoreChanges). */
const IGNORED: Record<string, string[]> = { "okta:app/saml:Saml": ["userNameTemplatePushStatus"] };

async function run(config: Record<string, unknown>): Promise<ProgramRun> {
    const result = await runProgram({ config, secretKeys: PHASE2_SECRETS });
    if (result.error) throw result.error;
    return result;
}

describe("drift-proofing", () => {
    it.each([
        ["phase 1", PHASE1],
        ["phase 2", PHASE2],
        ["phase 3", PHASE3],
        ["phase 3, catalog SCIM app", { ...PHASE3, scimApp: "catalog" }],
    ])("%s: two runs of the program register identical resources, inputs and options", async (_, config) => {
        const key = (r: Registered) => ({
            type: r.type,
            name: r.name,
            inputs: r.inputs,
            protect: r.protect,
            retainOnDelete: r.retainOnDelete,
            ignoreChanges: r.ignoreChanges,
            parentType: r.parentType,
        });
        const order = (rs: Registered[]) => rs.map(key).sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
        const [a, b] = [await run(config), await run(config)];
        expect(order(b.resources)).toEqual(order(a.resources));
        expect(b.outputs).toEqual(a.outputs);
    });

    it("every field Okta defaults or renumbers is set explicitly, or ignored for a stated reason", async () => {
        const resources = (await run(PHASE3)).resources;
        for (const [type, { fields }] of Object.entries(EXPLICIT)) {
            const ofType = resources.filter((r) => r.type === type);
            expect(ofType.length, `${type} registered`).toBeGreaterThan(0);
            for (const r of ofType) {
                for (const field of fields) expect(r.inputs[field], `${r.name}.${field}`).not.toBeUndefined();
            }
        }
        for (const [type, fields] of Object.entries(IGNORED)) {
            for (const r of resources.filter((x) => x.type === type)) expect(r.ignoreChanges).toEqual(fields);
        }
    });

    it("catalog SCIM app: every field the provider reads back from Okta is either set or ignored, so Okta's catalog values never show as drift", async () => {
        // resource_okta_app_saml.go (resourceAppSamlRead, setSamlSettings, setAppSettings) and app.go (appRead).
        const READ_BACK = [
            "label",
            "status",
            "hideIos",
            "hideWeb",
            "autoSubmitToolbar",
            "accessibilitySelfService",
            "appLinksJson",
            "appSettingsJson",
            "ssoUrl",
            "recipient",
            "destination",
            "audience",
            "idpIssuer",
            "subjectNameIdTemplate",
            "subjectNameIdFormat",
            "responseSigned",
            "assertionSigned",
            "signatureAlgorithm",
            "digestAlgorithm",
            "honorForceAuthn",
            "authnContextClassRef",
            "samlSignedRequestEnabled",
            "defaultRelayState",
            "attributeStatements",
            "acsEndpoints",
            "userNameTemplate",
            "userNameTemplateType",
            "userNameTemplateSuffix",
            "userNameTemplatePushStatus",
            "preconfiguredApp",
        ];
        // Read back, but Okta's values equal the provider's schema defaults for an unset field.
        const DEFAULTED = ["autoSubmitToolbar", "accessibilitySelfService"];
        const app = (await run({ ...PHASE3, scimApp: "catalog" })).resources.find((r) => r.type === "okta:app/saml:Saml")!;
        for (const field of READ_BACK) {
            if (DEFAULTED.includes(field)) continue;
            expect(app.inputs[field] !== undefined || app.ignoreChanges.includes(field), `${field} neither set nor ignored`).toBe(true);
            expect(app.inputs[field] !== undefined && app.ignoreChanges.includes(field), `${field} both set and ignored`).toBe(false);
        }
    });

    it("priorities are contiguous from 1: policies per server, rules per policy, group assignments per app", async () => {
        const resources = (await run(PHASE3)).resources;
        const priorities = (type: string, by: string) => {
            const groups = new Map<string, number[]>();
            for (const r of resources.filter((x) => x.type === type))
                groups.set(r.inputs[by], [...(groups.get(r.inputs[by]) ?? []), r.inputs.priority]);
            return [...groups.values()].map((p) => p.sort((a, b) => a - b));
        };
        for (const p of priorities("okta:auth/serverPolicy:ServerPolicy", "authServerId")) expect(p).toEqual(p.map((_, i) => i + 1));
        for (const p of priorities("okta:auth/serverPolicyRule:ServerPolicyRule", "policyId")) expect(p).toEqual(p.map((_, i) => i + 1));
        for (const p of priorities("okta:app/groupAssignment:GroupAssignment", "appId")) expect(p).toEqual(p.map((_, i) => i + 1));
    });
});

describe("drift summary (the scheduled check's job summary)", () => {
    const digest: PreviewDigest = {
        steps: [
            { op: "same", urn: "urn:pulumi:dev::kiro-okta::pulumi:pulumi:Stack::kiro-okta-dev" },
            { op: "refresh", urn: "urn:pulumi:dev::kiro-okta::kiro:okta:SamlApp$okta:app/saml:Saml::kiro-saml" },
            {
                op: "update",
                urn: "urn:pulumi:dev::kiro-okta::kiro:okta:OidcApp$okta:app/oAuth:OAuth::kiro-oidc",
                diffReasons: ["redirectUris"],
                detailedDiff: { "redirectUris[0]": { kind: "update", inputDiff: false } },
            },
            {
                op: "create",
                urn: "urn:pulumi:dev::kiro-okta::kiro:okta:Assignments$okta:app/groupAssignment:GroupAssignment::kiro-saml-group-kiro-users",
            },
        ],
        changeSummary: { same: 12, update: 1, create: 1 },
    };

    it("names each drifted resource, what `up` would do and which properties", () => {
        expect(driftedResources(digest)).toEqual([
            { type: "okta:app/oAuth:OAuth", name: "kiro-oidc", op: "update", properties: ["redirectUris", "redirectUris[0]"] },
            { type: "okta:app/groupAssignment:GroupAssignment", name: "kiro-saml-group-kiro-users", op: "create", properties: [] },
        ]);
        const md = driftSummary("dev", 7, digest);
        expect(md).toContain("## Drift check for `dev`: 2 resources drifted");
        expect(md).toContain("| `okta:app/oAuth:OAuth` | `kiro-oidc` | update | `redirectUris`, `redirectUris[0]` |");
        expect(md).toContain("| `okta:app/groupAssignment:GroupAssignment` | `kiro-saml-group-kiro-users` | create | - |");
        expect(md).toContain("Re-apply the code with `pulumi up --refresh`");
    });

    it("says so when nothing drifted", () => {
        expect(driftSummary("dev", 0, { steps: [digest.steps![0]] })).toBe("## Drift check for `dev`: no drift\n");
    });

    it("a push deleted in the console: the refresh error is explained with the way out, not called a failed preview (resource_okta_push_group.go Read returns the 404)", () => {
        const urn =
            "urn:pulumi:dev::kiro-okta::kiro-okta:index:KiroOkta$kiro:okta:GroupPush$okta:index/pushGroup:PushGroup::kiro-push-Kiro-Push";
        const md = driftSummary("dev", 255, {
            diagnostics: [
                {
                    severity: "error",
                    message: `preview failed: refreshing ${urn}: Error reading Okta push group mapping : 404 Not Found: Not found: Resource not found: gPm1 (GroupPushMapping)\n`,
                },
            ],
        });
        expect(md).toContain("the refresh stopped on a known provider failure (exit 255)");
        expect(md).toContain(`\`pulumi state delete '${urn}'\``);
        expect(md).not.toContain("the preview failed");
    });

    it("a push in ERROR, and Okta refusing custom SAML apps (ADVANCED_SSO, resource_okta_app_saml.go): each explained", () => {
        expect(explainFailure("Group push mapping in disallowed status: The Okta API doesn't allow updating")).toContain(
            "retry or unlink the push",
        );
        expect(
            explainFailure(
                "creating urn:pulumi:dev::kiro-okta::kiro-okta:index:KiroOkta$kiro:okta:SamlApp$okta:app/saml:Saml::kiro-saml: the API returned an error: You do not have permission to access the feature you are requesting",
            ),
        ).toContain("ADVANCED_SSO feature: ask Okta support to enable it, or set `scimApp catalog`");
        expect(explainFailure("401 Unauthorized")).toBeUndefined();
    });

    it("a failed preview is not reported as drift", () => {
        const md = driftSummary("dev", 255, { diagnostics: [{ severity: "error", message: "401 Unauthorized\n" }] });
        expect(md).toBe("## Drift check for `dev`: the preview failed (exit 255)\n\n- 401 Unauthorized\n");
        expect(driftSummary("dev", 1, undefined)).toContain("See the job log.");
    });
});
