import type { KiroConfig } from "../../components/config";
import type { AppUser, OktaApp, OktaReader, OktaRule } from "../common/net/okta";
import { oidcMismatches } from "../common/oidcSettings";

/**
 * What a hand-made Kiro setup has in Okta, read once (read-only) for the stack's config: the apps and
 * the authorization server the stack would otherwise create, their assignments, scopes, policies,
 * rules and pushes, and the IDs of the configured groups and users.
 */

export type App = OktaApp & { id: string };

export interface Policy {
    id: string;
    name: string;
    status?: string;
    priority: number;
    clients: string[];
    rules: OktaRule[];
}

export interface Server {
    id: string;
    name: string;
    scopes: { id: string; name: string; consent?: string }[];
    policies: Policy[];
}

export interface OrgSnapshot {
    /** The objects the stack would create, each found, missing, or blocked (chosen once, from the labels, names and picks). */
    oidc: Choice<App>;
    scim: Choice<App>;
    authServer: Choice<ServerSummary>;
    /** The chosen server's content, when exactly one was chosen. */
    server?: Server;
    groups: Record<string, string | undefined>;
    users: Record<string, string | undefined>;
    /** Each configured login as Okta has it (the app username the stack sets). */
    userLogins: Record<string, string | undefined>;
    /** Group IDs assigned to each (chosen) app. */
    appGroups: Record<string, string[]>;
    /** For each (chosen) app and configured user: the assignment (USER direct or GROUP, and the username), or none. */
    appUsers: Record<string, Record<string, AppUser | undefined>>;
    pushes: Record<string, { id: string; sourceGroupId: string; status?: string }[]>;
}

/** Flags that name one object where several share a label or name. */
export interface Picks {
    oidcAppId?: string;
    scimAppId?: string;
    authServerId?: string;
}

export type Choice<T> = { kind: "found"; value: T; notes: string[] } | { kind: "missing"; why: string } | { kind: "blocked"; why: string };

const CATALOG_APP = "amazon_aws_sso";

/** One object of a kind: `what` names it ("OIDC app labelled X"), `many` says how several are ("OIDC apps are labelled X"). */
function one<T extends { id: string; status?: string }>(
    candidates: T[],
    what: string,
    many: string,
    pick: string | undefined,
    flag: string,
): Choice<T> {
    if (pick) {
        const picked = candidates.find((c) => c.id === pick);
        return picked
            ? { kind: "found", value: picked, notes: [] }
            : { kind: "blocked", why: `${flag} ${pick}: Okta has no ${what} with that ID` };
    }
    if (candidates.length === 0) return { kind: "missing", why: `Okta has no ${what}` };
    if (candidates.length === 1) return { kind: "found", value: candidates[0], notes: [] };
    // An earlier, deactivated try beside the one in use: the ACTIVE one is Kiro's. Two ACTIVE ones are ambiguous.
    const active = candidates.filter((c) => c.status === "ACTIVE");
    if (active.length === 1) {
        const others = candidates.filter((c) => c !== active[0]).map((c) => `${c.id} (${c.status ?? "no status"})`);
        return { kind: "found", value: active[0], notes: [`the ACTIVE one; also labelled so, left alone: ${others.join(", ")}`] };
    }
    const listed = candidates.map((c) => `${c.id} (${c.status ?? "no status"})`).join(", ");
    return { kind: "blocked", why: `${candidates.length} ${many}: ${listed}; name the one Kiro uses with ${flag}` };
}

/** The OIDC app by label: an OIDC app; a web (or other) app would be replaced by the stack's native one. */
export function chooseOidcApp(apps: App[], label: string, pick?: string): Choice<App> {
    const choice = one(
        apps.filter((a) => a.signOnMode === "OPENID_CONNECT"),
        `OIDC app labelled "${label}"`,
        `OIDC apps are labelled "${label}"`,
        pick,
        "--oidc-app-id",
    );
    if (choice.kind !== "found") return choice;
    const app = choice.value;
    if (app.oauth?.applicationType !== "native") {
        return {
            kind: "blocked",
            why:
                `"${label}" (${app.id}) is a ${app.oauth?.applicationType ?? "non-native"} app; the stack makes a native app, and the provider replaces an app ` +
                "whose type changes (a new client ID, every Kiro user signed out): create a native app by hand, or let `pulumi up` create one",
        };
    }
    if (app.status !== "ACTIVE") choice.notes.push(`${app.status}: the stack activates it`);
    // What `pulumi preview` will show as updates, in verify's words.
    choice.notes.push(...oidcMismatches(app.oauth, label).map((m) => `${m.found}: the stack changes it`));
    return choice;
}

