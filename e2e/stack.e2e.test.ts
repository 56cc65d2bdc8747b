import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAdopt } from "../commands/adopt/cli";
import { oktaCallFor } from "../commands/common/net/permissions";
import { kiroOrg } from "../tests/support/oktaDouble";
import { loadRecordedShapes, shapeViolations } from "../tests/support/recordedShapes";
import type { Route53State } from "../tests/support/route53Double";
import { startScim } from "../tests/support/verifyServers";
import {
    emptyOrg,
    notRunBecause,
    ok,
    programDir,
    type Result,
    ROOT,
    type Toolchain,
    toolchain,
    verifyStack,
    versionWarning,
    Workspace,
} from "./harness";

/**
 * `pulumi up` for real: the Pulumi CLI and engine, the Node.js language host and the Okta provider,
 * built by `npm run toolchain`, the stack's own program, the fake Okta org; only the AWS provider is a
 * double (e2e/doubles/serveAws.ts). Scenarios whose tools are missing are reported as not run.
 */

const tools = toolchain();
const ready = !notRunBecause(tools, "stack scenarios");

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
    /** The properties whose change makes an update (pkg/display/json.go). */
    diffReasons?: string[];
}

/** The steps of a `pulumi preview --json`, and the ones that would change anything. */
function steps(res: Result): Step[] {
    const doc = JSON.parse(res.stdout) as { steps?: Step[] };
    return doc.steps ?? [];
}
const changes = (s: Step[]) => s.filter((x) => !["same", "read", "refresh"].includes(x.op));
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

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
            // Shorter than Okta's console defaults, as a security team asks (`pulumi config set accessTokenLifetimeMinutes 15`).
            accessTokenLifetimeMinutes: 15,
            refreshTokenLifetimeMinutes: 1440,
            refreshTokenWindowMinutes: 120,
        });
    });
    afterAll(async () => {
        await ws?.close();
        await scim?.close();
    });

    const upAndCheck = async (what: string): Promise<Result> => {
        const up = ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...stack], dir), `${what}: pulumi up`);
        // A second look finds nothing to do: the engine's own --expect-no-changes (exit 0 only when nothing would change).
        const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        expect(changes(steps(again)), `${what}: preview --refresh after up`).toEqual([]);
        expect(again.code, again.stderr).toBe(0);
        expect(ws.okta.specViolations).toEqual([]);
        return up;
    };

    it("phase 1: up creates the Okta side, with no warning but the provider version's; a refresh finds nothing to change; verify passes", async () => {
        const up = await upAndCheck("phase 1");
        const said = up.stdout + up.stderr;
        // The provider built here is older than the SDK asks for, and the engine says so.
        expect(said).toContain(versionWarning((tools as Toolchain).record("pulumi-resource-okta")!.version));
        // No "Undefined value (domainVerificationRecord) will not show as a stack output": null until phase 2.
        expect(said).not.toContain("Undefined value");
        // The rule carries the stack's token lifetimes, as Okta stores them.
        const rule = ws.org.authServers[0].policies[0].rules[0];
        expect([rule.accessTokenLifetimeMinutes, rule.refreshTokenLifetimeMinutes, rule.refreshTokenWindowMinutes]).toEqual([
            15, 1440, 120,
        ]);
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

    it("PKCE switched off in the console shows in a refresh (terraform-provider-okta#2732): the provider reads pkce_required back", async () => {
        const oidc = ws.org.apps.find((a) => a.signOnMode === "OPENID_CONNECT")!;
        oidc.oauth!.pkceRequired = false;
        const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        const updated = changes(steps(preview));
        expect(updated.map((s) => `${s.op} ${typeOf(s.urn)} ${(s.diffReasons ?? []).join(",")}`)).toEqual([
            "update okta:app/oAuth:OAuth pkceRequired",
        ]);
        oidc.oauth!.pkceRequired = true;
    });

    it("a console re-order of the group assignments shows as the stack's priority in a refresh; up --refresh puts it back and leaves the admin's group", async () => {
        const oidc = ws.org.apps.find((a) => a.signOnMode === "OPENID_CONNECT")!;
        // The admin assigns Other and drags it above Kiro-Users (Okta keeps each priority as set: recorded responses).
        oidc.groups!.push("00g-other");
        oidc.groupPriorities = { ...oidc.groupPriorities, "00g-other": 1, "00g-users": 2 };
        const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        expect(changes(steps(preview)).map((s) => `${s.op} ${s.urn.split("::").pop()} ${(s.diffReasons ?? []).join(",")}`)).toEqual([
            "update kiro-oidc-group-Kiro-Users priority",
        ]);
        ok(await ws.pulumi(["up", "--refresh", "--yes", "--skip-preview", ...stack], dir), "pulumi up --refresh");
        expect(oidc.groupPriorities).toEqual(expect.objectContaining({ "00g-users": 1, "00g-other": 1 }));
        expect(oidc.groups).toContain("00g-other");
        const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", ...stack], dir);
        expect(again.code, again.stdout).toBe(0);
    });

    it("an admin's console edits: the refresh shows the redirect URI, PKCE and the narrowed rule; verify names all three; up --refresh puts them back", async () => {
        const oidc = ws.org.apps.find((a) => a.signOnMode === "OPENID_CONNECT")!;
        oidc.oauth!.pkceRequired = false;
        oidc.oauth!.redirectUris = oidc.oauth!.redirectUris.filter((u) => !u.includes(":3128/"));
        const rule = ws.org.authServers[0].policies[0].rules[0];
        rule.scopes = ["codewhisperer:completions", "offline_access"];
        const preview = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", "--json", ...stack], dir);
        const updated = changes(steps(preview)).map((s) => `${s.op} ${typeOf(s.urn)} ${[...(s.diffReasons ?? [])].sort().join(",")}`);
        expect(updated.sort()).toEqual([
            "update okta:app/oAuth:OAuth pkceRequired,redirectUris",
            "update okta:auth/serverPolicyRule:ServerPolicyRule scopeWhitelists",
        ]);
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
        // The provider sends the rule's scopes as a set, in its own order (scope_whitelist is a TypeSet).
        expect([...rule.scopes].sort()).toEqual(["codewhisperer:completions", "codewhisperer:conversations", "offline_access"]);
        const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", ...stack], dir);
        expect(again.code, again.stdout).toBe(0);
    });

    it("destroy with protect false leaves the org as it was: no app, no server; groups and the pushed group in Kiro kept", async () => {
        const groupsBefore = ws.org.groups.map((g) => g.id);
        ok(await ws.pulumi(["destroy", "--yes", ...stack], dir), "pulumi destroy");
        expect(ws.org.apps).toEqual([]);
        expect(ws.org.authServers).toEqual([]);
        expect(ws.org.groups.map((g) => g.id)).toEqual(groupsBefore);
        // An ACTIVE mapping is set INACTIVE, then deleted, keeping the group in Kiro (resource_okta_push_group.go ~292-306).
        const push = ws.okta.requests.filter((r) => r.includes("/group-push/mappings/") && !r.startsWith("GET"));
        expect(push.map((r) => r.split(" ")[0])).toEqual(["PATCH", "DELETE"]);
        expect(push[1]).toContain("deleteTargetGroup=false");
        const route53 = JSON.parse(fs.readFileSync(ws.route53File, "utf8")) as Route53State;
        // The set held the SPF value before: it stays (README, "Safety and drift").
        expect(route53.recordSets.find((s) => s.type === "TXT")?.values[0]).toBe('"v=spf1 include:_spf.example.com ~all"');
        expect(ws.okta.specViolations).toEqual([]);
        // Every answer the fake gave has the fields real orgs answer with (the provider's recorded responses).
        expect(shapeViolations(ws.okta.answers, loadRecordedShapes())).toEqual([]);
        // Every management call the real provider (and verify) made in this scenario is a listed one, with its scopes.
        const unlisted = ws.okta.requests
            .map((r) => r.split(/[ ?]/))
            .filter(([method, p]) => p.startsWith("/api/") && !oktaCallFor(method, p));
        expect(unlisted).toEqual([]);
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

describe.skipIf(!ready)("a refused credential or a wrong org is reported as one, naming the setting, before anything is created", () => {
    // The provider checks an API token at configure (GET /api/v1/users/me) and fails every call after it.
    it.each([
        [
            "401: a token the org refuses",
            (ws: Workspace, dir: string) => ws.setConfig(dir, {}, { "okta:apiToken": "revoked-token" }),
            "okta:apiToken: https://acme.okta.com refused the Okta provider's credential (",
        ],
        [
            "403: a credential without the permission",
            (ws: Workspace) => ((ws.org.refuse = 403), Promise.resolve()),
            "okta:scopes: https://acme.okta.com answered that the Okta provider's credential may not do this (",
        ],
        [
            "404: no Okta org at the address",
            (ws: Workspace) => ((ws.org.refuse = 404), Promise.resolve()),
            "okta:orgName, okta:baseUrl: the Okta provider found no Okta org at https://acme.okta.com (",
        ],
    ])("%s", async (_, breakIt, expected) => {
        const ws = await Workspace.start(tools, { org: emptyOrg(), route53: structuredClone(ROUTE53) });
        try {
            const dir = programDir();
            await ws.initStack(dir, { ...ws.oktaConfig(), assignGroups: ["Kiro-Users", "Kiro-Push"], assignUsers: ["ada@example.com"] });
            await breakIt(ws, dir);
            const res = await ws.pulumi(["preview", "--stack", "e2e"], dir);
            expect(res.code).not.toBe(0);
            // One problem for the run (the CLI prints each error in the progress and again under Diagnostics),
            // never a group or a user sent looking for.
            const diagnostics = res.stdout.slice(res.stdout.indexOf("Diagnostics:"));
            expect(diagnostics.split(expected).length - 1, res.stdout).toBe(1);
            expect(res.stdout).not.toMatch(/was not found|assignGroups|assignUsers/);
            expect(ws.org.apps).toEqual([]);
        } finally {
            await ws.close();
        }
    });
});
