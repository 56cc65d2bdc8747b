import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdopt } from "../commands/adopt/cli";
import { kiroOrg } from "../tests/support/oktaDouble";
import type { Route53State } from "../tests/support/route53Double";
import { startDnsServer, startScim } from "../tests/support/verifyServers";
import { runVerify } from "../commands/verify/cli";
import { emptyOrg, programDir, type Result, ROOT, standIns, toolchain, Workspace } from "./harness";

/**
 * `pulumi up` for real: the Pulumi CLI and engine built by `npm run toolchain`, the stack's own
 * program, the fake Okta org. The Node.js language host and the Okta and AWS providers are doubles
 * (e2e/doubles/, each saying why); what is proved here is the engine's part (URNs, aliases, diffs it
 * acts on, import, refresh, destroy) and the program's against a provider that behaves as the
 * provider's source reads. Scenarios that need what no double here provides are reported as not run.
 */

const tools = toolchain();
const ready = !("missing" in tools);
if (!ready) console.warn(`end-to-end suite not run: ${tools.missing}`);
else console.warn(["Not real in this run:", ...standIns(tools)].join("\n  "));

const ROUTE53: Route53State = {
    zones: [{ id: "ZPUBLIC123", name: "example.com" }],
    recordSets: [
        { zoneId: "ZPUBLIC123", name: "example.com.", type: "TXT", ttl: 3600, values: ['"v=spf1 include:_spf.example.com ~all"'] },
    ],
};
const SCIM_TOKEN = "e2e-scim-token-do-not-print";

interface Step {
    op: string;
    urn: string;
}

/** The steps of a `pulumi preview --json`, and the ones that would change anything. */
function steps(res: Result): Step[] {
    const doc = JSON.parse(res.stdout) as { steps?: Step[] };
    return doc.steps ?? [];
}
const changes = (s: Step[]) => s.filter((x) => !["same", "read", "refresh"].includes(x.op));
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

function ok(res: Result, what: string): Result {
    if (res.code !== 0) throw new Error(`${what} exited ${res.code}:\n${res.stdout.slice(-4000)}\n${res.stderr.slice(-4000)}`);
    return res;
}

async function verifyStack(ws: Workspace, dir: string, extra: string[] = [], env: Record<string, string> = {}) {
    const route53 = JSON.parse(fs.readFileSync(ws.route53File, "utf8")) as Route53State;
    const records = new Map<string, string[]>();
    for (const set of route53.recordSets)
        if (set.type === "TXT")
            records.set(
                set.name.replace(/\.$/, ""),
                set.values.map((v) => v.replace(/^"|"$/g, "")),
            );
    const dns = await startDnsServer(records);
    let stdout = "";
    try {
        const code = await runVerify(["--stack", ws.stack, "--resolver", dns.address, "--timeout", "3000", "--retries", "0", ...extra], {
            env: { OKTA_API_TOKEN: ws.org.token, ...env },
            stdout: (t) => (stdout += t),
            stderr: (t) => (stdout += t),
            // verify's --stack runs `pulumi stack output` and `pulumi config` through the real CLI.
            exec: async (_file, args) => ({ stdout: ok(await ws.pulumi(args, dir), `pulumi ${args.join(" ")}`).stdout }),
        });
        return { code, stdout };
    } finally {
        await dns.close();
    }
}

