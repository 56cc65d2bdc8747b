import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scimProblems } from "../commands/verify/checks/scimUsers";
import { coversUser } from "../commands/verify/checks/tokens";
import { searchString } from "../commands/common/net/oktaRules";
import { oktaCallFor } from "../commands/common/net/permissions";
import { runVerify } from "../commands/verify/cli";
import { transcriptOf } from "../commands/docs/transcripts";
import { envName, inputsFromStack } from "../commands/verify/inputs";
import { retryAtFrom } from "../commands/common/net/retry";
import { kiroOrg, type OktaDoubleState, startOktaDouble } from "./support/oktaDouble";
import { startDnsServer, startOidcProvider, startScim } from "./support/verifyServers";

const OKTA_TOKEN = "00okta-api-token-never-printed";
const SCIM_TOKEN = "scim-token-never-printed";
const KIRO_TOKEN = "kiro-verification=abc123";
const SPF = "v=spf1 include:_spf.google.com ~all";

let oidc: Awaited<ReturnType<typeof startOidcProvider>>;
let dns: Awaited<ReturnType<typeof startDnsServer>>;
let scim: Awaited<ReturnType<typeof startScim>>;
const dnsRecords = new Map<string, string[]>();
const running: { close(): Promise<void> }[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-verify-"));

beforeAll(async () => {
    oidc = await startOidcProvider("aus1");
    dns = await startDnsServer(dnsRecords);
    scim = await startScim(SCIM_TOKEN);
    running.push(oidc, dns, scim);
});
afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    fs.rmSync(tmp, { recursive: true, force: true });
});

/** A clock verify and the Okta double share: waiting moves it on at once, so a 60 s reset costs no time. */
function virtualClock() {
    let t = Date.now();
    return { now: () => t, sleep: (ms: number) => Promise.resolve(void (t += ms)) };
}

interface Setup {
    okta?: OktaDoubleState;
    oktaUrl?: string;
    txt?: string[];
    config?: Record<string, string>;
    outputs?: Record<string, unknown>;
    args?: string[];
    env?: Record<string, string>;
    clock?: ReturnType<typeof virtualClock>;
}

let files = 0;
async function verify(setup: Setup = {}) {
    const double = setup.oktaUrl ? undefined : await startOktaDouble(setup.okta ?? kiroOrg(OKTA_TOKEN), setup.clock?.now);
    if (double) running.push(double);
    dnsRecords.set("example.com", setup.txt ?? [SPF, KIRO_TOKEN]);
    const outputs = {
        issuerMetadataUrl: oidc.metadataUrl,
        clientId: "0oa-oidc",
        authServerId: "aus1",
        oidcAppId: "0oa-oidc",
        samlAppId: "0oa-saml",
        phase: 3,
        domainVerificationRecord: { name: "example.com", zoneId: "ZPUBLIC123", type: "TXT", values: [SPF, KIRO_TOKEN] },
        ...setup.outputs,
    };
    const file = path.join(tmp, `outputs-${files++}.json`);
    fs.writeFileSync(file, JSON.stringify(outputs));
    const config = {
        assignGroups: '["Kiro-Users"]',
        pushGroups: '["Kiro-Push"]',
        domain: "example.com",
        domainVerificationToken: KIRO_TOKEN,
        scimEndpoint: scim.endpoint,
        scimToken: SCIM_TOKEN,
        ...setup.config,
    };
    const env: Record<string, string> = {
        OKTA_ORG_URL: setup.oktaUrl ?? double!.url,
        OKTA_API_TOKEN: OKTA_TOKEN,
        ...Object.fromEntries(Object.entries(config).map(([k, v]) => [envName(k), v])),
        ...setup.env,
    };
    let stdout = "";
    let stderr = "";
    const args = [
        "--outputs",
        file,
        "--resolver",
        dns.address,
        "--ca-file",
        scim.caFile,
        "--timeout",
        "1500",
        "--retries",
        "1",
        ...(setup.args ?? []),
    ];
    const code = await runVerify(args, { env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), ...setup.clock });
    return { code, stdout, stderr, lines: stdout.split("\n"), file, env, double };
}

/** The lines for a check and, for a failure, the fix line after each. */
function lines(out: { lines: string[] }, title: string): { line: string; fix?: string }[] {
    return out.lines.flatMap((l, i) =>
        l.slice(2).startsWith(`${title}:`)
            ? [{ line: l, fix: out.lines[i + 1]?.startsWith("    fix: ") ? out.lines[i + 1].slice("    fix: ".length) : undefined }]
            : [],
    );
}

function line(out: { lines: string[] }, title: string): { line: string; fix?: string } {
    const found = lines(out, title);
    if (found.length !== 1) throw new Error(`${found.length} lines for ${title} in:\n${out.lines.join("\n")}`);
    return found[0];
}

