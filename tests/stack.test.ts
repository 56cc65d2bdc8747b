import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { KiroOkta } from "../components/kiroOkta";
import {
    exportsOf,
    type FakeOkta,
    OUTPUTS,
    PHASE1,
    PHASE2,
    PHASE2_SECRETS,
    PHASE3,
    type ProgramRun,
    type Registered,
    runKiro,
    runProgram,
} from "./support/harness";

/**
 * The stack program (index.ts) as `pulumi up` evaluates it: its config, read and validated before
 * anything is registered, becomes one KiroOkta; the component's own behaviour is in kiroOkta.test.ts.
 * Here also: stacks deployed with earlier versions upgrade with no create, delete or replace.
 */

function succeeded(run: ProgramRun): ProgramRun {
    if (run.error) throw run.error;
    return run;
}

describe("the stack program", () => {
    it("is one KiroOkta named kiro, at the top, with every other resource under it, its outputs exported as they are", async () => {
        const run = succeeded(await runProgram({ config: PHASE3, secretKeys: PHASE2_SECRETS }));
        const top = run.resources.filter((r) => r.parent === "");
        expect(top.map((r) => `${r.type} ${r.name}`)).toEqual(["kiro-okta:index:KiroOkta kiro"]);
        for (const r of run.resources.filter((x) => x.parent !== ""))
            expect(r.urn.split("::")[2].startsWith("kiro-okta:index:KiroOkta$")).toBe(true);
        expect(Object.keys(run.outputs).sort()).toEqual([...OUTPUTS].sort());
        // The same outputs a KiroOkta built directly with the same settings has, phrased for the stack.
        const direct = succeeded(await runKiro({ config: PHASE3, reader: "stack" }));
        expect(run.outputs).toEqual(direct.outputs);
    });
});

describe("the mock runtime runs one program at a time", () => {
    it("a second run started before the first has finished is refused, saying why, and the first is unharmed", async () => {
        const first = runProgram({ config: PHASE1 });
        await expect(runProgram({ config: PHASE1 })).rejects.toThrow(
            /another program is running in this process .*; Pulumi's mock runtime is one per process, so two runs at once would mix their resources/,
        );
        const run = succeeded(await first);
        expect(run.resources.filter((r) => r.type === "okta:auth/serverPolicyRule:ServerPolicyRule")).toHaveLength(1);
    });
});

describe("bad config fails before the first resource or lookup", () => {
    it.each([
        [{ ...PHASE1, redirectPorts: [70000] }, "redirectPorts[0]: 70000 is out of range"],
        [{ ...PHASE1, assignGroups: [] }, "assignGroups: is empty"],
        [{ ...PHASE1, scimEndpoint: "http://scim.example.com" }, 'scimEndpoint: "http://scim.example.com" is not an https URL'],
        [{ ...PHASE1, domainVerificationToken: "tok" }, "domain: is not set but domainVerificationToken is"],
        [{ ...PHASE2, pushGroups: true }, "pushGroups: is true, the old on/off form"],
        [{ ...PHASE1, "okta:orgName": "acme.okta.com" }, 'okta:orgName: "acme.okta.com" is a host name, not an org name'],
    ])("%j", async (config, message) => {
        const run = await runProgram({ config, secretKeys: PHASE2_SECRETS });
        expect(run.error?.name).toBe("ConfigError");
        expect(run.error?.message).toContain(message);
        expect(run.resources).toEqual([]);
        expect(run.invokes).toEqual([]);
    });
});

describe("credentials in plain text, as Pulumi's runtime reports them", () => {
    it("a scimToken set without --secret fails the run before anything is registered", async () => {
        const run = await runProgram({ config: PHASE2 });
        expect(run.error?.message).toContain(
            "scimToken: is stored in plain text; expected a secret: `pulumi config set --secret scimToken <value>`",
        );
        expect(run.resources).toEqual([]);
    });

    it("so does a plain okta:apiToken; secret ones pass", async () => {
        const plain = await runProgram({ config: { ...PHASE1, "okta:apiToken": "00abc" } });
        expect(plain.error?.message).toContain("okta:apiToken: is stored in plain text");
        const secret = await runProgram({ config: { ...PHASE1, "okta:apiToken": "00abc" }, secretKeys: ["okta:apiToken"] });
        expect(secret.error).toBeUndefined();
    });
});