describe.skipIf(!ready)("pulumi up for real: phases, refresh, verify, console edits, destroy", () => {
    let ws: Workspace;
    let dir: string;
    let scim: Awaited<ReturnType<typeof startScim>>;
    const stack = ["--stack", "e2e"];

    beforeAll(async () => {
        ws = await Workspace.start(tools, {
            org: emptyOrg(),
            route53: structuredClone(ROUTE53),
        });
        dir = programDir();
        scim = await startScim(SCIM_TOKEN);
        await ws.initStack(dir, {
            ...ws.oktaConfig(),
            assignGroups: ["Kiro-Users"],
            protect: false,
        });
    });
    afterAll(async () => {
        await ws?.close();
        await scim?.close();
    });

    const upAndCheck = async (what: string) => {
        ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...stack], dir), `${what}: pulumi up`);
        // A second look finds nothing to do: the engine's own --expect-no-changes (exit 0 only when nothing would change).
        const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        expect(changes(steps(again)), `${what}: preview --refresh after up`).toEqual([]);
        expect(again.code, again.stderr).toBe(0);
        expect(ws.okta.specViolations).toEqual([]);
    };

    it("phase 1: up creates the Okta side; a refresh finds nothing to change; verify passes", async () => {
        await upAndCheck("phase 1");
        const out = await verifyStack(ws, dir);
        expect(out.stdout).toContain("✔ OIDC app active with every redirect URI");
        expect(out.stdout).toContain("✔ Rule grants the Kiro scopes + offline_access");
        expect(out.stdout).toContain("✔ Issuer metadata");
        expect(out.code, out.stdout).toBe(0);
    });

    it("phase 2: the TXT record merged into the SPF set, the SCIM values; verify passes but for provisioning, which is switched on by hand", async () => {
        await ws.setConfig(
            dir,
            { domain: "example.com", domainVerificationToken: "kiro-verification=e2e123", scimEndpoint: scim.endpoint },
            { scimToken: SCIM_TOKEN },
        );
        await upAndCheck("phase 2");
        const route53 = JSON.parse(fs.readFileSync(ws.route53File, "utf8")) as Route53State;
        expect(route53.recordSets.find((s) => s.type === "TXT")?.values).toEqual([
            '"v=spf1 include:_spf.example.com ~all"',
            '"kiro-verification=e2e123"',
        ]);
        const out = await verifyStack(ws, dir, ["--ca-file", scim.caFile]);
        expect(out.stdout).toContain("✔ Domain verification TXT record");
        expect(out.stdout).toContain("✔ SCIM endpoint accepts the token");
        expect(out.stdout).toContain("✘ SCIM provisioning on the SCIM app");
    });

    it("phase 3 after provisioning is switched on in the console: one push per push group; verify passes", async () => {
        const saml = ws.org.apps.find((a) => a.signOnMode === "SAML_2_0")!;
        saml.features = ["IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"];
        await ws.setConfig(dir, { pushGroups: ["Kiro-Push"] });
        await upAndCheck("phase 3");
        expect(saml.pushes?.map((p) => p.sourceGroupId)).toEqual(["00g-push"]);
        const out = await verifyStack(ws, dir, ["--ca-file", scim.caFile, "--user", "ada@example.com"]);
        expect(out.stdout).toContain("✔ Group pushes to Kiro");
        expect(out.stdout).toContain("✔ Token for ada@example.com");
        expect(out.code, out.stdout).toBe(0);
    });

    it("an admin's console edits: the refresh shows the redirect URI and the narrowed rule (and PKCE, as the provider's source reads it); verify names all three", async () => {
        const oidc = ws.org.apps.find((a) => a.signOnMode === "OPENID_CONNECT")!;
        oidc.oauth!.pkceRequired = false;
        oidc.oauth!.redirectUris = oidc.oauth!.redirectUris.filter((u) => !u.includes(":3128/"));
        const rule = ws.org.authServers[0].policies[0].rules[0];
        rule.scopes = ["codewhisperer:completions", "offline_access"];
        const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        const updated = changes(steps(preview)).map((s) => `${s.op} ${typeOf(s.urn)}`);
        expect(updated.sort()).toEqual(["update okta:app/oAuth:OAuth", "update okta:auth/serverPolicyRule:ServerPolicyRule"]);
        const out = await verifyStack(ws, dir, ["--ca-file", scim.caFile]);
        expect(out.stdout).toContain(
            "✘ OIDC app active with every redirect URI: missing redirect URIs: http://localhost:3128/oauth/callback",
        );
        expect(out.stdout).toContain("✘ OIDC app security settings: PKCE is not required");
        expect(out.stdout).toContain(
            '✘ Rule grants the Kiro scopes + offline_access: "Kiro scopes": scopes codewhisperer:completions, offline_access',
        );
        // A plain `pulumi up` compares with the stored state, which never saw the edits: it changes nothing.
        const plain = ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...stack], dir), "pulumi up");
        expect(plain.stdout).not.toMatch(/\d+ updated/);
        expect(oidc.oauth!.pkceRequired).toBe(false);
        // `pulumi up --refresh` reads Okta first and puts it back.
        ok(await ws.pulumi(["up", "--refresh", "--yes", "--skip-preview", ...stack], dir), "pulumi up --refresh");
        expect(oidc.oauth!.pkceRequired).toBe(true);
        expect(oidc.oauth!.redirectUris).toContain("http://localhost:3128/oauth/callback");
        expect(rule.scopes).toEqual(["codewhisperer:completions", "codewhisperer:conversations", "offline_access"]);
        const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", ...stack], dir);
        expect(again.code, again.stdout).toBe(0);
    });

    it("destroy with protect false leaves the org as it was: no app, no server; groups and the pushed group in Kiro kept", async () => {
        const groupsBefore = ws.org.groups.map((g) => g.id);
        ok(await ws.pulumi(["destroy", "--yes", ...stack], dir), "pulumi destroy");
        expect(ws.org.apps).toEqual([]);
        expect(ws.org.authServers).toEqual([]);
        expect(ws.org.groups.map((g) => g.id)).toEqual(groupsBefore);
        expect(ws.okta.requests.filter((r) => r.includes("/group-push/mappings/") && r.startsWith("DELETE"))[0]).toContain(
            "deleteTargetGroup=false",
        );
        const route53 = JSON.parse(fs.readFileSync(ws.route53File, "utf8")) as Route53State;
        // The set held the SPF value before: it stays (README, "Safety and drift").
        expect(route53.recordSets.find((s) => s.type === "TXT")?.values[0]).toBe('"v=spf1 include:_spf.example.com ~all"');
        expect(ws.okta.specViolations).toEqual([]);
    });
});