describe("a working setup", () => {
    it("passes every check and exits 0", async () => {
        const out = await verify();
        expect(out.stderr).toBe("");
        expect(out.lines).toEqual([
            `✔ Issuer metadata: ${oidc.metadataUrl}: issuer ${oidc.issuer}, PKCE S256`,
            "✔ Kiro scopes (implicit consent): codewhisperer:completions, codewhisperer:conversations: consent IMPLICIT",
            "✔ Access policy for the Kiro OIDC app: Kiro assigned to client 0oa-oidc",
            '✔ Rule grants the Kiro scopes + offline_access: rule "Kiro scopes": codewhisperer:completions, codewhisperer:conversations, offline_access; authorization_code',
            "✔ OIDC app active with every redirect URI: Kiro-OIDC: ACTIVE, 12 redirect URIs",
            "✔ OIDC app security settings: Kiro-OIDC: native, public client (none), PKCE required, grants authorization_code + refresh_token, response code, refresh token ROTATE",
            '✔ One OIDC app, SCIM app and authorization server of the stack\'s names: OIDC app "Kiro-OIDC" 0oa-oidc, SCIM app "Kiro-SAML" 0oa-saml, authorization server "Kiro" aus1',
            "✔ Groups (and users) assigned to both apps: Kiro-Users on Kiro-OIDC and Kiro-SAML",
            "✔ SCIM provisioning on the SCIM app: Kiro-SAML: PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, GROUP_PUSH",
            "✔ Group pushes to Kiro: Kiro-Push pushed through Kiro-SAML (ACTIVE)",
            "✔ Assigned users Kiro's SCIM endpoint accepts: 1 user assigned to Kiro-SAML: each has userName, givenName, familyName and displayName as IAM Identity Center requires",
            "✔ Domain verification TXT record: TXT example.com holds the Kiro token and the 1 value(s) there before",
            `✔ SCIM endpoint accepts the token: GET ${scim.endpoint}ServiceProviderConfig: 200`,
            "✔ SCIM endpoint rejects a wrong token: a wrong token gets HTTP 401",
            "verify: 14 of 14 checks passed, 0 failed, 0 skipped",
            "",
        ]);
        expect(out.code).toBe(0);
    });

    it("sends only requests commands/common/net/permissions.ts lists for verify (the README's least privileges), with --user and the SCIM scan", async () => {
        const out = await verify({ args: ["--user", "ada@example.com"] });
        expect(out.code).toBe(0);
        for (const request of out.double!.requests) {
            const [method, target] = request.split(" ");
            expect(oktaCallFor(method, new URL(target, "http://x").pathname)?.by, request).toContain("verify");
        }
    });

    it("reads each Okta object once, however many checks look at it", async () => {
        const out = await verify({ args: ["--user", "ada@example.com"] });
        const reads = out.double!.requests.filter((r) => r.startsWith("GET /api/v1/apps/0oa-oidc?") || r === "GET /api/v1/apps/0oa-oidc");
        expect(reads).toHaveLength(1);
        expect(
            out.double!.requests.filter(
                (r) =>
                    r.startsWith("GET /api/v1/authorizationServers/aus1/policies?") ||
                    r === "GET /api/v1/authorizationServers/aus1/policies",
            ),
        ).toHaveLength(1);
    });

    it("never prints a token, in text or JSON", async () => {
        for (const args of [[], ["--json"]]) {
            const out = await verify({ args });
            expect(out.stdout).not.toContain(OKTA_TOKEN);
            expect(out.stdout).not.toContain(SCIM_TOKEN);
        }
    });

    it("--json: every check as data, ok true", async () => {
        const data = JSON.parse((await verify({ args: ["--json"] })).stdout);
        expect(data.ok).toBe(true);
        expect(data.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
            "issuer:pass",
            "okta.scopes:pass",
            "okta.policy:pass",
            "okta.rule:pass",
            "okta.oidcApp:pass",
            "okta.oidcSecurity:pass",
            "okta.duplicates:pass",
            "okta.assignments:pass",
            "okta.provisioning:pass",
            "okta.pushes:pass",
            "okta.scimUsers:pass",
            "dns.txt:pass",
            "scim.token:pass",
            "scim.rejects:pass",
        ]);
    });

    it("a configured user assigned under another username: named, since the stack sets the Okta login (resource_okta_app_user.go reads it back)", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        for (const app of s.apps) app.users = ["00u-bob"];
        s.apps[1].userNames = { "00u-bob": "bobby" };
        const out = await verify({ okta: s, config: { assignUsers: '["bob@example.com"]' } });
        expect(line(out, "Groups (and users) assigned to both apps").line).toBe(
            '✘ Groups (and users) assigned to both apps: user "bob@example.com" has the username "bobby" on Kiro-SAML, not the login bob@example.com',
        );
    });

    it("configured users assigned to both apps pass too", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        for (const app of s.apps) app.users = ["00u-bob"];
        const out = await verify({ okta: s, config: { assignUsers: '["bob@example.com"]' } });
        expect(line(out, "Groups (and users) assigned to both apps").line).toBe(
            "✔ Groups (and users) assigned to both apps: Kiro-Users, bob@example.com on Kiro-OIDC and Kiro-SAML",
        );
        expect(out.code).toBe(0);
    });

    it("phase 1: the later phases' checks are skipped, not failed", async () => {
        const out = await verify({
            config: { domain: "", domainVerificationToken: "", scimEndpoint: "", scimToken: "", pushGroups: "[]" },
            outputs: { phase: 1, domainVerificationRecord: undefined },
        });
        for (const [title, why] of [
            ["SCIM provisioning on the SCIM app", "phase 2 not configured (scimEndpoint, scimToken)"],
            ["Group pushes to Kiro", "phase 3 not configured (pushGroups)"],
            ["Assigned users Kiro's SCIM endpoint accepts", "phase 2 not configured (scimEndpoint, scimToken)"],
            ["Domain verification TXT record", "phase 2 not configured (domain, domainVerificationToken)"],
        ]) {
            expect(line(out, title).line).toBe(`– ${title}: skipped (${why})`);
        }
        expect(out.lines).toContain("verify: 8 of 14 checks passed, 0 failed, 6 skipped");
        expect(out.code).toBe(0);
    });

    it("a second ACTIVE app labelled like the stack's (a retried or interrupted create) fails, naming it; an INACTIVE one does not", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        const orphan = { ...structuredClone(s.apps[0]), id: "0oa-orphan" };
        s.apps.push(orphan, { ...structuredClone(s.apps[0]), id: "0oa-old", status: "INACTIVE" });
        const out = await verify({ okta: s });
        expect(line(out, "One OIDC app, SCIM app and authorization server of the stack's names").line).toBe(
            "✘ One OIDC app, SCIM app and authorization server of the stack's names: also ACTIVE, not in the stack: OIDC app \"Kiro-OIDC\": 0oa-orphan besides the stack's 0oa-oidc",
        );
        expect(out.code).toBe(1);
    });

    it("finds each group by its exact name in a large org: a `q` query stops at 300 prefix matches (management spec), `search` does not", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        // 400 groups whose names start with "Kiro-Users" before the real one.
        s.groups.unshift(...Array.from({ length: 400 }, (_, i) => ({ id: `00g-x${i}`, name: `Kiro-Users-${String(i).padStart(3, "0")}` })));
        const out = await verify({ okta: s });
        expect(line(out, "Groups (and users) assigned to both apps").line).toBe(
            "✔ Groups (and users) assigned to both apps: Kiro-Users on Kiro-OIDC and Kiro-SAML",
        );
        expect(out.double!.requests.filter((r) => r.startsWith("GET /api/v1/groups?"))[0]).toContain(
            "search=profile.name%20eq%20%22Kiro-Users%22",
        );
    });

    it("a group name with quotes and backslashes is escaped in the search filter and found exactly", async () => {
        expect(searchString('Kiro "Beta" \\ Users')).toBe('"Kiro \\"Beta\\" \\\\ Users"');
        const s = kiroOrg(OKTA_TOKEN);
        s.groups[0].name = 'Kiro "Beta" \\ Users';
        s.groups.push({ id: "00g-beta", name: 'Kiro "Beta"' });
        const out = await verify({ okta: s, config: { assignGroups: JSON.stringify(['Kiro "Beta" \\ Users']) } });
        expect(line(out, "Groups (and users) assigned to both apps").line.startsWith("✔")).toBe(true);
    });

    it("the catalog SCIM app (scimApp catalog): its features are read the same way", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.apps[1] = { ...s.apps[1], id: "0oa-scim", label: "Kiro-SCIM", name: "amazon_aws_sso" };
        const out = await verify({
            okta: s,
            config: { scimApp: "catalog", samlAppLabel: "Kiro-SCIM" },
            outputs: { samlAppId: "0oa-scim" },
        });
        expect(line(out, "SCIM provisioning on the SCIM app").line).toBe(
            "✔ SCIM provisioning on the SCIM app: Kiro-SCIM: PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, GROUP_PUSH",
        );
        expect(out.code).toBe(0);
    });
});