/**
 * Inputs this release changes on purpose, each an update in place: neither field is ForceNew in
 * terraform-provider-okta v6.12.0 (resource_okta_app_group_assignment.go `priority`, resource_okta_app_user.go
 * `username`: Optional, no ForceNew). Assignment priorities start at 1 (docs/okta-behaviour.md, "Group
 * assignment priorities"); app users carry the username the provider requires.
 */
const UPDATED_ON_PURPOSE: Record<string, string[]> = {
    "okta:app/groupAssignment:GroupAssignment": ["priority"],
    "okta:app/user:User": ["username"],
};

/** The inputs an earlier version registered, less those this release updates on purpose. */
function keptInputs(type: string, inputs: Record<string, unknown>): Record<string, unknown> {
    const updated = UPDATED_ON_PURPOSE[type] ?? [];
    return Object.fromEntries(Object.entries(inputs).filter(([key]) => !updated.includes(key)));
}

describe("stacks deployed with earlier versions: no create, delete or replace", () => {
    it("a stack deployed with kiro-okta 0.1 sees no replace or delete: every 0.1 URN is a URN or an alias of the same assignment today", async () => {
        const old = JSON.parse(fs.readFileSync(`${__dirname}/fixtures/v0.1-phase2.json`, "utf8")) as {
            stack: string;
            config: Record<string, unknown>;
            okta: FakeOkta;
            resources: { urn: string; inputs?: Record<string, unknown> }[];
        };
        const run = succeeded(await runProgram({ config: old.config, secretKeys: PHASE2_SECRETS, okta: old.okta, stack: old.stack }));
        const byUrn = new Map<string, Registered>();
        for (const r of run.resources)
            for (const urn of [r.urn, ...r.aliases]) {
                expect(byUrn.has(urn), `${urn} claimed twice`).toBe(false);
                byUrn.set(urn, r);
            }
        for (const before of old.resources) {
            const now = byUrn.get(before.urn);
            expect(now, `0.1 resource ${before.urn} has no counterpart`).toBeDefined();
            if (before.inputs) expect(now!.inputs).toMatchObject(keptInputs(now!.type, before.inputs));
        }
        // Renamed ones are really renamed (the test would pass vacuously if nothing was).
        expect(run.resources.filter((r) => r.aliases.length > 0).length).toBeGreaterThanOrEqual(10);
        // Today's resources are 0.1's under one KiroOkta component.
        expect(run.resources.filter((r) => r.type !== "kiro-okta:index:KiroOkta")).toHaveLength(old.resources.length);
    });

    const v02 = JSON.parse(fs.readFileSync(`${__dirname}/fixtures/v0.2-phase3.json`, "utf8")) as {
        okta: FakeOkta;
        runs: { config: Record<string, unknown>; resources: { urn: string; inputs?: Record<string, unknown> }[] }[];
    };

    it.each(v02.runs.map((r) => [r.config.scimApp as string, r] as const))(
        "0.2 (%s SCIM app) to KiroOkta: every URN 0.2 registered maps to exactly one resource of today, nothing new but the component, inputs unchanged",
        async (_, old) => {
            const run = succeeded(await runProgram({ config: old.config, secretKeys: PHASE2_SECRETS, okta: v02.okta, stack: "dev" }));
            const claims = new Map<string, Registered[]>();
            for (const r of run.resources) for (const urn of [r.urn, ...r.aliases]) claims.set(urn, [...(claims.get(urn) ?? []), r]);
            const mapped = new Set<Registered>();
            for (const before of old.resources) {
                const now = claims.get(before.urn) ?? [];
                expect(now.length, `${before.urn}: ${now.length} resources of today claim it`).toBe(1);
                mapped.add(now[0]);
                // Same type, same settings: an update at most, never a replace.
                expect(now[0].type).toBe(before.urn.split("::")[2].split("$").pop());
                if (before.inputs) expect(now[0].inputs).toMatchObject(keptInputs(now[0].type, before.inputs));
            }
            // Nothing to create but the new parent; the OIDC app and the server kept their protection.
            expect(run.resources.filter((r) => !mapped.has(r)).map((r) => r.type)).toEqual(["kiro-okta:index:KiroOkta"]);
            expect(
                run.resources
                    .filter((r) => r.protect)
                    .map((r) => r.type)
                    .sort(),
            ).toEqual(["okta:app/oAuth:OAuth", "okta:auth/server:Server"]);
        },
    );
});

