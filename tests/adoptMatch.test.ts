import { describe, expect, it } from "vitest";
import type { KiroConfig } from "../components/config";
import { MATCHERS, type MatchContext } from "../commands/adopt/match";
import { appUser, groupAssignment, oidcApp, scimApp } from "../commands/adopt/match/apps";
import { policy, rule, scope, server } from "../commands/adopt/match/authServer";
import { pushGroup } from "../commands/adopt/match/groupPush";
import { txtRecord } from "../commands/adopt/match/txtRecord";
import type { OktaRule } from "../commands/common/net/okta";
import type { OrgSnapshot, Policy } from "../commands/adopt/org";
import { PHASE3 } from "./support/fakes";
import { runKiro } from "./support/harness";

/**
 * adopt's matchers one by one (commands/adopt/match/): given what the org has, each resource the stack
 * registers is imported with the ID `pulumi import` takes, created, or blocked, with the note an
 * admin reads. tests/adopt.test.ts runs them together against the Okta double.
 */

const OIDC = "0oa-oidc";
const SCIM = "0oa-scim";
const SERVER = "aus-kiro";
const RULE: OktaRule = {
    id: "0pr-kiro",
    name: "Kiro",
    status: "ACTIVE",
    priority: 1,
    scopes: ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"],
    grantTypes: ["authorization_code", "refresh_token"],
    groups: ["EVERYONE"],
    users: [],
    excludedGroups: [],
    excludedUsers: [],
};
const POLICY: Policy = { id: "00p-kiro", name: "Kiro", status: "ACTIVE", priority: 1, clients: [OIDC], rules: [RULE] };

function ctx(change: Partial<OrgSnapshot> = {}): MatchContext {
    const org: OrgSnapshot = {
        oidc: { kind: "found", value: { id: OIDC, label: "Kiro-OIDC", name: "oidc_client", status: "ACTIVE" } as never, notes: [] },
        scim: { kind: "found", value: { id: SCIM, label: "Kiro-SAML", name: "acme_kirosaml_1", status: "ACTIVE" } as never, notes: [] },
        authServer: { kind: "found", value: { id: SERVER, name: "Kiro" }, notes: [] },
        server: {
            id: SERVER,
            name: "Kiro",
            scopes: [{ id: "scp-c", name: "codewhisperer:completions", consent: "IMPLICIT" }],
            policies: [POLICY],
        },
        groups: { "Kiro-Users": "00g-users", "Kiro-Push": "00g-push" },
        users: { "ada@example.com": "00u-ada" },
        userLogins: { "ada@example.com": "ada@example.com" },
        appGroups: { [OIDC]: ["00g-users"], [SCIM]: [] },
        appUsers: {
            [OIDC]: { "00u-ada": { scope: "USER", userName: "ada" } },
            [SCIM]: { "00u-ada": { scope: "GROUP", userName: "ada@example.com" } },
        },
        pushes: { [SCIM]: [{ id: "gpm-1", sourceGroupId: "00g-push", status: "INACTIVE" }] },
        ...change,
    };
    return { cfg: { oidcAppLabel: "Kiro-OIDC", samlAppLabel: "Kiro-SAML" } as KiroConfig, org, orgUrl: "https://acme.okta.com" };
}

describe("apps", () => {
    it("a found app is imported by its ID, and the program sees its client ID", () => {
        expect(oidcApp(ctx(), "kiro-oidc", {})).toMatchObject({ action: "import", importId: OIDC, state: { clientId: OIDC } });
        expect(scimApp(ctx(), "kiro-saml", {}).detail).toBe('"Kiro-SAML", custom SAML app');
    });

    it("a missing app is created and an ambiguous one blocks, each with the reader's reason; never an Okta ID", () => {
        const missing = oidcApp(ctx({ oidc: { kind: "missing", why: "Okta has no OIDC app labelled Kiro-OIDC" } }), "kiro-oidc", {});
        expect(missing).toMatchObject({
            action: "create",
            id: "<kiro-oidc: to create>",
            detail: "Okta has no OIDC app labelled Kiro-OIDC",
        });
        expect(scimApp(ctx({ scim: { kind: "blocked", why: "two apps" } }), "kiro-saml", {}).action).toBe("blocked");
    });

    it("a group assignment: imported as app/group when assigned, created when not or when the app is to be created", () => {
        expect(groupAssignment(ctx(), "a", { appId: OIDC, groupId: "00g-users" })).toMatchObject({
            action: "import",
            importId: `${OIDC}/00g-users`,
            detail: "Kiro-Users on Kiro-OIDC",
        });
        expect(groupAssignment(ctx(), "b", { appId: SCIM, groupId: "00g-users" }).detail).toBe(
            "Kiro-Users is not assigned to Kiro-SAML yet",
        );
        expect(groupAssignment(ctx(), "c", { appId: "<x: to create>", groupId: "00g-users" }).detail).toContain("the app (to be created)");
    });

    it("an app user: only a direct (USER) assignment is imported; a different username is named as the update", () => {
        const direct = appUser(ctx(), "u", { appId: OIDC, userId: "00u-ada", username: "ada@example.com" });
        expect(direct).toMatchObject({ action: "import", importId: `${OIDC}/00u-ada` });
        expect(direct.detail).toBe("ada@example.com on Kiro-OIDC; username ada: the stack sets ada@example.com");
        const viaGroup = appUser(ctx(), "v", { appId: SCIM, userId: "00u-ada", username: "ada@example.com" });
        expect(viaGroup).toMatchObject({
            action: "create",
            detail: "ada@example.com: assigned only through a group; the stack adds the direct assignment",
        });
    });
});