/** The working org with one change, as a test's setup. */
function broken(change: (s: OktaDoubleState) => void, extra: Omit<Setup, "okta"> = {}): () => Setup {
    return () => {
        const s = kiroOrg(OKTA_TOKEN);
        change(s);
        return { okta: s, ...extra };
    };
}

describe("each failure: the ✘ line, where to fix it, exit 1", () => {
    const cases: [string, () => Setup, string, string, string][] = [
        [
            "a Kiro scope is missing",
            broken((s) => {
                s.authServers[0].scopes.pop();
            }),
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): codewhisperer:conversations is missing",
            "Okta Admin > Security > API > Authorization Servers > Kiro > Scopes: codewhisperer:completions and codewhisperer:conversations with User consent: Implicit (or run `pulumi up --refresh`).",
        ],
        [
            "a scope asks for consent",
            broken((s) => {
                s.authServers[0].scopes[0].consent = "REQUIRED";
            }),
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): codewhisperer:completions has consent REQUIRED",
            "Okta Admin > Security > API > Authorization Servers > Kiro > Scopes",
        ],
        [
            "the rule grants the wrong scopes",
            broken((s) => {
                s.authServers[0].policies[0].rules[0].scopes = ["codewhisperer:completions", "offline_access"];
            }),
            "Rule grants the Kiro scopes + offline_access",
            '✘ Rule grants the Kiro scopes + offline_access: "Kiro scopes": scopes codewhisperer:completions, offline_access; grants authorization_code',
            "Access Policies > Kiro > rule: Authorization Code, Scopes requested: the following scopes: codewhisperer:completions, codewhisperer:conversations, offline_access",
        ],
        [
            // Kiro asks for offline_access; a rule without it gives no refresh token (docs/okta-behaviour.md, "Rules").
            "the rule grants both Kiro scopes but not offline_access",
            broken((s) => {
                s.authServers[0].policies[0].rules[0].scopes = ["codewhisperer:completions", "codewhisperer:conversations"];
            }),
            "Rule grants the Kiro scopes + offline_access",
            '✘ Rule grants the Kiro scopes + offline_access: "Kiro scopes": scopes codewhisperer:completions, codewhisperer:conversations; grants authorization_code',
            "Scopes requested: the following scopes: codewhisperer:completions, codewhisperer:conversations, offline_access",
        ],
        [
            "the policy is not assigned to the Kiro client",
            broken((s) => {
                s.authServers[0].policies[0].clients = ["0oa-other"];
            }),
            "Access policy for the Kiro OIDC app",
            "✘ Access policy for the Kiro OIDC app: no access policy is assigned to client 0oa-oidc",
            "Access Policies: assign the Kiro policy to the Kiro OIDC app (client 0oa-oidc) and activate it, or run `pulumi up --refresh`.",
        ],
        [
            "a redirect URI is missing",
            broken((s) => {
                s.apps[0].oauth!.redirectUris = s.apps[0].oauth!.redirectUris.filter((u) => !u.includes(":3128/"));
            }),
            "OIDC app active with every redirect URI",
            "✘ OIDC app active with every redirect URI: missing redirect URIs: http://localhost:3128/oauth/callback",
            "Okta Admin > Applications > Kiro-OIDC > General: activate it and add the sign-in redirect URIs above (or run `pulumi up --refresh`).",
        ],
        [
            "PKCE switched off in the console (a drift the provider cannot see)",
            broken((s) => {
                s.apps[0].oauth!.pkceRequired = false;
            }),
            "OIDC app security settings",
            "✘ OIDC app security settings: PKCE is not required",
            "Okta Admin > Applications > Kiro-OIDC > General > Client Credentials: Require PKCE as additional verification. Run verify after every change here: `pulumi preview --refresh` may not show it (terraform-provider-okta#2732).",
        ],
        [
            "refresh tokens no longer rotate",
            broken((s) => {
                s.apps[0].oauth!.refreshTokenRotation = "STATIC";
            }),
            "OIDC app security settings",
            "✘ OIDC app security settings: refresh token rotation is STATIC, not ROTATE",
            "Okta Admin > Applications > Kiro-OIDC > General > General Settings > Refresh Token: Rotate token after every use (or run `pulumi up --refresh`).",
        ],
        [
            "a group is not assigned to the SAML app",
            broken((s) => {
                s.apps[1].groups = [];
            }),
            "Groups (and users) assigned to both apps",
            '✘ Groups (and users) assigned to both apps: group "Kiro-Users" is not assigned to Kiro-SAML',
            "Okta Admin > Applications > (app) > Assignments: assign Kiro-Users to both Kiro-OIDC and Kiro-SAML (or run `pulumi up --refresh`).",
        ],
        [
            "a configured user is assigned to one app only",
            broken(
                (s) => {
                    s.apps[0].users = ["00u-bob"];
                },
                { config: { assignUsers: '["bob@example.com"]' } },
            ),
            "Groups (and users) assigned to both apps",
            '✘ Groups (and users) assigned to both apps: user "bob@example.com" is not assigned to Kiro-SAML',
            "assign Kiro-Users, bob@example.com to both Kiro-OIDC and Kiro-SAML (or run `pulumi up --refresh`).",
        ],
        [
            "a configured user does not exist",
            () => ({ config: { assignUsers: '["ghost@example.com"]' } }),
            "Groups (and users) assigned to both apps",
            '✘ Groups (and users) assigned to both apps: user "ghost@example.com" does not exist',
            "Okta Admin > Applications > (app) > Assignments",
        ],
        [
            "provisioning is off",
            broken((s) => {
                s.apps[1].features = [];
            }),
            "SCIM provisioning on the SCIM app",
            "✘ SCIM provisioning on the SCIM app: Kiro-SAML lacks PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, GROUP_PUSH (features: none)",
            "Follow `pulumi stack output scimRunbook`: Kiro-SAML > General > Provisioning: SCIM, then Provisioning > Integration: Push New Users, Push Profile Updates, Push Groups.",
        ],
        [
            "provisioning is off on the catalog app (scimApp catalog): the catalog app's steps",
            broken(
                (s) => {
                    s.apps[1] = { ...s.apps[1], id: "0oa-scim", label: "Kiro-SCIM", name: "amazon_aws_sso", features: ["PUSH_NEW_USERS"] };
                },
                { config: { scimApp: "catalog", samlAppLabel: "Kiro-SCIM" }, outputs: { samlAppId: "0oa-scim" } },
            ),
            "SCIM provisioning on the SCIM app",
            "✘ SCIM provisioning on the SCIM app: Kiro-SCIM lacks PUSH_PROFILE_UPDATES, GROUP_PUSH (features: PUSH_NEW_USERS)",
            "Follow `pulumi stack output scimRunbook`: Kiro-SCIM > Provisioning > Configure API Integration: Enable API integration (Base URL, API Token), then To App: Create Users, Update User Attributes, Deactivate Users.",
        ],
        [
            "a push group is not pushed",
            broken((s) => {
                s.apps[1].pushes = [];
            }),
            "Group pushes to Kiro",
            '✘ Group pushes to Kiro: "Kiro-Push" is not pushed to Kiro-SAML',
            "Okta Admin > Applications > Kiro-SAML > Push Groups: push Kiro-Push and activate the pushes (or run `pulumi up --refresh`); pushes need provisioning on (the line above).",
        ],
        [
            // resource_okta_push_group.go Read (v6.12.0 ~227-231) fails the refresh on the 404 of a deleted push.
            "a push the stack made was deleted in the console: named with the way out of the failing refresh",
            broken((s) => {
                s.apps[1].pushes = [];
            }),
            "Group pushes to Kiro",
            '✘ Group pushes to Kiro: "Kiro-Push" is not pushed to Kiro-SAML',
            "If the stack pushed Kiro-Push before, the push was deleted in Okta and `pulumi preview --refresh` fails on it (\"Error reading Okta push group mapping\"): `pulumi state delete '<urn of its okta:index/pushGroup:PushGroup>'`",
        ],
        [
            "a push is deactivated",
            broken((s) => {
                s.apps[1].pushes![0].status = "INACTIVE";
            }),
            "Group pushes to Kiro",
            '✘ Group pushes to Kiro: the push of "Kiro-Push" (mapping gPm-push) is INACTIVE',
            "Push Groups: push Kiro-Push",
        ],
        [
            // resource_okta_push_group.go Update/Delete (~251-253, ~287-289): only ACTIVE or INACTIVE.
            "a push in ERROR, which the provider can neither update nor delete",
            broken((s) => {
                s.apps[1].pushes![0].status = "ERROR";
            }),
            "Group pushes to Kiro",
            '✘ Group pushes to Kiro: the push of "Kiro-Push" (mapping gPm-push) is ERROR',
            "The provider can neither update nor delete a push that is not ACTIVE or INACTIVE (Kiro-Push): retry or unlink it in Push Groups first.",
        ],
        [
            "a push group does not exist",
            () => ({ config: { pushGroups: '["Kiro-Gone"]' } }),
            "Group pushes to Kiro",
            '✘ Group pushes to Kiro: group "Kiro-Gone" does not exist',
            "Push Groups: push Kiro-Gone",
        ],
        [
            "an assigned user lacks what IAM Identity Center's SCIM requires",
            broken((s) => {
                s.users[0] = { ...s.users[0], lastName: undefined, displayName: " " };
            }),
            "Assigned users Kiro's SCIM endpoint accepts",
            "✘ Assigned users Kiro's SCIM endpoint accepts: 1 of 1 user assigned to Kiro-SAML would be rejected: ada@example.com: no familyName (Okta last name empty), no displayName (Okta display name empty)",
            "Okta Admin > Directory > People > (user) > Profile: fill in first name, last name and display name",
        ],
        [
            "the TXT record is missing",
            () => ({ txt: [] }),
            "Domain verification TXT record",
            "✘ Domain verification TXT record: no TXT record at example.com",
            "Run `pulumi up` with domainVerificationToken set (it writes the record into zone ZPUBLIC123)",
        ],
        [
            "the TXT record lacks the token",
            () => ({ txt: [SPF] }),
            "Domain verification TXT record",
            "✘ Domain verification TXT record: TXT example.com has 1 value(s), none of them the Kiro token",
            "if it is in Route53 already, wait for the TTL and run verify again.",
        ],
        [
            "the TXT set lost a value that was there before",
            () => ({ txt: [KIRO_TOKEN] }),
            "Domain verification TXT record",
            `✘ Domain verification TXT record: TXT example.com lost values that were there before: ${SPF}`,
            "Restore them in Route53 (they are in the domainVerificationRecord output), or run `pulumi up --refresh`.",
        ],
        [
            "the SCIM endpoint refuses the token (401)",
            () => ({ config: { scimToken: "an-expired-token" } }),
            "SCIM endpoint accepts the token",
            "✘ SCIM endpoint accepts the token: GET {scim}ServiceProviderConfig with the configured token: HTTP 401",
            "Kiro console > Settings > Identity management > Access Tokens: generate a token, `pulumi config set --secret scimToken <token>`, and paste it into Okta (Provisioning > Integration > Authorization).",
        ],
        [
            "Okta refuses the credentials",
            () => ({ okta: kiroOrg("a-different-token") }),
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): Okta API: Okta HTTP 401 E0000011 Invalid token provided",
            "The Okta credentials were refused (HTTP 401)",
        ],
    ];

    it.each(cases)("%s", async (_, setup, title, expectedLine, expectedFix) => {
        const out = await verify(setup());
        const found = line(out, title);
        expect(found.line).toContain(expectedLine.replace("{scim}", scim.endpoint));
        expect(found.fix).toContain(expectedFix);
        expect(out.code).toBe(1);
        expect(out.stdout).not.toContain(SCIM_TOKEN);
        expect(out.stdout).not.toContain("an-expired-token");
    });

    it("an OIDC app made as a web app with a secret: each mismatch its own ✘ and fix", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.apps[0].oauth = {
            ...s.apps[0].oauth!,
            applicationType: "web",
            tokenEndpointAuthMethod: "client_secret_basic",
            grantTypes: ["authorization_code", "refresh_token", "implicit"],
            responseTypes: ["code", "token"],
        };
        const found = lines(await verify({ okta: s }), "OIDC app security settings");
        expect(found.map((f) => f.line)).toEqual([
            "✘ OIDC app security settings: application type is web, not native",
            "✘ OIDC app security settings: client authentication is client_secret_basic, not none (a public client)",
            "✘ OIDC app security settings: grant types include implicit",
            "✘ OIDC app security settings: response types are code, token, not code alone",
        ]);
        expect(found.every((f) => f.fix)).toBe(true);
        expect(found[0].fix).toContain("Okta cannot change an app's type");
    });

    it("the policy is INACTIVE: the rule line says why it was not checked", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].status = "INACTIVE";
        const out = await verify({ okta: s });
        expect(line(out, "Access policy for the Kiro OIDC app").line).toBe(
            '✘ Access policy for the Kiro OIDC app: policy "Kiro" is assigned to client 0oa-oidc but INACTIVE',
        );
        expect(line(out, "Rule grants the Kiro scopes + offline_access").line).toBe(
            '– Rule grants the Kiro scopes + offline_access: skipped (not checked: policy "Kiro" is assigned to client 0oa-oidc but INACTIVE (the line above), so no rule applies to Kiro\'s clients)',
        );
    });

    it("an issuer on another host (a custom domain): says so, and what to set", async () => {
        const server = http.createServer((_, res) => {
            res.writeHead(200, { "content-type": "application/json" });
            res.end(
                JSON.stringify({
                    issuer: "https://login.example.com/oauth2/aus1",
                    authorization_endpoint: "x",
                    token_endpoint: "y",
                    code_challenge_methods_supported: ["S256"],
                }),
            );
        });
        await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
        running.push({ close: () => new Promise((r) => server.close(() => r())) });
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/oauth2/aus1`;
        const out = await verify({ outputs: { issuerMetadataUrl: `${base}/.well-known/openid-configuration` } });
        const issuer = line(out, "Issuer metadata");
        expect(issuer.line).toBe(
            `✘ Issuer metadata: the server issues tokens as https://login.example.com/oauth2/aus1, not ${base} (the URL the stack's output and the Kiro profile hold)`,
        );
        expect(issuer.fix).toContain("The stack sets issuerMode ORG_URL");
        expect(issuer.fix).toContain(
            "set the Kiro profile's Issuer URL to https://login.example.com/oauth2/aus1/.well-known/openid-configuration",
        );
    });

    it("Okta is down: every Okta check fails clearly, after bounded retries, without hanging", async () => {
        const down = await startOktaDouble(kiroOrg(OKTA_TOKEN));
        await down.close();
        const started = Date.now();
        const out = await verify({ oktaUrl: down.url });
        expect(Date.now() - started).toBeLessThan(10_000);
        const scopes = line(out, "Kiro scopes (implicit consent)");
        expect(scopes.line).toMatch(
            /^✘ Kiro scopes \(implicit consent\): Okta \/api\/v1\/authorizationServers\/aus1\/scopes: .*ECONNREFUSED.* \(after 2 attempts\)$/,
        );
        expect(scopes.fix).toBe("Check that this machine reaches the Okta org, then run verify again.");
        for (const title of [
            "Access policy for the Kiro OIDC app",
            "OIDC app active with every redirect URI",
            "Groups (and users) assigned to both apps",
            "Group pushes to Kiro",
        ]) {
            expect(line(out, title).line.startsWith("✘ ")).toBe(true);
        }
        expect(line(out, "Issuer metadata").line.startsWith("✔ ")).toBe(true);
        expect(out.code).toBe(1);
    });

    it("Okta is slow: each attempt is aborted at its timeout (the server sees the client go), not left running", async () => {
        const slow = kiroOrg(OKTA_TOKEN);
        slow.delayMs = 3000;
        const started = Date.now();
        const out = await verify({ okta: slow, args: ["--timeout", "300", "--retries", "1"] });
        expect(Date.now() - started).toBeLessThan(3000);
        expect(line(out, "Kiro scopes (implicit consent)").line).toMatch(
            /^✘ Kiro scopes \(implicit consent\): Okta GET \/api\/v1\/authorizationServers\/aus1\/scopes: no answer within 300 ms \(after 2 attempts\)$/,
        );
        const scopeRequests = out.double!.requests.filter((r) => r.startsWith("GET /api/v1/authorizationServers/aus1/scopes"));
        expect(scopeRequests).toHaveLength(2);
        // The server learns of the last abort a moment after verify is done.
        await expect
            .poll(() => out.double!.abandoned.filter((r) => r.startsWith("GET /api/v1/authorizationServers/aus1/scopes")).length, {
                timeout: 1000,
            })
            .toBe(2);
        expect(out.code).toBe(1);
    });

    it("one retry layer: a failing Okta gets retries + 1 requests per read, not (retries + 1)²", async () => {
        const flaky = kiroOrg(OKTA_TOKEN);
        flaky.serverErrors = 1000;
        const out = await verify({ okta: flaky, args: ["--retries", "2"], clock: virtualClock() });
        expect(line(out, "Kiro scopes (implicit consent)").line).toBe(
            "✘ Kiro scopes (implicit consent): Okta /api/v1/authorizationServers/aus1/scopes: HTTP 503 (after 3 attempts)",
        );
        expect(out.double!.requests.filter((r) => r.startsWith("GET /api/v1/authorizationServers/aus1/scopes"))).toHaveLength(3);
    });

    it("the issuer is down", async () => {
        const out = await verify({ outputs: { issuerMetadataUrl: "http://127.0.0.1:9/oauth2/aus1/.well-known/openid-configuration" } });
        const issuer = line(out, "Issuer metadata");
        expect(issuer.line).toBe("✘ Issuer metadata: cannot reach 127.0.0.1:9 (ECONNREFUSED) (after 2 attempts)");
        expect(issuer.fix).toContain("Check that the authorization server is ACTIVE");
        expect(out.code).toBe(1);
    });

    it("the issuer URL is not the authorization server's", async () => {
        const out = await verify({ outputs: { issuerMetadataUrl: `${oidc.url}/oauth2/other/.well-known/openid-configuration` } });
        expect(line(out, "Issuer metadata").line).toBe(
            `✘ Issuer metadata: GET ${oidc.url}/oauth2/other/.well-known/openid-configuration answered HTTP 404`,
        );
        expect(out.code).toBe(1);
    });

    it("the DNS server does not answer", async () => {
        const silent = await startDnsServer(new Map());
        await silent.close();
        const out = await verify({ args: ["--resolver", silent.address, "--timeout", "300"] });
        const txt = line(out, "Domain verification TXT record");
        expect(txt.line).toMatch(/^✘ Domain verification TXT record: DNS (ETIMEOUT|ECONNREFUSED) for TXT example.com at 127\.0\.0\.1:\d+/);
        expect(txt.fix).toContain("answers, then run verify again.");
    });

    it("no Okta credentials: the Okta checks say which to give", async () => {
        const out = await verify({ oktaUrl: "http://127.0.0.1:9", env: { OKTA_API_TOKEN: "" } });
        expect(out.code).toBe(1);
        expect(out.stdout).toContain(
            "✘ Kiro scopes (implicit consent): no Okta credentials\n    fix: Give verify the stack's Okta credentials: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY",
        );
    });
});

