import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runAdopt } from "../commands/adopt/cli";
import { transcriptOf } from "../commands/docs/transcripts";
import { kiroOrg, type OktaDoubleState, startOktaDouble } from "./support/oktaDouble";
import { parseImportFile } from "./support/importFileRules";
import { type Route53State, startRoute53Double } from "./support/route53Double";
import { iamActions, oktaCallFor } from "../commands/common/net/permissions";
import { type FakeOkta, type ProgramRun, runProgram } from "./support/harness";

const ROOT = process.cwd();
const TOKEN = "okta-token-for-adopt";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-adopt-"));
const running: { close(): Promise<void> }[] = [];
afterAll(async () => {
    await Promise.all(running.map((r) => r.close()));
    fs.rmSync(tmp, { recursive: true, force: true });
});

const SPF = '"v=spf1 include:_spf.example.net ~all"';
const ROUTE53: Route53State = {
    zones: [
        { id: "ZPRIVATE9", name: "example.com", private: true },
        { id: "ZPUBLIC123", name: "example.com" },
    ],
    recordSets: [{ zoneId: "ZPUBLIC123", name: "example.com", type: "TXT", ttl: 3600, values: [SPF] }],
};

/** The stack the org was set up for by hand: phase 3, one group, one push group, the domain. */
const STACK = `config:
  okta:orgName: acme
  okta:baseUrl: okta.com
  kiro-okta:assignGroups: [Kiro-Users]
  kiro-okta:pushGroups: [Kiro-Push]
  kiro-okta:domain: example.com
  kiro-okta:domainVerificationToken: kiro-verification=abc123
  kiro-okta:scimEndpoint: https://scim.us-east-1.amazonaws.com/abcd/scim/v2
  kiro-okta:scimToken:
    secure: v1:AAAAbbbbCCCC
`;

let files = 0;
async function adopt(org: OktaDoubleState, args: string[] = [], stack = STACK, route53: Route53State = ROUTE53) {
    const okta = await startOktaDouble(org);
    const r53 = await startRoute53Double(route53);
    running.push(okta, r53);
    const config = path.join(tmp, `Pulumi.adopt${files}.yaml`);
    const out = path.join(tmp, `adopt-${files++}.json`);
    fs.writeFileSync(config, stack);
    let stdout = "";
    let stderr = "";
    const env = {
        OKTA_ORG_URL: okta.url,
        OKTA_API_TOKEN: TOKEN,
        AWS_ENDPOINT_URL_ROUTE_53: r53.url,
        AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
        AWS_SECRET_ACCESS_KEY: "secret-for-the-double",
        AWS_REGION: "us-east-1",
    };
    const code = await runAdopt(["--config", config, "--out", out, "--timeout", "2000", "--retries", "0", ...args], {
        projectDir: ROOT,
        env,
        stdout: (t) => (stdout += t),
        stderr: (t) => (stderr += t),
        load: () => {
            vi.resetModules();
            return import("../index.js");
        },
    });
    const file = fs.existsSync(out)
        ? (JSON.parse(fs.readFileSync(out, "utf8")) as { nameTable: Record<string, string>; resources: Record<string, any>[] })
        : undefined;
    return { code, stdout, stderr, file, okta, r53, config, outPath: out };
}

/** What the program registers for the same config, against a fake org with the double's IDs. */
async function registrations(org: OktaDoubleState): Promise<ProgramRun> {
    const fake: FakeOkta = {
        groups: org.groups.map((g) => ({ id: g.id, name: g.name })),
        users: org.users.map((u) => ({ id: u.id, login: u.login })),
    };
    const run = await runProgram({
        config: {
            "okta:orgName": "acme",
            "okta:baseUrl": "okta.com",
            assignGroups: ["Kiro-Users"],
            pushGroups: ["Kiro-Push"],
            domain: "example.com",
            domainVerificationToken: "kiro-verification=abc123",
            scimEndpoint: "https://scim.us-east-1.amazonaws.com/abcd/scim/v2",
            scimToken: "x",
        },
        secretKeys: ["scimToken"],
        okta: fake,
        stack: "adopt",
        route53: { zones: [{ id: "ZPUBLIC123", name: "example.com" }], recordSets: [] },
    });
    if (run.error) throw run.error;
    return run;
}

