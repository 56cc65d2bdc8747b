import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { JSDOM } from "jsdom";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ConfigError, parseConfig } from "../components/config/fromPulumi";
import { README_END, README_START, runPlan } from "../commands/plan/cli";
import { readStackConfig } from "../commands/common/stackConfig";

const ROOT = process.cwd();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-plan-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stack file in a temporary copy of the project's Pulumi.yaml. */
function stackFile(name: string, yaml: string): string {
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(tmp, "Pulumi.yaml"));
    fs.copyFileSync(path.join(ROOT, "README.md"), path.join(tmp, "README.md"));
    const file = path.join(tmp, name);
    fs.writeFileSync(file, yaml);
    return file;
}

const PHASE1_YAML = `config:
  okta:orgName: acme
  okta:baseUrl: okta.com
  kiro-okta:assignGroups: [Kiro-Users]
`;
const PHASE2_YAML = `${PHASE1_YAML}  kiro-okta:domain: example.com
  kiro-okta:domainVerificationToken: kiro-verify=abc
  kiro-okta:scimEndpoint: https://scim.example.com/v2/
  kiro-okta:scimToken:
    secure: v1:AAAABBBBccccDDDD
`;
const PHASE3_YAML = `${PHASE2_YAML}  kiro-okta:pushGroups: [Kiro-Push]
`;

async function plan(argv: string[], projectDir = ROOT) {
    let stdout = "";
    let stderr = "";
    const code = await runPlan(argv, {
        projectDir,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        load: () => {
            vi.resetModules();
            return import("../index.js");
        },
    });
    return { code, stdout, stderr };
}

describe("npm run plan for the dev stack", () => {
    let out: Awaited<ReturnType<typeof plan>>;
    beforeAll(async () => {
        out = await plan([]);
    });

    it("reads Pulumi.dev.yaml and says which phase it reaches", () => {
        expect(out.code).toBe(0);
        expect(out.stderr).toBe("");
        expect(out.stdout).toMatch(/^kiro-okta plan for stack dev \(Pulumi.dev.yaml\): reaches phase 1 of 3\n/);
        expect(out.stdout.split("\n")[2]).toBe("Everything below is under kiro-okta:index:KiroOkta kiro.");
        expect(out.stdout.split("\n")[1]).toBe(
            "SCIM app: custom-saml, the guide's custom SAML 2.0 app. Changing scimApp on a deployed stack replaces the SCIM app: the old app is deleted and a new one created (new app ID), the assignments and pushes move to the new app, and SCIM provisioning must be set up again on it (scimRunbook output).",
        );
    });

    it.each([
        "Phase 1: Okta: OIDC app, authorization server, SCIM app, assignments",
        "  kiro:okta:OidcApp kiro-oidc\n    okta.app.OAuth kiro-oidc [protected]\n      label: Kiro-OIDC\n      type: native\n      grantTypes: authorization_code, refresh_token",
        "      tokenEndpointAuthMethod: none\n      pkceRequired: true\n      refreshTokenRotation: ROTATE",
        "      redirectUris:\n        - http://localhost:3128/oauth/callback\n        - http://localhost:2128/oauth/callback",
        "        - kiro://kiro.oauth/callback",
        "    okta.auth.Server kiro-auth [protected]",
        "      name: codewhisperer:completions\n      consent: IMPLICIT",
        "      name: codewhisperer:conversations\n      consent: IMPLICIT",
        "      clientWhitelists: <kiro-oidc client ID>",
        "      scopeWhitelists: codewhisperer:completions, codewhisperer:conversations, offline_access\n      grantTypeWhitelists: authorization_code",
        "      waits for: kiro-auth, kiro-auth-codewhisperer-completions, kiro-auth-codewhisperer-conversations, kiro-auth-policy",
        "    okta.app.Saml kiro-saml\n      label: Kiro-SAML\n      ssoUrl: https://okta.com\n      audience: kiro",
        "      ignores changes to: userNameTemplatePushStatus",
        "    okta.app.GroupAssignment kiro-oidc-group-Kiro-Users\n      appId: <kiro-oidc id>\n      groupId: <id of group Kiro-Users>\n      priority: 1",
        "    okta.app.GroupAssignment kiro-saml-group-Kiro-Admins\n      appId: <kiro-saml id>\n      groupId: <id of group Kiro-Admins>\n      priority: 2",
        "Phase 2: Kiro profile values: domain verification record, SCIM runbook: not reached; set domain, domainVerificationToken, scimEndpoint, scimToken",
        "Phase 3: Group push to Kiro over SCIM: not reached; set pushGroups",
        "  issuerMetadataUrl: <kiro-auth issuer>/.well-known/openid-configuration\n  clientId: <kiro-oidc client ID>",
    ])("shows %j", (lines) => expect(out.stdout).toContain(lines));

    it("creates no TXT record or group push before their phase", () => {
        expect(out.stdout).not.toContain("aws.route53.Record");
        expect(out.stdout).not.toContain("okta.PushGroup");
    });
});