describe('"would this user get a token?" (--user, KIRO_VERIFY_USERS)', () => {
    const token = (out: Awaited<ReturnType<typeof verify>>, login: string) => line(out, `Token for ${login}`);

    it("a user in an assigned group gets the Kiro scopes and is provisioned", async () => {
        const out = await verify({ args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toBe(
            '✔ Token for ada@example.com: Kiro-OIDC (through a group), policy "Kiro", rule "Kiro scopes": codewhisperer:completions, codewhisperer:conversations, offline_access; provisioned through Kiro-SAML (through a group)',
        );
        expect(out.code).toBe(0);
    });

    it("users from KIRO_VERIFY_USERS too, one line each, the first missing link named", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.users.push({ id: "00u-cy", login: "cy@example.com", status: "SUSPENDED", groups: ["00g-users"] });
        const out = await verify({
            okta: s,
            args: ["--user", "ada@example.com"],
            env: { KIRO_VERIFY_USERS: "bob@example.com, ghost@example.com,cy@example.com" },
        });
        expect(token(out, "ada@example.com").line.startsWith("✔")).toBe(true);
        expect(token(out, "bob@example.com")).toEqual({
            line: "✘ Token for bob@example.com: bob@example.com is not assigned to Kiro-OIDC (directly or through a group), so Okta refuses the sign-in",
            fix: "Add bob@example.com to one of the assigned groups (group Kiro-Users) or to assignUsers, then `pulumi up`.",
        });
        expect(token(out, "ghost@example.com").line).toBe("✘ Token for ghost@example.com: no Okta user has the login ghost@example.com");
        expect(token(out, "cy@example.com").line).toBe(
            "✘ Token for cy@example.com: cy@example.com is SUSPENDED; only ACTIVE users get tokens",
        );
        expect(out.code).toBe(1);
    });

    it("no rule covers the user: the rule is for another group", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].rules[0].groups = ["00g-other"];
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com")).toEqual({
            line: '✘ Token for ada@example.com: policy "Kiro": no ACTIVE rule\'s people condition covers ada@example.com (groups: Everyone, Kiro-Users, Kiro-Push); Kiro needs authorization_code with codewhisperer:completions, codewhisperer:conversations, offline_access',
            fix: "Okta Admin > Security > API > Authorization Servers > Kiro > Access Policies > Kiro: a rule for everyone (or ada@example.com's groups) granting Authorization Code with codewhisperer:completions, codewhisperer:conversations, offline_access (or run `pulumi up --refresh`).",
        });
    });

    it("the rule that covers the user lacks offline_access: no refresh token, so no token for Kiro", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].rules[0].scopes = ["codewhisperer:completions", "codewhisperer:conversations"];
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toBe(
            '✘ Token for ada@example.com: policy "Kiro": rule "Kiro scopes" covers ada@example.com but grants authorization_code with codewhisperer:completions, codewhisperer:conversations; Kiro needs authorization_code with codewhisperer:completions, codewhisperer:conversations, offline_access',
        );
    });

    it("an earlier rule for the user's group wins over the everyone rule when it grants Kiro's scopes", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        const rules = s.authServers[0].policies[0].rules;
        rules.unshift({
            id: "0pr-first",
            name: "Users first",
            scopes: ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"],
            grantTypes: ["authorization_code"],
            groups: ["00g-users"],
        });
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toContain('rule "Users first"');
    });

    it("a policy for all clients (ALL_CLIENTS, management spec ListAuthorizationServerPolicies) applies to Kiro's client, in Okta's order", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].clients = ["ALL_CLIENTS"];
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(line(out, "Access policy for the Kiro OIDC app").line).toBe(
            "✔ Access policy for the Kiro OIDC app: Kiro applies to all clients (ALL_CLIENTS)",
        );
        expect(token(out, "ada@example.com").line).toContain('policy "Kiro", rule "Kiro scopes"');
        expect(out.code).toBe(0);
    });

    it("an all-clients policy first in Okta's order wins over Kiro's own: its rules decide", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies.unshift({
            id: "00p-all",
            name: "Everything",
            priority: 1,
            clients: ["ALL_CLIENTS"],
            rules: [{ id: "0pr-all", name: "Narrow", scopes: ["openid"], grantTypes: ["authorization_code"] }],
        });
        s.authServers[0].policies[1].priority = 2;
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toContain(
            '✘ Token for ada@example.com: policy "Everything": rule "Narrow" covers ada@example.com',
        );
    });

    it("a rule that excludes the user's group does not cover the user: Okta's exclude, read from the raw JSON the SDK model drops", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].rules[0].excludeGroups = ["00g-push"];
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toContain("no ACTIVE rule's people condition covers ada@example.com");
    });

    it("no ACTIVE policy for the client", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.authServers[0].policies[0].status = "INACTIVE";
        const out = await verify({ okta: s, args: ["--user", "ada@example.com"] });
        expect(token(out, "ada@example.com").line).toBe(
            "✘ Token for ada@example.com: no ACTIVE access policy on Kiro applies to client 0oa-oidc",
        );
    });

    it("signs in but is not assigned to the SCIM app: never provisioned to Kiro", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.apps[0].users = ["00u-bob"];
        const out = await verify({ okta: s, args: ["--user", "bob@example.com"] });
        expect(token(out, "bob@example.com")).toEqual({
            line: "✘ Token for bob@example.com: bob@example.com gets a token but is not assigned to Kiro-SAML: signs in, but is never provisioned to Kiro",
            fix: "Okta Admin > Applications > Kiro-SAML > Assignments: the same groups and users as Kiro-OIDC (group Kiro-Users); `pulumi up` does it.",
        });
    });

    it("coversUser: excluded users never, EVERYONE always, else by group or user", () => {
        const rule = {
            id: "r",
            name: "r",
            priority: 1,
            scopes: [],
            grantTypes: [],
            groups: ["00g-a"],
            users: ["00u-direct"],
            excludedUsers: ["00u-out"],
            excludedGroups: ["00g-contractors"],
        };
        expect(coversUser(rule, "00u-x", ["00g-a"])).toBe(true);
        expect(coversUser(rule, "00u-direct", [])).toBe(true);
        expect(coversUser(rule, "00u-x", ["00g-b"])).toBe(false);
        expect(coversUser({ ...rule, groups: ["EVERYONE"] }, "00u-x", [])).toBe(true);
        expect(coversUser({ ...rule, groups: ["EVERYONE"] }, "00u-out", ["00g-a"])).toBe(false);
        // An excluded group wins over the included one and over EVERYONE.
        expect(coversUser(rule, "00u-x", ["00g-a", "00g-contractors"])).toBe(false);
        expect(coversUser({ ...rule, groups: ["EVERYONE"] }, "00u-x", ["00g-contractors"])).toBe(false);
    });
});

