import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXTRA_REDIRECT_URIS, DEFAULT_REDIRECT_PORTS } from "../components/configSchema";
import { redirectUris } from "../components/redirectUris";
import { runVerify } from "../verify/cli";
import { envName, inputsFromStack } from "../verify/inputs";
import { type OktaState, type Running, startDnsServer, startOidcProvider, startOktaApi, startScim } from "./support/verifyServers";

const OKTA_TOKEN = "00okta-api-token-never-printed";
const SCIM_TOKEN = "scim-token-never-printed";
const KIRO_TOKEN = "kiro-verification=abc123";
const SPF = "v=spf1 include:_spf.google.com ~all";
const RULE_SCOPES = ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"];

function goodOkta(): OktaState {
    return {
        token: OKTA_TOKEN,
        scopes: [
            { name: "codewhisperer:completions", consent: "IMPLICIT" },
            { name: "codewhisperer:conversations", consent: "IMPLICIT" },
            { name: "openid", consent: "IMPLICIT" },
        ],
        policies: [{ id: "00p1", name: "Kiro", clients: ["kiro-client"] }],
        rules: { "00p1": [{ name: "Kiro scopes", scopes: RULE_SCOPES, grantTypes: ["authorization_code"] }] },
        apps: {
            "0oa-oidc": {
                label: "Kiro-OIDC",
                signOnMode: "OPENID_CONNECT",
                status: "ACTIVE",
                features: [],
                redirectUris: redirectUris(DEFAULT_REDIRECT_PORTS, DEFAULT_EXTRA_REDIRECT_URIS),
                groups: ["00g-users"],
            },
            "0oa-saml": {
                label: "Kiro-SAML",
                signOnMode: "SAML_2_0",
                status: "ACTIVE",
                features: ["IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"],
                groups: ["00g-users"],
            },
        },
        groups: [
            { id: "00g-users", name: "Kiro-Users" },
            { id: "00g-users-eu", name: "Kiro-Users-EU" },
        ],
    };
}

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

async function okta(state: OktaState): Promise<Running> {
    const server = await startOktaApi(state);
    running.push(server);
    return server;
}

interface Setup {
    okta?: OktaState;
    oktaUrl?: string;
    txt?: string[];
    config?: Record<string, string>;
    outputs?: Record<string, unknown>;
    args?: string[];
}

let files = 0;
async function verify(setup: Setup = {}) {
    const oktaUrl = setup.oktaUrl ?? (await okta(setup.okta ?? goodOkta())).url;
    dnsRecords.set("example.com", setup.txt ?? [SPF, KIRO_TOKEN]);
    const outputs = {
        issuerMetadataUrl: oidc.metadataUrl,
        clientId: "kiro-client",
        authServerId: "aus1",
        oidcAppId: "0oa-oidc",
        samlAppId: "0oa-saml",
        phase: 2,
        domainVerificationRecord: { name: "example.com", zoneId: "ZPUBLIC123", type: "TXT", values: [SPF, KIRO_TOKEN] },
        ...setup.outputs,
    };
    const file = path.join(tmp, `outputs-${files++}.json`);
    fs.writeFileSync(file, JSON.stringify(outputs));
    const config = {
        assignGroups: '["Kiro-Users"]',
        domain: "example.com",
        domainVerificationToken: KIRO_TOKEN,
        scimEndpoint: scim.endpoint,
        scimToken: SCIM_TOKEN,
        ...setup.config,
    };
    const env: Record<string, string> = {
        OKTA_ORG_URL: oktaUrl,
        OKTA_API_TOKEN: OKTA_TOKEN,
        ...Object.fromEntries(Object.entries(config).map(([k, v]) => [envName(k), v])),
    };
    let stdout = "";
    let stderr = "";
    const code = await runVerify(
        [
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
        ],
        {
            env,
            stdout: (t) => (stdout += t),
            stderr: (t) => (stderr += t),
        },
    );
    return { code, stdout, stderr, lines: stdout.split("\n"), file, env };
}

/** The line for a check and, for a failure, its fix line. */
function line(out: { lines: string[] }, title: string): { line: string; fix?: string } {
    const i = out.lines.findIndex((l) => l.slice(2).startsWith(`${title}:`));
    if (i < 0) throw new Error(`no line for ${title} in:\n${out.lines.join("\n")}`);
    return { line: out.lines[i], fix: out.lines[i + 1]?.startsWith("    fix: ") ? out.lines[i + 1].slice("    fix: ".length) : undefined };
}