describe("each phase", () => {
    it("phase 2: the TXT record, the SCIM endpoint in the runbook, the token never", async () => {
        const out = await plan(["--config", stackFile("Pulumi.p2.yaml", PHASE2_YAML)], tmp);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain(": reaches phase 2 of 3");
        expect(out.stdout).toContain(
            "  kiro:aws:DomainVerification kiro-domain\n    aws.route53.Record kiro-domain\n      zoneId: <public zone example.com>\n      name: example.com\n      type: TXT\n      ttl: 300\n      records: kiro-verify=abc",
        );
        expect(out.stdout).toContain("    |    SCIM connector base URL: https://scim.example.com/v2/");
        expect(out.stdout).not.toContain("AAAABBBBccccDDDD");
        expect(out.stdout).toContain("Phase 3: Group push to Kiro over SCIM: not reached; set pushGroups");
    });

    it("phase 3: a push per listed push group, separate from the assigned groups, kept in Kiro on destroy", async () => {
        const out = await plan(["--config", stackFile("Pulumi.p3.yaml", PHASE3_YAML)], tmp);
        expect(out.stdout).toContain(": reaches phase 3 of 3");
        expect(out.stdout).toContain(
            "Phase 3: Group push to Kiro over SCIM\n  kiro:okta:GroupPush kiro-push\n    okta.PushGroup kiro-push-Kiro-Push\n      appId: <kiro-saml id>\n      sourceGroupId: <id of group Kiro-Push>\n      deleteTargetGroupOnDestroy: false\n      waits for: kiro-saml, kiro-saml-group-Kiro-Users",
        );
        expect(out.stdout).toContain("Push Groups: done by this stack (Kiro-Push)");
    });

    it("shows the rule's token lifetimes as the stack sets them (15, 1440, 120)", async () => {
        const lifetimes = `${PHASE1_YAML}  kiro-okta:accessTokenLifetimeMinutes: "15"\n  kiro-okta:refreshTokenLifetimeMinutes: "1440"\n  kiro-okta:refreshTokenWindowMinutes: "120"\n`;
        const out = await plan(["--config", stackFile("Pulumi.lifetimes.yaml", lifetimes)], tmp);
        expect(out.code, out.stderr).toBe(0);
        const rule = out.stdout.slice(out.stdout.indexOf("okta.auth.ServerPolicyRule"));
        expect(rule).toMatch(/accessTokenLifetimeMinutes: 15\b/);
        expect(rule).toMatch(/refreshTokenLifetimeMinutes: 1440\b/);
        expect(rule).toMatch(/refreshTokenWindowMinutes: 120\b/);
    });

    it("an empty push list is not phase 3", async () => {
        const out = await plan(["--config", stackFile("Pulumi.p2e.yaml", `${PHASE2_YAML}  kiro-okta:pushGroups: []\n`)], tmp);
        expect(out.stdout).toContain(": reaches phase 2 of 3");
        expect(out.stdout).toContain("Phase 3: Group push to Kiro over SCIM: not reached; set pushGroups");
    });

    it("scimApp catalog: the AWS IAM Identity Center app instead of the SAML app, what it ignores, and what switching does", async () => {
        const out = await plan(["--config", stackFile("Pulumi.cat.yaml", `${PHASE3_YAML}  kiro-okta:scimApp: catalog\n`)], tmp);
        expect(out.code).toBe(0);
        expect(out.stdout.split("\n")[1]).toBe(
            "SCIM app: catalog, Okta's AWS IAM Identity Center catalog app (Kiro's current guide). Changing scimApp on a deployed stack replaces the SCIM app: the old app is deleted and a new one created (new app ID), the assignments and pushes move to the new app, and SCIM provisioning must be set up again on it (scimRunbook output).",
        );
        expect(out.stdout).toContain(
            "  kiro:okta:IdentityCenterApp kiro-scim\n    okta.app.Saml kiro-scim\n      label: Kiro-SAML\n      preconfiguredApp: amazon_aws_sso\n      hideWeb: true",
        );
        expect(out.stdout).toContain("      ignores changes to: ssoUrl, recipient, destination, audience");
        expect(out.stdout).not.toContain("kiro:okta:SamlApp");
        expect(out.stdout).toContain("    okta.app.GroupAssignment kiro-scim-group-Kiro-Users\n      appId: <kiro-scim id>");
        expect(out.stdout).toContain("    okta.PushGroup kiro-push-Kiro-Push\n      appId: <kiro-scim id>");
        expect(out.stdout).toContain("1. Provisioning > Configure API Integration: Enable API integration.");
    });
});