describe("SCIM readiness of the assigned users", () => {
    it.each<[string, Parameters<typeof scimProblems>[0], string[]]>([
        [
            "a complete user",
            { userId: "u", userName: "ada@example.com", givenName: "Ada", familyName: "Lovelace", displayName: "Ada Lovelace" },
            [],
        ],
        [
            "accented and non-Latin names",
            { userId: "u", userName: "josé@example.com", givenName: "José", familyName: "山田", displayName: "山田 José" },
            [],
        ],
        [
            "no names",
            { userId: "u", userName: "a@x.io" },
            ["no givenName (Okta first name empty)", "no familyName (Okta last name empty)", "no displayName (Okta display name empty)"],
        ],
        [
            "a user name with a space",
            { userId: "u", userName: "ada lovelace", givenName: "A", familyName: "L", displayName: "AL" },
            ["userName contains white space"],
        ],
        [
            "a user name with a colon",
            { userId: "u", userName: "corp:ada", givenName: "A", familyName: "L", displayName: "AL" },
            ["userName contains one of <>;:%"],
        ],
        [
            "a reserved user name",
            { userId: "u", userName: "Administrator", givenName: "A", familyName: "L", displayName: "AL" },
            ['userName "Administrator" is reserved by IAM Identity Center'],
        ],
        [
            "a 129-character user name",
            { userId: "u", userName: `${"a".repeat(117)}@example.com`, givenName: "A", familyName: "L", displayName: "AL" },
            ["userName longer than 128 characters"],
        ],
        ["no user name", { userId: "u", givenName: "A", familyName: "L", displayName: "AL" }, ["no userName"]],
    ])("%s", (_, user, problems) => expect(scimProblems(user)).toEqual(problems));

    it("reads a bounded number of users, page by page, and says when the app has more", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.pageSize = 2;
        for (let i = 0; i < 5; i++)
            s.users.push({
                id: `00u-n${i}`,
                login: `n${i}@example.com`,
                firstName: "N",
                lastName: `${i}`,
                displayName: `N ${i}`,
                groups: ["00g-users"],
            });
        const out = await verify({ okta: s, args: ["--max-users", "3"] });
        expect(line(out, "Assigned users Kiro's SCIM endpoint accepts").line).toBe(
            "✔ Assigned users Kiro's SCIM endpoint accepts: the first 3 users assigned to Kiro-SAML (it has more; --max-users reads more): each has userName, givenName, familyName and displayName as IAM Identity Center requires",
        );
        const pages = out.double!.requests.filter((r) => r.startsWith("GET /api/v1/apps/0oa-saml/users?"));
        expect(pages).toHaveLength(2);
        expect(pages[1]).toContain("after=");
    });

    it("lists at most ten rejected users, then how many more", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        for (let i = 0; i < 12; i++) s.users.push({ id: `00u-x${i}`, login: `x${i}@example.com`, groups: ["00g-users"] });
        const out = await verify({ okta: s });
        const found = line(out, "Assigned users Kiro's SCIM endpoint accepts").line;
        expect(found).toMatch(
            /^✘ Assigned users Kiro's SCIM endpoint accepts: 12 of 13 users assigned to Kiro-SAML would be rejected: x0@example.com: no givenName/,
        );
        expect(found).toContain("; and 2 more");
    });
});