describe("several KiroOkta in one program", () => {
    it("two orgs through two explicit Okta providers: no name clash, each instance's resources and lookups go to its own provider", async () => {
        const { Provider } = await import("@pulumi/okta");
        let providers: { dev: string; prod: string } | undefined;
        const run = succeeded(
            await runKiro({
                config: {},
                build: () => {
                    const dev = new Provider("okta-dev", { orgName: "acme-dev", baseUrl: "oktapreview.com" });
                    const prod = new Provider("okta-prod", { orgName: "acme", baseUrl: "okta.com" });
                    const a = new KiroOkta("dev", { assignGroups: ["Kiro-Users"], oktaOrgName: "acme-dev" }, { providers: [dev] });
                    const b = new KiroOkta(
                        "prod",
                        { assignGroups: ["Kiro-Users", "Kiro-Admins"], oktaOrgName: "acme" },
                        { providers: [prod] },
                    );
                    providers = { dev: "okta-dev", prod: "okta-prod" };
                    return { dev: exportsOf(a).clientId, prod: exportsOf(b).clientId };
                },
            }),
        );
        expect(providers).toBeDefined();
        const urns = run.resources.map((r) => r.urn);
        expect(new Set(urns).size).toBe(urns.length);
        expect(run.outputs).toEqual({ dev: "dev-oidc-client-id", prod: "prod-oidc-client-id" });
        for (const instance of ["dev", "prod"] as const) {
            const okta = run.resources.filter(
                (r) => r.type.startsWith("okta:") && r.name.startsWith(`${instance}-`) && r.type !== "pulumi:providers:okta",
            );
            expect(okta.length).toBeGreaterThan(5);
            for (const r of okta) expect(r.provider, `${r.name}`).toContain(`::okta-${instance}::`);
            const lookups = run.invokes.filter(
                (i) => i.token === "okta:group/getGroup:getGroup" && i.provider?.includes(`::okta-${instance}::`),
            );
            expect(lookups.length).toBe(instance === "dev" ? 1 : 2);
        }
        expect(run.invokes.filter((i) => i.token.startsWith("okta:") && !i.provider)).toEqual([]);
    });

    it("two profiles in one org: distinct names and labels register side by side", async () => {
        const run = succeeded(
            await runKiro({
                config: {},
                build: () => {
                    const eu = new KiroOkta("kiro-eu", {
                        assignGroups: ["Kiro-Users"],
                        oidcAppLabel: "Kiro-OIDC-EU",
                        samlAppLabel: "Kiro-SAML-EU",
                        authServerName: "Kiro-EU",
                    });
                    const us = new KiroOkta("kiro-us", {
                        assignGroups: ["Kiro-Admins"],
                        oidcAppLabel: "Kiro-OIDC-US",
                        samlAppLabel: "Kiro-SAML-US",
                        authServerName: "Kiro-US",
                    });
                    return { eu: eu.clientId, us: us.clientId };
                },
            }),
        );
        const apps = run.resources.filter((r) => r.type === "okta:app/oAuth:OAuth").map((r) => `${r.name} ${r.inputs.label}`);
        expect(apps.sort()).toEqual(["kiro-eu-oidc Kiro-OIDC-EU", "kiro-us-oidc Kiro-OIDC-US"]);
        const urns = run.resources.map((r) => r.urn);
        expect(new Set(urns).size).toBe(urns.length);
    });
});