describe("bad config", () => {
    const BAD = `config:
  okta:orgName: acme
  okta:baseUrl: okta.com
  kiro-okta:assignGroups: []
  kiro-okta:redirectPorts: [0, 3128]
  kiro-okta:scimEndpoint: http://scim.example.com
`;

    it("prints the same errors `pulumi up` gives and exits 1", async () => {
        const file = stackFile("Pulumi.bad.yaml", BAD);
        const out = await plan(["--config", file], tmp);
        expect(out.code).toBe(1);
        expect(out.stdout).toBe("");
        // The same text parseConfig produces for these values, as the program raises it under `pulumi up`.
        let expected = "";
        try {
            parseConfig({
                values: { assignGroups: "[]", redirectPorts: "[0,3128]", scimEndpoint: "http://scim.example.com" },
                okta: { orgName: "acme", baseUrl: "okta.com" },
                secretKeys: new Set(),
                env: {},
            });
        } catch (e) {
            expected = (e as ConfigError).message;
        }
        expect(expected).toContain("redirectPorts[0]: 0 is out of range");
        expect(out.stderr).toBe(`${expected}\n`);
        await expect(out.stderr).toMatchFileSnapshot("golden/plan-invalid-config.txt");
    });

    it("with --json: the problems as data", async () => {
        const out = await plan(["--config", stackFile("Pulumi.bad.yaml", BAD), "--json"], tmp);
        expect(out.code).toBe(1);
        expect(JSON.parse(out.stdout)).toEqual({
            ok: false,
            configFile: "Pulumi.bad.yaml",
            errors: [
                "assignGroups: is empty; expected at least one Okta group name",
                "redirectPorts[0]: 0 is out of range; expected an integer from 1 to 65535",
                'scimEndpoint: "http://scim.example.com" is not an https URL; expected the https SCIM endpoint exactly as the Kiro console shows it (Settings, Identity management), such as https://scim.us-east-1.amazonaws.com/<id>/scim/v2',
                "scimToken: is not set but scimEndpoint is; expected both, from the Kiro console (the token as a secret)",
            ],
        });
    });

    it("a missing stack file or bad flags exit 2 with usage", async () => {
        expect(await plan(["--stack", "nope"])).toMatchObject({ code: 2, stderr: "Pulumi.nope.yaml: no such stack config file\n" });
        const bad = await plan(["--colour"]);
        expect(bad.code).toBe(2);
        expect(bad.stderr).toContain("usage: npm run plan --");
        expect((await plan(["--json", "--mermaid"])).code).toBe(2);
    });
});

describe("--json", () => {
    it("has the phases, components, resources with settings and options, and outputs", async () => {
        const out = await plan(["--json"]);
        const data = JSON.parse(out.stdout);
        expect(data).toMatchObject({ ok: true, stack: "dev", configFile: "Pulumi.dev.yaml", reachedPhase: 1 });
        expect(data.phases.map((p: { phase: number; reached: boolean }) => [p.phase, p.reached])).toEqual([
            [1, true],
            [2, false],
            [3, false],
        ]);
        expect(data.phases[1].missing).toEqual(["domain", "domainVerificationToken", "scimEndpoint", "scimToken"]);
        const oidc = data.phases[0].components.find((c: { type: string }) => c.type === "kiro:okta:OidcApp");
        expect(oidc.resources[0]).toMatchObject({
            type: "okta.app.OAuth",
            name: "kiro-oidc",
            protect: true,
            retainOnDelete: false,
            ignoreChanges: [],
            waitsFor: [],
            settings: { type: "native", tokenEndpointAuthMethod: "none", pkceRequired: true },
        });
        expect(data.outputs.clientId).toBe("<kiro-oidc client ID>");
    });
});