describe("Okta's rate limits: waits for the reset within --deadline, says so when it cannot", () => {
    it("retryAtFrom: Retry-After (seconds or a date), else X-Rate-Limit-Reset, else nothing", () => {
        const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] ?? null });
        expect(retryAtFrom(headers({ "retry-after": "7" }), 1_000_000)).toBe(1_007_000);
        expect(retryAtFrom(headers({ "retry-after": "Wed, 21 Oct 2026 07:28:00 GMT" }), 0)).toBe(Date.parse("2026-10-21T07:28:00Z"));
        expect(retryAtFrom(headers({ "x-rate-limit-reset": "1800000000" }), 0)).toBe(1_800_000_000_000);
        expect(retryAtFrom(headers({}), 0)).toBeUndefined();
    });

    it.each([3, 10, 60])("a limit that resets %i s ahead: verify waits for it once, then every check passes", async (seconds) => {
        const clock = virtualClock();
        const s = kiroOrg(OKTA_TOKEN);
        s.rateLimitedUntil = clock.now() + seconds * 1000;
        const out = await verify({ okta: s, clock, args: ["--user", "ada@example.com"] });
        expect(out.lines.filter((l) => l.startsWith("✘"))).toEqual([]);
        expect(out.code).toBe(0);
        // At most one 429 and one answer per read: waits honour the reset instead of retrying every 100-200 ms.
        const perRead = new Map<string, number>();
        for (const r of out.double!.requests) perRead.set(r, (perRead.get(r) ?? 0) + 1);
        expect(Math.max(...perRead.values())).toBe(2);
    });

    it("a reset past the deadline: each Okta check fails as a rate limit, with when to rerun, never as unreachable", async () => {
        const clock = virtualClock();
        const s = kiroOrg(OKTA_TOKEN);
        s.rateLimitedUntil = clock.now() + 60_000;
        const reset = new Date(Math.ceil(s.rateLimitedUntil / 1000) * 1000).toISOString();
        const out = await verify({ okta: s, clock, args: ["--deadline", "30"] });
        const scopes = line(out, "Kiro scopes (implicit consent)");
        expect(scopes).toEqual({
            line: `✘ Kiro scopes (implicit consent): Okta rate limit: Okta GET /api/v1/authorizationServers/aus1/scopes answered HTTP 429; the limit resets at ${reset}, past verify's deadline; rerun later or raise --deadline`,
            fix: `Wait for Okta's rate limit to reset and run verify again after ${reset}, or raise --deadline so verify waits for it.`,
        });
        expect(out.stdout).not.toContain("reaches the Okta org");
        expect(out.double!.requests.filter((r) => r.startsWith("GET /api/v1/authorizationServers/aus1/scopes"))).toHaveLength(1);
        expect(out.code).toBe(1);
    });
});