describe("a complete hand-made setup", () => {
    it("is written as an import file, entry by entry the program's own registrations, with the IDs pulumi import takes", async () => {
        const org = kiroOrg(TOKEN);
        const out = await adopt(org);
        expect(out.stderr).toBe("");
        expect(out.code).toBe(0);
        const file = out.file!;
        const program = await registrations(org);
        // The file as the CLI reads it: every entry resolves, and to the URN the program registers.
        const parsed = parseImportFile(file, "adopt", "kiro-okta");
        expect(parsed.errors).toEqual([]);
        expect([...parsed.urns.values()].sort()).toEqual(program.resources.map((r) => r.urn).sort());
        const ids = Object.fromEntries(file.resources.filter((r) => !r.component).map((r) => [`${r.type} ${r.logicalName}`, r.id]));
        expect(ids).toEqual({
            "okta:app/oAuth:OAuth kiro-oidc": "0oa-oidc",
            "okta:auth/server:Server kiro-auth": "aus1",
            "okta:auth/serverScope:ServerScope kiro-auth-codewhisperer-completions": "aus1/scp-aus1-0",
            "okta:auth/serverScope:ServerScope kiro-auth-codewhisperer-conversations": "aus1/scp-aus1-1",
            "okta:auth/serverPolicy:ServerPolicy kiro-auth-policy": "aus1/00p-kiro",
            "okta:auth/serverPolicyRule:ServerPolicyRule kiro-auth-rule": "aus1/00p-kiro/0pr-kiro",
            "okta:app/saml:Saml kiro-saml": "0oa-saml",
            "okta:app/groupAssignment:GroupAssignment kiro-oidc-group-Kiro-Users": "0oa-oidc/00g-users",
            "okta:app/groupAssignment:GroupAssignment kiro-saml-group-Kiro-Users": "0oa-saml/00g-users",
            "okta:index/pushGroup:PushGroup kiro-push-Kiro-Push": "0oa-saml/gPm-push",
            "aws:route53/record:Record kiro-domain": "ZPUBLIC123_example.com_TXT",
        });
        // Components are created empty by the import; custom resources carry the provider version the program uses.
        expect(file.resources.filter((r) => r.component).map((r) => `${r.type} ${r.logicalName}`)).toEqual([
            "kiro-okta:index:KiroOkta kiro",
            "kiro:okta:OidcApp kiro-oidc",
            "kiro:okta:AuthorizationServer kiro-auth",
            "kiro:okta:SamlApp kiro-saml",
            "kiro:okta:Assignments kiro",
            "kiro:okta:GroupPush kiro-push",
            "kiro:aws:DomainVerification kiro-domain",
        ]);
        const version = (pkg: string) => JSON.parse(fs.readFileSync(`node_modules/@pulumi/${pkg}/package.json`, "utf8")).version;
        for (const r of file.resources.filter((x) => !x.component)) expect(r.version).toBe(version(r.type.split(":")[0]));
        expect(file.nameTable).toEqual({});
    });

    it("says what it found and what to run next", async () => {
        const out = await adopt(kiroOrg(TOKEN));
        expect(out.stdout).toContain('✔ import okta.app.OAuth kiro-oidc: 0oa-oidc ("Kiro-OIDC", native, ACTIVE)');
        expect(out.stdout).toContain(
            "✔ import aws.route53.Record kiro-domain: ZPUBLIC123_example.com_TXT (TXT example.com (1 value(s)); the stack adds the Kiro token to them)",
        );
        expect(out.stdout).toMatch(/Wrote .*adopt-\d+\.json: 11 resources to import, 7 components, 0 to create\./);
        expect(out.stdout).toContain("pulumi import --file ");
        expect(out.stdout).toContain("--protect=false --generate-code=false");
        expect(out.stdout).toContain("pulumi preview");
    });

    it("is read-only: only GETs reach Okta and Route53", async () => {
        const out = await adopt(kiroOrg(TOKEN));
        expect(out.okta.requests.length).toBeGreaterThan(5);
        expect(out.okta.requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
        expect(out.r53.requests.length).toBeGreaterThan(0);
        expect(out.r53.requests.filter((r) => !r.startsWith("GET "))).toEqual([]);
        // Every request is one commands/common/net/permissions.ts lists for adopt, so the README's least privileges are what adopt uses.
        for (const request of out.okta.requests) {
            const [method, target] = request.split(" ");
            expect(oktaCallFor(method, new URL(target, "http://x").pathname)?.by, request).toContain("adopt");
        }
        const route53Actions: Record<string, string> = {
            "/2013-04-01/hostedzonesbyname": "route53:ListHostedZonesByName",
            "/2013-04-01/hostedzone/{id}/rrset": "route53:ListResourceRecordSets",
        };
        const used = out.r53.requests.map(
            (r) => route53Actions[new URL(r.split(" ")[1], "http://x").pathname.replace(/hostedzone\/[^/]+\//, "hostedzone/{id}/")],
        );
        expect([...new Set(used)].sort()).toEqual(iamActions("adopt"));
        // The private zone of the same name is not the one.
        expect(out.file!.resources.find((r) => r.type === "aws:route53/record:Record")!.id).toBe("ZPUBLIC123_example.com_TXT");
    });
});

describe("partial and differing setups", () => {
    it("partial: what is missing is left out and reported as to be created", async () => {
        const org = kiroOrg(TOKEN);
        org.authServers = [];
        org.apps[1].groups = [];
        org.apps[1].pushes = [];
        org.apps[0].oauth!.pkceRequired = false;
        const out = await adopt(org, [], STACK, { zones: ROUTE53.zones, recordSets: [] });
        expect(out.code).toBe(0);
        for (const line of [
            '✔ import okta.app.OAuth kiro-oidc: 0oa-oidc ("Kiro-OIDC", native, ACTIVE; PKCE is not required: the stack changes it)',
            '+ create okta.auth.Server kiro-auth (Okta has no authorization server named "Kiro")',
            "+ create okta.auth.ServerScope kiro-auth-codewhisperer-completions (the server is to be created)",
            "+ create okta.app.GroupAssignment kiro-saml-group-Kiro-Users (Kiro-Users is not assigned to Kiro-SAML yet)",
            "+ create okta.PushGroup kiro-push-Kiro-Push (Kiro-Push is not pushed yet)",
            "+ create aws.route53.Record kiro-domain (no TXT record set at example.com yet)",
        ]) {
            expect(out.stdout).toContain(line);
        }
        expect(
            out
                .file!.resources.filter((r) => !r.component)
                .map((r) => r.logicalName)
                .sort(),
        ).toEqual(["kiro-oidc", "kiro-oidc-group-Kiro-Users", "kiro-saml"]);
        expect(parseImportFile(out.file!, "adopt", "kiro-okta").errors).toEqual([]);
        expect(out.stdout).toMatch(/3 resources to import, 7 components, 8 to create/);
    });

    it("two ACTIVE OIDC apps with the same label: blocked, both IDs listed, nothing written; --oidc-app-id picks one", async () => {
        const org = kiroOrg(TOKEN);
        org.apps.push({ ...org.apps[0], id: "0oa-oidc-2", groups: [] });
        const blocked = await adopt(org);
        expect(blocked.code).toBe(1);
        expect(blocked.file).toBeUndefined();
        expect(blocked.stderr).toContain(
            'okta.app.OAuth kiro-oidc: 2 OIDC apps are labelled "Kiro-OIDC": 0oa-oidc (ACTIVE), 0oa-oidc-2 (ACTIVE); name the one Kiro uses with --oidc-app-id',
        );
        const picked = await adopt(org, ["--oidc-app-id", "0oa-oidc"]);
        expect(picked.code).toBe(0);
        expect(picked.file!.resources.find((r) => r.type === "okta:app/oAuth:OAuth")!.id).toBe("0oa-oidc");
    });

    it("an INACTIVE look-alike (an earlier try) beside each ACTIVE object: the ACTIVE one is adopted, the other named", async () => {
        const org = kiroOrg(TOKEN);
        org.apps.push({ ...org.apps[0], id: "0oa-oidc-old", status: "INACTIVE", groups: [] });
        org.apps.push({ ...org.apps[1], id: "0oa-saml-old", status: "INACTIVE", groups: [], pushes: [] });
        org.authServers.push({ ...org.authServers[0], id: "aus-old", status: "INACTIVE", policies: [] });
        const out = await adopt(org);
        expect(out.code).toBe(0);
        const ids = Object.fromEntries(out.file!.resources.filter((r) => r.id).map((r) => [r.type, r.id]));
        expect(ids).toMatchObject({
            "okta:app/oAuth:OAuth": "0oa-oidc",
            "okta:app/saml:Saml": "0oa-saml",
            "okta:auth/server:Server": "aus1",
        });
        expect(out.stdout).toContain("the ACTIVE one; also labelled so, left alone: 0oa-oidc-old (INACTIVE)");
        expect(out.stdout).toContain("the ACTIVE one; also labelled so, left alone: 0oa-saml-old (INACTIVE)");
        expect(out.stdout).toContain("the ACTIVE one; also labelled so, left alone: aus-old (INACTIVE)");
    });

    it("two INACTIVE look-alikes and no ACTIVE one: ambiguous", async () => {
        const org = kiroOrg(TOKEN);
        org.apps[0].status = "INACTIVE";
        org.apps.push({ ...org.apps[0], id: "0oa-oidc-old", groups: [] });
        const out = await adopt(org);
        expect(out.code).toBe(1);
        expect(out.stderr).toContain('2 OIDC apps are labelled "Kiro-OIDC": 0oa-oidc (INACTIVE), 0oa-oidc-old (INACTIVE)');
    });

    it("a policy for all clients (ALL_CLIENTS) applies to Kiro's client: imported, with the narrowing the stack makes", async () => {
        const org = kiroOrg(TOKEN);
        org.authServers[0].policies[0].clients = ["ALL_CLIENTS"];
        const out = await adopt(org);
        expect(out.code).toBe(0);
        expect(out.file!.resources.find((r) => r.type === "okta:auth/serverPolicy:ServerPolicy")!.id).toBe("aus1/00p-kiro");
        expect(out.stdout).toContain("applies to all clients (ALL_CLIENTS): the stack narrows it to the Kiro app's client");
    });

    it("directly assigned users are imported; a username other than the Okta login is named as the update the stack makes", async () => {
        const org = kiroOrg(TOKEN);
        for (const app of org.apps) app.users = ["00u-bob"];
        org.apps[0].userNames = { "00u-bob": "bobby" };
        const out = await adopt(
            org,
            [],
            STACK.replace("  kiro-okta:pushGroups", "  kiro-okta:assignUsers: [BOB@example.com]\n  kiro-okta:pushGroups"),
        );
        expect(out.code).toBe(0);
        const users = out.file!.resources.filter((r) => r.type === "okta:app/user:User").map((r) => r.id);
        expect(users.sort()).toEqual(["0oa-oidc/00u-bob", "0oa-saml/00u-bob"]);
        expect(out.stdout).toContain("BOB@example.com on Kiro-OIDC; username bobby: the stack sets bob@example.com");
        expect(out.stdout).not.toContain("on Kiro-SAML; username");
    });

    it("asks for group push mappings on the SCIM app only", async () => {
        const out = await adopt(kiroOrg(TOKEN));
        expect(out.code).toBe(0);
        expect(out.okta.requests.filter((r) => r.includes("/group-push/"))).toEqual(["GET /api/v1/apps/0oa-saml/group-push/mappings"]);
    });

    it("a web app where the stack makes a native one: blocked, as the next pulumi up would replace it", async () => {
        const org = kiroOrg(TOKEN);
        org.apps[0].oauth!.applicationType = "web";
        const out = await adopt(org);
        expect(out.code).toBe(1);
        expect(out.file).toBeUndefined();
        expect(out.stdout).toContain("✘ blocked okta.app.OAuth kiro-oidc");
        expect(out.stderr).toContain(
            '"Kiro-OIDC" (0oa-oidc) is a web app; the stack makes a native app, and the provider replaces an app whose type changes',
        );
        expect(out.stderr).toContain("Not adopted: nothing written, nothing changed.");
    });

    it("the catalog app where scimApp is custom-saml: blocked, with the setting that keeps it", async () => {
        const org = kiroOrg(TOKEN);
        org.apps[1].name = "amazon_aws_sso";
        const out = await adopt(org);
        expect(out.code).toBe(1);
        expect(out.stderr).toContain(
            '"Kiro-SAML" (0oa-saml) is the AWS IAM Identity Center catalog app, but scimApp is custom-saml: set scimApp catalog to keep it',
        );
    });

    it("an authorization server granting a different scope set: imported, with the update the preview will show", async () => {
        const org = kiroOrg(TOKEN);
        org.authServers[0].policies[0].rules[0].scopes = ["codewhisperer:completions", "openid"];
        org.authServers[0].scopes[1].consent = "REQUIRED";
        const out = await adopt(org);
        expect(out.code).toBe(0);
        expect(out.stdout).toContain(
            '✔ import okta.auth.ServerPolicyRule kiro-auth-rule: aus1/00p-kiro/0pr-kiro ("Kiro scopes"; grants codewhisperer:completions, openid: the stack grants codewhisperer:completions, codewhisperer:conversations, offline_access)',
        );
        expect(out.stdout).toContain("consent REQUIRED: the stack sets IMPLICIT");
    });

    it("a configured group Okta does not have: blocked, since pulumi up would stop at the lookup", async () => {
        const out = await adopt(kiroOrg(TOKEN), [], STACK.replace("[Kiro-Users]", "[Kiro-Users, Kiro-Gone]"));
        expect(out.code).toBe(1);
        expect(out.stderr).toContain('Okta has no group named "Kiro-Gone": create it, or change assignGroups/pushGroups');
    });
});

describe("usage", () => {
    it("bad options and missing credentials exit 2, an invalid config 1 (as for plan and verify)", async () => {
        const io = { projectDir: ROOT, env: {}, stdout: () => {}, stderr: () => {} };
        expect(await runAdopt(["--bogus"], io)).toBe(2);
        expect(await runAdopt(["--stack", "dev", "--config", "x.yaml"], io)).toBe(2);
        expect(await runAdopt(["--config", "no-such-file.yaml"], io)).toBe(2);
        let stderr = "";
        expect(await runAdopt(["--stack", "dev"], { ...io, stderr: (t) => (stderr += t) })).toBe(2);
        expect(stderr).toContain("no Okta credentials: set OKTA_API_TOKEN");
        const bad = path.join(tmp, "Pulumi.bad.yaml");
        fs.writeFileSync(bad, "config:\n  okta:orgName: acme.okta.com\n  kiro-okta:assignGroups: []\n");
        stderr = "";
        expect(await runAdopt(["--config", bad], { ...io, env: { OKTA_API_TOKEN: "t" }, stderr: (t) => (stderr += t) })).toBe(1);
        expect(stderr).toContain("assignGroups: is empty");
        expect(stderr).toContain('okta:orgName: "acme.okta.com" is a host name');
    });
});

describe("the runs docs/adopt.md shows (tests/golden; npm run docs:transcripts copies them in)", () => {
    const COMMAND = "npm run adopt -- --config Pulumi.handmade.yaml --out adopt.json";
    /** A run as the docs show it: the fake org as the org it stands for, the temporary files by their names. */
    function transcript(out: Awaited<ReturnType<typeof adopt>>): string {
        // A file is printed relative to the working directory or absolute: the relative form first.
        const named = (file: string, as: string): [string, string][] => [
            [path.relative(process.cwd(), file), as],
            [file, as],
        ];
        const text = transcriptOf(COMMAND, out, [
            ...named(out.config, "Pulumi.handmade.yaml"),
            ...named(out.outPath, "adopt.json"),
            [out.okta.url, "https://acme.okta.com"],
        ]);
        expect(text).not.toContain("127.0.0.1");
        expect(text).not.toContain(tmp);
        return text;
    }

    it("a complete hand-made setup", async () => {
        const out = await adopt(kiroOrg(TOKEN));
        expect(out.code).toBe(0);
        await expect(transcript(out)).toMatchFileSnapshot("golden/adopt-complete.txt");
    });

    it("the same org without the authorization server and the push, and with PKCE switched off", async () => {
        const org = kiroOrg(TOKEN);
        org.authServers = [];
        org.apps[1].pushes = [];
        org.apps[0].oauth!.pkceRequired = false;
        const out = await adopt(org);
        expect(out.code).toBe(0);
        await expect(transcript(out)).toMatchFileSnapshot("golden/adopt-partial.txt");
    });
});