/** The SCIM app by label: the custom SAML app or the catalog app, as scimApp says. */
export function chooseScimApp(apps: App[], label: string, kind: "custom-saml" | "catalog", pick?: string): Choice<App> {
    const choice = one(
        apps.filter((a) => a.signOnMode === "SAML_2_0"),
        `SAML app labelled "${label}"`,
        `SAML apps are labelled "${label}"`,
        pick,
        "--scim-app-id",
    );
    if (choice.kind !== "found") return choice;
    const isCatalog = choice.value.name === CATALOG_APP;
    if (kind === "catalog" && !isCatalog) {
        return {
            kind: "blocked",
            why: `"${label}" (${choice.value.id}) is a custom SAML app, but scimApp is catalog: the stack would replace it with the AWS IAM Identity Center app; set scimApp custom-saml to keep it`,
        };
    }
    if (kind === "custom-saml" && isCatalog) {
        return {
            kind: "blocked",
            why: `"${label}" (${choice.value.id}) is the AWS IAM Identity Center catalog app, but scimApp is custom-saml: set scimApp catalog to keep it`,
        };
    }
    return choice;
}

type ServerSummary = { id: string; name: string; status?: string };

export function chooseServer(servers: ServerSummary[], name: string, pick?: string): Choice<ServerSummary> {
    return one(servers, `authorization server named "${name}"`, `authorization servers are named "${name}"`, pick, "--auth-server-id");
}

/** Reads everything adoption needs, within the reader's deadline and retries. */
export async function readOrg(okta: OktaReader, cfg: KiroConfig, picks: Picks): Promise<OrgSnapshot> {
    const groupNames = [...cfg.assignGroups, ...cfg.pushGroups];
    const [oidcApps, scimApps, servers, groupIds, users] = await Promise.all([
        okta.findApps(cfg.oidcAppLabel),
        okta.findApps(cfg.samlAppLabel),
        okta.findAuthServers(cfg.authServerName),
        Promise.all(groupNames.map((g) => okta.findGroupId(g))),
        Promise.all(cfg.assignUsers.map((u) => okta.findUser(u))),
    ]);
    const snapshot: OrgSnapshot = {
        oidc: chooseOidcApp(oidcApps, cfg.oidcAppLabel, picks.oidcAppId),
        scim: chooseScimApp(scimApps, cfg.samlAppLabel, cfg.scimApp, picks.scimAppId),
        authServer: chooseServer(servers, cfg.authServerName, picks.authServerId),
        groups: Object.fromEntries(groupNames.map((g, i) => [g, groupIds[i]])),
        users: Object.fromEntries(cfg.assignUsers.map((u, i) => [u, users[i]?.id])),
        userLogins: Object.fromEntries(cfg.assignUsers.map((u, i) => [u, users[i]?.login])),
        appGroups: {},
        appUsers: {},
        pushes: {},
    };
    const userIds = Object.values(snapshot.users).filter((id): id is string => !!id);
    await Promise.all(
        [snapshot.oidc, snapshot.scim].map(async (choice) => {
            if (choice.kind !== "found") return;
            const appId = choice.value.id;
            // Group push runs through the SCIM app's provisioning only: the OIDC app is never asked.
            const [groups, scopes, pushes] = await Promise.all([
                okta.assignedGroupIds(appId),
                Promise.all(userIds.map((u) => okta.appUser(appId, u))),
                choice === snapshot.scim ? okta.pushMappings(appId) : Promise.resolve([]),
            ]);
            snapshot.appGroups[appId] = groups;
            snapshot.appUsers[appId] = Object.fromEntries(userIds.map((u, i) => [u, scopes[i]]));
            snapshot.pushes[appId] = pushes;
        }),
    );
    const server = snapshot.authServer;
    if (server.kind === "found") {
        const [scopes, policies] = await Promise.all([okta.listScopes(server.value.id), okta.listPolicies(server.value.id)]);
        const rules = await Promise.all(policies.map((p) => okta.listRules(server.value.id, p.id)));
        snapshot.server = {
            id: server.value.id,
            name: server.value.name,
            scopes,
            policies: policies.map((p, i) => ({ ...p, rules: rules[i] })),
        };
    }
    return snapshot;
}