describe("inputs", () => {
    it("bad usage and missing outputs exit 2", async () => {
        const io = { env: {}, stdout: () => {}, stderr: () => {} };
        expect(await runVerify([], io)).toBe(2);
        expect(await runVerify(["--stack", "dev", "--outputs", "x.json"], io)).toBe(2);
        expect(await runVerify(["--outputs", "x.json", "--deadline", "0"], io)).toBe(2);
        const empty = path.join(tmp, "empty.json");
        fs.writeFileSync(empty, "{}");
        let stderr = "";
        expect(await runVerify(["--outputs", empty], { env: {}, stdout: () => {}, stderr: (t) => (stderr += t) })).toBe(2);
        expect(stderr).toContain(
            "missing stack outputs issuerMetadataUrl, clientId, authServerId, oidcAppId, samlAppId; run `pulumi up` first",
        );
    });

    it("with --json, an input error is a JSON document on stdout too (exit 2)", async () => {
        let stdout = "";
        const code = await runVerify(["--json", "--stack", "dev", "--outputs", "x.json"], {
            env: {},
            stdout: (t) => (stdout += t),
            stderr: () => {},
        });
        expect(code).toBe(2);
        expect(JSON.parse(stdout)).toMatchObject({ ok: false, exitCode: 2, error: "give exactly one of --stack NAME and --outputs FILE" });
        stdout = "";
        expect(await runVerify(["--json", "--bogus"], { env: {}, stdout: (t) => (stdout += t), stderr: () => {} })).toBe(2);
        expect(JSON.parse(stdout).error).toContain("--bogus");
    });

    it("the Okta org: named by OKTA_ORG_URL or OKTA_ORG_NAME + OKTA_BASE_URL; none is invalid config (exit 1), a bad URL bad input (exit 2)", async () => {
        const out = await verify();
        for (const [env, message, exit] of [
            [{ OKTA_ORG_URL: "" }, "okta:orgName: is not set", 1],
            [{ OKTA_ORG_URL: "", OKTA_ORG_NAME: "acme" }, "okta:baseUrl: is not set, and the Okta provider has no default for it", 1],
            [{ OKTA_ORG_URL: "not a url" }, 'OKTA_ORG_URL: "not a url" is not a URL; expected https://<org>.okta.com', 2],
        ] as const) {
            let stderr = "";
            const code = await runVerify(["--outputs", out.file], {
                env: { ...out.env, ...env },
                stdout: () => {},
                stderr: (t) => (stderr += t),
            });
            expect(code).toBe(exit);
            expect(stderr).toContain(message);
        }
    });

    const stackExec = (config: Record<string, { value: string; objectValue?: unknown; secret: boolean }>) => {
        const calls: string[] = [];
        const exec = (file: string, args: string[]) => {
            calls.push(`${file} ${args.join(" ")}`);
            const outputs = {
                issuerMetadataUrl: oidc.metadataUrl,
                clientId: "0oa-oidc",
                authServerId: "aus1",
                oidcAppId: "0oa-oidc",
                samlAppId: "0oa-saml",
            };
            return Promise.resolve({ stdout: JSON.stringify(args[0] === "stack" ? outputs : config) });
        };
        return { calls, exec };
    };

    it("--stack reads `pulumi stack output` and `pulumi config` (secrets shown to verify, not printed)", async () => {
        const { calls, exec } = stackExec({
            "kiro-okta:assignGroups": { value: '["Kiro-Users"]', objectValue: ["Kiro-Users"], secret: false },
            "kiro-okta:scimEndpoint": { value: scim.endpoint, secret: false },
            "kiro-okta:scimToken": { value: SCIM_TOKEN, secret: true },
            "okta:orgName": { value: "acme", secret: false },
            "okta:baseUrl": { value: "okta.com", secret: false },
            "okta:apiToken": { value: OKTA_TOKEN, secret: true },
        });
        const inputs = await inputsFromStack("dev", {}, exec);
        expect(calls).toEqual(["pulumi stack output --stack dev --json --show-secrets", "pulumi config --stack dev --json --show-secrets"]);
        expect(inputs.config).toMatchObject({ assignGroups: ["Kiro-Users"], scimEndpoint: scim.endpoint, scimToken: SCIM_TOKEN });
        expect(inputs.oktaOrgUrl).toBe("https://acme.okta.com");
        expect(inputs.oktaAuth).toEqual({ token: OKTA_TOKEN });
    });

    it("--stack: the stack's okta:* config wins over OKTA_* in the environment, which only fills what the stack lacks", async () => {
        const env = { OKTA_ORG_URL: "https://other.okta.com", OKTA_API_TOKEN: "env-token", OKTA_BASE_URL: "oktapreview.com" };
        const full = stackExec({
            "kiro-okta:assignGroups": { value: '["A"]', secret: false },
            "okta:orgName": { value: "acme", secret: false },
            "okta:apiToken": { value: OKTA_TOKEN, secret: true },
        });
        const inputs = await inputsFromStack("dev", env, full.exec);
        expect(inputs.oktaOrgUrl).toBe("https://acme.oktapreview.com");
        expect(inputs.oktaAuth).toEqual({ token: OKTA_TOKEN });
        const partial = stackExec({
            "kiro-okta:assignGroups": { value: '["A"]', secret: false },
            "okta:orgName": { value: "acme", secret: false },
        });
        expect((await inputsFromStack("dev", env, partial.exec)).oktaAuth).toEqual({ token: "env-token" });
    });
});