describe("a working setup", () => {
    it("passes every check and exits 0", async () => {
        const out = await verify();
        expect(out.stderr).toBe("");
        expect(out.lines).toEqual([
            `✔ Issuer metadata: ${oidc.metadataUrl}: issuer ${oidc.issuer}, PKCE S256`,
            "✔ Kiro scopes (implicit consent): codewhisperer:completions, codewhisperer:conversations: consent IMPLICIT",
            "✔ Access policy for the Kiro OIDC app: Kiro assigned to client kiro-client",
            '✔ Rule grants the Kiro scopes + offline_access: rule "Kiro scopes": codewhisperer:completions, codewhisperer:conversations, offline_access; authorization_code',
            "✔ OIDC app active with every redirect URI: Kiro-OIDC: ACTIVE, 12 redirect URIs",
            "✔ Groups (and users) assigned to both apps: Kiro-Users on Kiro-OIDC and Kiro-SAML",
            "✔ SCIM provisioning on the SCIM app: Kiro-SAML: PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, GROUP_PUSH",
            "✔ Domain verification TXT record: TXT example.com holds the Kiro token and the 1 value(s) there before",
            `✔ SCIM endpoint accepts the token: GET ${scim.endpoint}ServiceProviderConfig: 200`,
            "✔ SCIM endpoint rejects a wrong token: a wrong token gets HTTP 401",
            "verify: 10 of 10 checks passed, 0 failed, 0 skipped",
            "",
        ]);
        expect(out.code).toBe(0);
    });

    it("never prints a token, in text or JSON", async () => {
        for (const args of [[], ["--json"]]) {
            const out = await verify({ args });
            expect(out.stdout).not.toContain(OKTA_TOKEN);
            expect(out.stdout).not.toContain(SCIM_TOKEN);
        }
    });

    it("--json: every check as data, ok true", async () => {
        const out = await verify({ args: ["--json"] });
        const data = JSON.parse(out.stdout);
        expect(data.ok).toBe(true);
        expect(data.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
            "issuer:pass",
            "okta.scopes:pass",
            "okta.policy:pass",
            "okta.rule:pass",
            "okta.oidcApp:pass",
            "okta.assignments:pass",
            "okta.provisioning:pass",
            "dns.txt:pass",
            "scim.token:pass",
            "scim.rejects:pass",
        ]);
    });

    it("configured users assigned to both apps pass too", async () => {
        const s = goodOkta();
        s.users = [{ id: "00u-ada", login: "ada@example.com" }];
        s.apps["0oa-oidc"].users = ["00u-ada"];
        s.apps["0oa-saml"].users = ["00u-ada"];
        const out = await verify({ okta: s, config: { assignUsers: '["ada@example.com"]' } });
        expect(line(out, "Groups (and users) assigned to both apps").line).toBe(
            "✔ Groups (and users) assigned to both apps: Kiro-Users, ada@example.com on Kiro-OIDC and Kiro-SAML",
        );
        expect(out.code).toBe(0);
    });

    it("phase 1: the later phase's checks are skipped, not failed", async () => {
        const out = await verify({
            config: { domain: "", domainVerificationToken: "", scimEndpoint: "", scimToken: "" },
            outputs: { phase: 1, domainVerificationRecord: undefined },
        });
        expect(line(out, "SCIM provisioning on the SCIM app").line).toBe(
            "– SCIM provisioning on the SCIM app: skipped (phase 2 not configured (scimEndpoint, scimToken))",
        );
        expect(line(out, "Domain verification TXT record").line).toBe(
            "– Domain verification TXT record: skipped (phase 2 not configured (domain, domainVerificationToken))",
        );
        expect(out.lines).toContain("verify: 6 of 10 checks passed, 0 failed, 4 skipped");
        expect(out.code).toBe(0);
    });
});