describe("--mermaid", () => {
    let mermaid: { parse(text: string): Promise<unknown> };
    beforeAll(async () => {
        // mermaid's parser needs a DOM (DOMPurify); jsdom provides one.
        const dom = new JSDOM("<!doctype html><html><body></body></html>");
        Object.assign(globalThis, { window: dom.window, document: dom.window.document });
        mermaid = (await import("mermaid")).default;
    });
    // Test files share workers (vitest.config.mts): leave no DOM behind.
    afterAll(() => {
        delete (globalThis as { window?: unknown }).window;
        delete (globalThis as { document?: unknown }).document;
    });

    it("is a flowchart that mermaid's own parser accepts, for every phase", async () => {
        for (const args of [["--mermaid"], ["--mermaid", "--config", stackFile("Pulumi.p3m.yaml", PHASE3_YAML)]]) {
            const out = await plan(args, args.length > 1 ? tmp : ROOT);
            expect(out.code).toBe(0);
            expect(out.stdout).toMatch(/^flowchart LR\n/);
            await expect(mermaid.parse(out.stdout)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
        }
    });

    it("the parser is real: it rejects a broken graph", async () => {
        await expect(mermaid.parse("flowchart LR\n  r0 --> \n  [[[")).rejects.toThrow(/Parse error/);
    });

    it("draws each wait as an edge: the rule after the scopes and the policy", async () => {
        const out = (await plan(["--mermaid"])).stdout;
        const id = (name: string) => out.match(new RegExp(`(r\\d+)\\["[^"]*<br/>${name}"\\]`))![1];
        for (const dep of ["kiro-auth-codewhisperer-completions", "kiro-auth-codewhisperer-conversations", "kiro-auth-policy"]) {
            expect(out).toContain(`  ${id(dep)} --> ${id("kiro-auth-rule")}\n`);
        }
    });

    it("every Mermaid diagram in the README parses (the hand-drawn overview too)", async () => {
        const blocks = [...fs.readFileSync("README.md", "utf8").matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
        expect(blocks.length).toBe(2);
        for (const block of blocks) await expect(mermaid.parse(block)).resolves.toMatchObject({ diagramType: "flowchart-v2" });
    });

    it("the README's graph is the one the program draws from Pulumi.dev.yaml", async () => {
        const graph = (await plan(["--mermaid"])).stdout;
        const readme = fs.readFileSync("README.md", "utf8");
        const block = readme.slice(readme.indexOf(README_START) + README_START.length, readme.indexOf(README_END));
        expect(block, "README graph is stale: run `npm run plan -- --mermaid --update-readme`").toBe(`\n\`\`\`mermaid\n${graph}\`\`\`\n`);
    });
});

describe("stack files", () => {
    it("apply Pulumi.yaml's defaults and hide encrypted values", () => {
        const cfg = readStackConfig(tmp, stackFile("Pulumi.p2s.yaml", PHASE2_YAML));
        expect(cfg.config["kiro-okta:scimToken"]).toBe("[secret]");
        expect(cfg.secretKeys).toEqual(["kiro-okta:scimToken"]);
        expect(cfg.config["kiro-okta:protect"]).toBe("true");
        expect(cfg.config["kiro-okta:assignGroups"]).toBe('["Kiro-Users"]');
    });
});

describe("the command itself", () => {
    const TSX = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

    it("the entry point passes the exit code on: 1 for a bad config", () => {
        const badFile = stackFile(
            "Pulumi.badcli.yaml",
            "config:\n  okta:orgName: acme\n  okta:baseUrl: okta.com\n  kiro-okta:assignGroups: [A]\n  kiro-okta:pushGroups: [Kiro-Push]\n",
        );
        const bad = spawnSync(process.execPath, [TSX, path.join(ROOT, "commands/plan/index.ts"), "--config", badFile], {
            cwd: tmp,
            encoding: "utf8",
        });
        expect(bad.status).toBe(1);
        expect(bad.stderr).toContain("pushGroups: lists groups but scimEndpoint and scimToken are not set");
    });

    it("a bug in a command exits 3 with its stack trace, apart from usage errors (2) and failures (1)", () => {
        const script = path.join(tmp, "buggy.ts");
        fs.writeFileSync(
            script,
            `import { runCommand } from ${JSON.stringify(path.join(ROOT, "commands/common/command"))};\nrunCommand(async () => { throw new TypeError("undefined is not a function"); });\n`,
        );
        const run = spawnSync(process.execPath, [TSX, script], { cwd: ROOT, encoding: "utf8" });
        expect(run.status).toBe(3);
        expect(run.stderr).toContain("kiro-okta: internal error (a bug; please report it with this trace):");
        expect(run.stderr).toMatch(/TypeError: undefined is not a function\n\s+at /);
    });
});