describe.skipIf(!ready)("upgrades: a stack deployed by an earlier release, previewed with today's program", () => {
    const PHASE2 = {
        assignGroups: ["Kiro-Users", "Kiro-Push"],
        domain: "example.com",
        domainVerificationToken: "kiro-verification=e2e123",
        scimEndpoint: "https://scim.us-east-1.amazonaws.com/abcd/scim/v2",
    };

    it.each([
        ["0.1", "e82ab76"],
        ["0.2 before KiroOkta", "fe7096a"],
    ])("%s (commit %s): no create but the new component, no delete, no replace", async (_, commit) => {
        const ws = await Workspace.start(tools, {
            org: emptyOrg(),
            route53: structuredClone(ROUTE53),
        });
        try {
            const old = programDir(commit);
            await ws.initStack(old, { ...PHASE2, ...ws.oktaConfig() }, { scimToken: SCIM_TOKEN });
            ok(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e"], old), `pulumi up at ${commit}`);
            const today = programDir();
            fs.copyFileSync(path.join(old, "Pulumi.e2e.yaml"), path.join(today, "Pulumi.e2e.yaml"));
            const preview = ok(await ws.pulumi(["preview", "--json", "--stack", "e2e"], today), "preview with today's program");
            const moved = changes(steps(preview));
            expect(moved.filter((s) => ["delete", "replace", "create-replacement", "delete-replaced", "discard"].includes(s.op))).toEqual(
                [],
            );
            expect(moved.filter((s) => s.op === "create").map((s) => typeOf(s.urn))).toEqual(["kiro-okta:index:KiroOkta"]);
            // What does change is an update in place: the assignment priorities from 1 (docs/okta-behaviour.md).
            expect([...new Set(moved.filter((s) => s.op === "update").map((s) => typeOf(s.urn)))]).toEqual([
                "okta:app/groupAssignment:GroupAssignment",
            ]);
            ok(await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e"], today), "up with today's program");
            const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--stack", "e2e"], today);
            expect(again.code, again.stdout + again.stderr).toBe(0);
        } finally {
            await ws.close();
        }
    });
});

describe.skipIf(!ready)("adopt: a hand-made setup becomes the stack's with pulumi import", () => {
    it("adopt writes the file, pulumi import takes it, and the preview creates nothing that was imported and replaces or deletes nothing", async () => {
        const org = kiroOrg("e2e-okta-token");
        // The hand-made setup of tests/support/oktaDouble.ts (phase 3), with Kiro-Push pushed through the SCIM app.
        const ws = await Workspace.start(tools, { org, route53: structuredClone(ROUTE53) });
        try {
            const dir = programDir();
            const config = {
                ...ws.oktaConfig(),
                assignGroups: ["Kiro-Users"],
                protect: false,
            };
            await ws.initStack(dir, config);
            let stdout = "";
            const file = path.join(ws.home, "import.json");
            const code = await runAdopt(["--stack", "e2e", "--out", file, "--timeout", "3000", "--retries", "0"], {
                projectDir: dir,
                env: { OKTA_API_TOKEN: org.token },
                stdout: (t) => (stdout += t),
                stderr: (t) => (stdout += t),
            });
            expect(code, stdout).toBe(0);
            ok(
                await ws.pulumi(["import", "--file", file, "--yes", "--protect=false", "--generate-code=false", "--stack", "e2e"], dir),
                "pulumi import",
            );
            const imported = (
                JSON.parse(fs.readFileSync(file, "utf8")) as { resources: { type: string; name: string; id?: string }[] }
            ).resources.filter((r) => r.id);
            const preview = ok(await ws.pulumi(["preview", "--json", "--stack", "e2e"], dir), "preview after import");
            const moved = changes(steps(preview));
            expect(moved.filter((s) => ["delete", "replace", "create-replacement", "delete-replaced"].includes(s.op))).toEqual([]);
            const created = moved.filter((s) => s.op === "create").map((s) => s.urn.split("::").pop());
            for (const r of imported) expect(created, `${r.type} ${r.name} was imported`).not.toContain(r.name);
        } finally {
            await ws.close();
        }
    });
});

describe.skipIf(!ready)("the policy pack under the engine's analyzer (pulumi preview --policy-pack)", () => {
    it("the stack passes it; a program with an OIDC app without PKCE is blocked by the mandatory policy", async () => {
        const ws = await Workspace.start(tools, {
            org: emptyOrg(),
            route53: structuredClone(ROUTE53),
        });
        try {
            const dir = programDir();
            await ws.initStack(dir, {
                ...ws.oktaConfig(),
                assignGroups: ["Kiro-Users"],
                protect: false,
            });
            const pack = path.join(dir, "policy");
            const up = ok(
                await ws.pulumi(["up", "--yes", "--skip-preview", "--policy-pack", pack, "--stack", "e2e"], dir),
                "up with the pack",
            );
            expect(up.stdout).toMatch(/Policies:[\s\S]*kiro-okta/);
            expect(up.stdout).not.toContain("[mandatory]");

            // A program of its own that breaks the pack's first rule (okta.app.OAuth without PKCE).
            const bad = fs.mkdtempSync(path.join(ws.home, "bad-"));
            fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(bad, "node_modules"));
            fs.writeFileSync(path.join(bad, "Pulumi.yaml"), "name: kiro-okta-policy-violation\nruntime: nodejs\nmain: index.ts\n");
            fs.writeFileSync(
                path.join(bad, "index.ts"),
                'import * as okta from "@pulumi/okta";\n' +
                    'new okta.app.OAuth("no-pkce", { label: "No PKCE", type: "native", grantTypes: ["authorization_code", "refresh_token"], responseTypes: ["code"], ' +
                    'redirectUris: ["http://localhost:3128/oauth/callback"], tokenEndpointAuthMethod: "none", pkceRequired: false, omitSecret: true });\n',
            );
            ok(await ws.pulumi(["stack", "init", "bad"], bad), "stack init");
            const blocked = await ws.pulumi(["preview", "--policy-pack", pack, "--stack", "bad"], bad);
            expect(blocked.code).not.toBe(0);
            expect(blocked.stdout).toMatch(/\[mandatory\]\s+kiro-oidc-app-native-public-pkce/);
        } finally {
            await ws.close();
        }
    });
});