describe("each failure: the ✘ line, where to fix it, exit 1", () => {
    const cases: [string, () => Setup, string, string, string][] = [
        [
            "a Kiro scope is missing",
            () => {
                const s = goodOkta();
                s.scopes = s.scopes.filter((x) => x.name !== "codewhisperer:conversations");
                return { okta: s };
            },
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): codewhisperer:conversations is missing",
            "Okta Admin > Security > API > Authorization Servers > Kiro > Scopes: codewhisperer:completions and codewhisperer:conversations with User consent: Implicit (or run `pulumi up`).",
        ],
        [
            "a scope asks for consent",
            () => {
                const s = goodOkta();
                s.scopes[0].consent = "REQUIRED";
                return { okta: s };
            },
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): codewhisperer:completions has consent REQUIRED",
            "Okta Admin > Security > API > Authorization Servers > Kiro > Scopes",
        ],
        [
            "the rule grants the wrong scopes",
            () => {
                const s = goodOkta();
                s.rules["00p1"] = [
                    { name: "Kiro scopes", scopes: ["codewhisperer:completions", "offline_access"], grantTypes: ["authorization_code"] },
                ];
                return { okta: s };
            },
            "Rule grants the Kiro scopes + offline_access",
            '✘ Rule grants the Kiro scopes + offline_access: "Kiro scopes": scopes codewhisperer:completions, offline_access; grants authorization_code',
            "Access Policies > Kiro > rule: Authorization Code, Scopes requested: the following scopes: codewhisperer:completions, codewhisperer:conversations, offline_access",
        ],
        [
            "the policy is not assigned to the Kiro client",
            () => {
                const s = goodOkta();
                s.policies[0].clients = ["0oa-other"];
                return { okta: s };
            },
            "Access policy for the Kiro OIDC app",
            "✘ Access policy for the Kiro OIDC app: no active policy is assigned to client kiro-client",
            "Access Policies: assign the Kiro policy to the Kiro OIDC app (client kiro-client), or run `pulumi up`.",
        ],
        [
            "a redirect URI is missing",
            () => {
                const s = goodOkta();
                s.apps["0oa-oidc"].redirectUris = s.apps["0oa-oidc"].redirectUris!.filter((u) => !u.includes(":3128/"));
                return { okta: s };
            },
            "OIDC app active with every redirect URI",
            "✘ OIDC app active with every redirect URI: missing redirect URIs: http://localhost:3128/oauth/callback",
            "Okta Admin > Applications > Kiro-OIDC > General: activate it and add the sign-in redirect URIs above (or run `pulumi up`).",
        ],
        [
            "a group is not assigned to the SAML app",
            () => {
                const s = goodOkta();
                s.apps["0oa-saml"].groups = [];
                return { okta: s };
            },
            "Groups (and users) assigned to both apps",
            '✘ Groups (and users) assigned to both apps: group "Kiro-Users" is not assigned to Kiro-SAML',
            "Okta Admin > Applications > (app) > Assignments: assign Kiro-Users to both Kiro-OIDC and Kiro-SAML (or run `pulumi up`).",
        ],
        [
            "a configured user is assigned to one app only",
            () => {
                const s = goodOkta();
                s.users = [{ id: "00u-ada", login: "ada@example.com" }];
                s.apps["0oa-oidc"].users = ["00u-ada"];
                return { okta: s, config: { assignUsers: '["ada@example.com"]' } };
            },
            "Groups (and users) assigned to both apps",
            '✘ Groups (and users) assigned to both apps: user "ada@example.com" is not assigned to Kiro-SAML',
            "assign Kiro-Users, ada@example.com to both Kiro-OIDC and Kiro-SAML (or run `pulumi up`).",
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
            () => {
                const s = goodOkta();
                s.apps["0oa-saml"].features = [];
                return { okta: s };
            },
            "SCIM provisioning on the SCIM app",
            "✘ SCIM provisioning on the SCIM app: Kiro-SAML lacks PUSH_NEW_USERS, PUSH_PROFILE_UPDATES, GROUP_PUSH (features: none)",
            "Follow `pulumi stack output scimRunbook`: Kiro-SAML > General > Provisioning: SCIM, then Provisioning > Integration: Push New Users, Push Profile Updates, Push Groups.",
        ],
        [
            "provisioning is off on the catalog app (scimApp catalog): the catalog app's steps",
            () => {
                const s = goodOkta();
                s.apps["0oa-scim"] = { ...s.apps["0oa-saml"], label: "Kiro-SCIM", features: ["PUSH_NEW_USERS"] };
                return { okta: s, config: { scimApp: "catalog", samlAppLabel: "Kiro-SCIM" }, outputs: { samlAppId: "0oa-scim" } };
            },
            "SCIM provisioning on the SCIM app",
            "✘ SCIM provisioning on the SCIM app: Kiro-SCIM lacks PUSH_PROFILE_UPDATES, GROUP_PUSH (features: PUSH_NEW_USERS)",
            "Follow `pulumi stack output scimRunbook`: Kiro-SCIM > Provisioning > Configure API Integration: Enable API integration (Base URL, API Token), then To App: Create Users, Update User Attributes, Deactivate Users.",
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
            "Restore them in Route53 (they are in the domainVerificationRecord output), or run `pulumi up`.",
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
            () => {
                const s = goodOkta();
                s.token = "a-different-token";
                return { okta: s };
            },
            "Kiro scopes (implicit consent)",
            "✘ Kiro scopes (implicit consent): Okta API:",
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

    it("Okta is down: every Okta check fails clearly, after bounded retries, without hanging", async () => {
        const down = await okta(goodOkta());
        await down.close();
        const started = Date.now();
        const out = await verify({ oktaUrl: down.url });
        expect(Date.now() - started).toBeLessThan(10_000);
        const scopes = line(out, "Kiro scopes (implicit consent)");
        expect(scopes.line).toMatch(/^✘ Kiro scopes \(implicit consent\): Okta API: .*(ECONNREFUSED|connect)/);
        expect(scopes.fix).toBe("Check that this machine reaches the Okta org, then run verify again.");
        for (const title of [
            "Access policy for the Kiro OIDC app",
            "OIDC app active with every redirect URI",
            "Groups (and users) assigned to both apps",
            "SCIM provisioning on the SCIM app",
        ]) {
            expect(line(out, title).line.startsWith("✘ ")).toBe(true);
        }
        expect(line(out, "Issuer metadata").line.startsWith("✔ ")).toBe(true);
        expect(out.code).toBe(1);
    });

    it("Okta is slow: a timeout, not a hang", async () => {
        const slow = goodOkta();
        slow.delayMs = 4000;
        const started = Date.now();
        const out = await verify({ okta: slow, args: ["--timeout", "300", "--retries", "1"] });
        expect(Date.now() - started).toBeLessThan(4000);
        expect(line(out, "Kiro scopes (implicit consent)").line).toMatch(
            /^✘ Kiro scopes \(implicit consent\): Okta API: .*(no answer within 300 ms|timeout)/,
        );
        expect(out.code).toBe(1);
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
        const out = await verify({ oktaUrl: "http://127.0.0.1:9" });
        expect(out.code).toBe(1);
        const env = { ...out.env, OKTA_API_TOKEN: "" };
        let stdout = "";
        const code = await runVerify(["--outputs", out.file, "--resolver", dns.address, "--ca-file", scim.caFile], {
            env,
            stdout: (t) => (stdout += t),
            stderr: () => {},
        });
        expect(code).toBe(1);
        expect(stdout).toContain(
            "✘ Kiro scopes (implicit consent): no Okta credentials\n    fix: Give verify the stack's Okta credentials: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY",
        );
    });
});