describe("the runs docs/verify.md shows (tests/golden; npm run docs:transcripts copies them in)", () => {
    const COMMAND = "npm run verify -- --outputs outputs.json --user ada@example.com --user bob@example.com";
    /** A run as the docs show it: the test servers' addresses as the hosts they stand for, no random port. */
    function transcript(out: Awaited<ReturnType<typeof verify>>): string {
        const text = transcriptOf(COMMAND, out, [
            [new URL(oidc.issuer).origin, "https://acme.okta.com"],
            [new URL(scim.endpoint).origin, "https://scim.us-east-1.amazonaws.com"],
        ]);
        expect(text).not.toContain("127.0.0.1");
        return text;
    }

    it("a deployed setup, with a user in an assigned group and one outside them", async () => {
        const out = await verify({ args: ["--user", "ada@example.com", "--user", "bob@example.com"] });
        expect(out.code).toBe(1);
        await expect(transcript(out)).toMatchFileSnapshot("golden/verify-users.txt");
    });

    it("the same org after console edits a refresh-based drift check does not see: PKCE off, the rule narrowed, a last name emptied", async () => {
        const s = kiroOrg(OKTA_TOKEN);
        s.apps[0].oauth!.pkceRequired = false;
        s.authServers[0].policies[0].rules[0].groups = ["00g-other"];
        s.users[0] = { ...s.users[0], lastName: undefined };
        const out = await verify({ okta: s, args: ["--user", "ada@example.com", "--user", "bob@example.com"] });
        expect(out.code).toBe(1);
        await expect(transcript(out)).toMatchFileSnapshot("golden/verify-console-edits.txt");
    });
});