describe("the authorization server", () => {
    it("the server is imported by ID; the program sees its issuer", () => {
        expect(server(ctx(), "kiro-auth", {})).toMatchObject({
            action: "import",
            importId: SERVER,
            state: { issuer: `https://acme.okta.com/oauth2/${SERVER}` },
        });
    });

    it("a scope: imported as server/scope, with a consent the stack changes named; a missing one created", () => {
        const found = scope(ctx(), "s", { name: "codewhisperer:completions", consent: "REQUIRED" });
        expect(found).toMatchObject({
            action: "import",
            importId: `${SERVER}/scp-c`,
            detail: "codewhisperer:completions; consent IMPLICIT: the stack sets REQUIRED",
        });
        expect(scope(ctx(), "t", { name: "codewhisperer:conversations" })).toMatchObject({
            action: "create",
            detail: "no scope codewhisperer:conversations on the server",
        });
    });

    it("a policy: the one Okta applies to the client, ALL_CLIENTS included and named as narrowed", () => {
        const all = { ...POLICY, clients: ["ALL_CLIENTS"], status: "INACTIVE" };
        const found = policy(ctx({ server: { ...ctx().org.server!, policies: [all] } }), "p", { clientWhitelists: [OIDC] });
        expect(found).toMatchObject({ action: "import", importId: `${SERVER}/00p-kiro` });
        expect(found.detail).toBe(
            '"Kiro"; applies to all clients (ALL_CLIENTS): the stack narrows it to the Kiro app\'s client; INACTIVE: the stack activates it',
        );
        expect(policy(ctx(), "q", { clientWhitelists: ["0oa-other"] }).action).toBe("create");
        // The client is still to be created: nothing can be assigned to it.
        expect(policy(ctx(), "r", { clientWhitelists: ["<kiro-oidc: to create>"] }).action).toBe("create");
    });

    it("a rule: the active one that grants Kiro's token before an earlier one that does not; differences named", () => {
        const narrow: OktaRule = { ...RULE, id: "0pr-narrow", name: "Narrow", priority: 0, scopes: ["openid"] };
        const withNarrow = ctx({ server: { ...ctx().org.server!, policies: [{ ...POLICY, rules: [narrow, RULE] }] } });
        const inputs = { policyId: "00p-kiro", scopeWhitelists: RULE.scopes, grantTypeWhitelists: RULE.grantTypes };
        expect(rule(withNarrow, "x", inputs)).toMatchObject({
            action: "import",
            importId: `${SERVER}/00p-kiro/0pr-kiro`,
            detail: '"Kiro"',
        });
        const onlyNarrow = ctx({ server: { ...ctx().org.server!, policies: [{ ...POLICY, rules: [narrow] }] } });
        expect(rule(onlyNarrow, "x", inputs).detail).toBe(
            '"Narrow"; grants openid: the stack grants codewhisperer:completions, codewhisperer:conversations, offline_access',
        );
    });
});

describe("group push and the TXT record", () => {
    it("a push mapping is imported as app/mapping, an inactive one named as activated; an unpushed group created", () => {
        expect(pushGroup(ctx(), "p", { appId: SCIM, sourceGroupId: "00g-push" })).toMatchObject({
            action: "import",
            importId: `${SCIM}/gpm-1`,
            detail: "Kiro-Push pushed; INACTIVE: the stack activates it",
        });
        expect(pushGroup(ctx(), "q", { appId: SCIM, sourceGroupId: "00g-users" }).detail).toBe("Kiro-Users is not pushed yet");
    });

    it("the TXT set is imported whole as zone_name_TXT, or created when none is there", () => {
        const txt = { zoneId: "Z1", zoneName: "example.com", name: "example.com", existing: { values: ['"v=spf1 -all"'] } };
        expect(txtRecord({ ...ctx(), txt }, "t", { name: "example.com" })).toMatchObject({
            action: "import",
            importId: "Z1_example.com_TXT",
        });
        expect(txtRecord(ctx(), "t", { name: "example.com" })).toMatchObject({ action: "create", state: { fqdn: "example.com" } });
    });
});

describe("the registry", () => {
    it("has a matcher for every Okta and Route 53 type the stack registers (both SCIM apps, users, pushes, the record), none for the components", async () => {
        const registered = new Set<string>();
        for (const config of [
            { ...PHASE3, assignUsers: ["ada@example.com"] },
            { ...PHASE3, scimApp: "catalog" },
        ]) {
            const run = await runKiro({ config });
            if (run.error) throw run.error;
            for (const r of run.resources) registered.add(r.type);
        }
        const resources = [...registered].filter((t) => !/^kiro(-okta)?:/.test(t));
        expect(Object.keys(MATCHERS).sort()).toEqual(resources.sort());
    });
});