describe("inputs", () => {
    it("bad usage and missing outputs exit 2", async () => {
        const io = { env: {}, stdout: () => {}, stderr: () => {} };
        expect(await runVerify([], io)).toBe(2);
        expect(await runVerify(["--stack", "dev", "--outputs", "x.json"], io)).toBe(2);
        const empty = path.join(tmp, "empty.json");
        fs.writeFileSync(empty, "{}");
        let stderr = "";
        expect(await runVerify(["--outputs", empty], { env: {}, stdout: () => {}, stderr: (t) => (stderr += t) })).toBe(2);
        expect(stderr).toContain(
            "missing stack outputs issuerMetadataUrl, clientId, authServerId, oidcAppId, samlAppId; run `pulumi up` first",
        );
    });

    it("the Okta org: named by OKTA_ORG_NAME or OKTA_ORG_URL; neither, or a bad URL, exits 2", async () => {
        const out = await verify();
        for (const [env, message] of [
            [{ OKTA_ORG_URL: "" }, "okta:orgName: is not set"],
            [{ OKTA_ORG_URL: "not a url" }, 'OKTA_ORG_URL: "not a url" is not a URL; expected https://<org>.okta.com'],
        ] as const) {
            let stderr = "";
            const code = await runVerify(["--outputs", out.file], {
                env: { ...out.env, ...env },
                stdout: () => {},
                stderr: (t) => (stderr += t),
            });
            expect(code).toBe(2);
            expect(stderr).toContain(message);
        }
    });

    it("--stack reads `pulumi stack output` and `pulumi config` (secrets shown to verify, not printed)", async () => {
        const calls: string[] = [];
        const exec = (file: string, args: string[]) => {
            calls.push(`${file} ${args.join(" ")}`);
            if (args[0] === "stack") {
                return Promise.resolve({
                    stdout: JSON.stringify({
                        issuerMetadataUrl: oidc.metadataUrl,
                        clientId: "kiro-client",
                        authServerId: "aus1",
                        oidcAppId: "0oa-oidc",
                        samlAppId: "0oa-saml",
                    }),
                });
            }
            return Promise.resolve({
                stdout: JSON.stringify({
                    "kiro-okta:assignGroups": { value: '["Kiro-Users"]', objectValue: ["Kiro-Users"], secret: false },
                    "kiro-okta:scimEndpoint": { value: scim.endpoint, secret: false },
                    "kiro-okta:scimToken": { value: SCIM_TOKEN, secret: true },
                    "okta:orgName": { value: "acme", secret: false },
                    "okta:apiToken": { value: OKTA_TOKEN, secret: true },
                }),
            });
        };
        const inputs = await inputsFromStack("dev", {}, exec);
        expect(calls).toEqual(["pulumi stack output --stack dev --json --show-secrets", "pulumi config --stack dev --json --show-secrets"]);
        expect(inputs.config).toMatchObject({ assignGroups: ["Kiro-Users"], scimEndpoint: scim.endpoint, scimToken: SCIM_TOKEN });
        expect(inputs.oktaOrgUrl).toBe("https://acme.okta.com");
        expect(inputs.oktaAuth).toEqual({ token: OKTA_TOKEN });
    });
});
