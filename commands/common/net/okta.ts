import * as okta from "@okta/okta-sdk-nodejs";
import type { OktaAuth } from "./oktaCredentials";
import { type NetOptions, retrying, retryAtFrom, Transient } from "./retry";
import { searchString } from "./oktaRules";

/** The reads verify makes through Okta's management API, in the shapes Okta's API reference gives. */

export interface OidcClientSettings {
    applicationType?: string;
    tokenEndpointAuthMethod?: string;
    pkceRequired?: boolean;
    grantTypes: string[];
    responseTypes: string[];
    refreshTokenRotation?: string;
    redirectUris: string[];
}

export interface OktaApp {
    label?: string;
    status?: string;
    /** Okta's app name: `oidc_client`, `amazon_aws_sso`, or a custom SAML app's generated name. */
    name?: string;
    signOnMode?: string;
    features: string[];
    /** Only for OIDC apps. */
    oauth?: OidcClientSettings;
}

export interface OktaRule {
    id: string;
    name: string;
    status?: string;
    priority: number;
    scopes: string[];
    grantTypes: string[];
    /** conditions.people: group IDs (or EVERYONE) and user IDs included and excluded. */
    groups: string[];
    users: string[];
    excludedGroups: string[];
    excludedUsers: string[];
}

export interface OktaPolicy {
    id: string;
    name: string;
    status?: string;
    priority: number;
    /** conditions.clients.include: client IDs, or ALL_CLIENTS. */
    clients: string[];
}

export interface AppUser {
    scope: string;
    /** credentials.userName: what the provider reads back as the app user's `username`. */
    userName?: string;
}

export interface OktaUser {
    id: string;
    login: string;
    status?: string;
}

/** An app user as the SCIM app would send it: Okta's userName and the profile attributes. */
export interface ScimCandidate {
    userId: string;
    login?: string;
    userName?: string;
    givenName?: string;
    familyName?: string;
    displayName?: string;
}

export interface OktaReader {
    /** Apps whose label is exactly `label`. */
    findApps(label: string): Promise<(OktaApp & { id: string })[]>;
    /** Authorization servers named exactly `name`. */
    findAuthServers(name: string): Promise<{ id: string; name: string; status?: string }[]>;
    listScopes(authServerId: string): Promise<{ id: string; name: string; consent?: string }[]>;
    listPolicies(authServerId: string): Promise<OktaPolicy[]>;
    listRules(authServerId: string, policyId: string): Promise<OktaRule[]>;
    getApp(appId: string): Promise<OktaApp>;
    assignedGroupIds(appId: string): Promise<string[]>;
    /** The group named exactly `name`, found with Okta's `search` (a `q` query stops at 300 groups and cannot be paged). */
    findGroupId(name: string): Promise<string | undefined>;
    /** undefined when no user has that login. */
    findUser(login: string): Promise<OktaUser | undefined>;
    userGroups(userId: string): Promise<{ id: string; name: string }[]>;
    /** The user's assignment to the app: directly (USER) or through a group (GROUP), and the app username; undefined when not assigned. */
    appUser(appId: string, userId: string): Promise<AppUser | undefined>;
    /** Group push mappings: ask only the SCIM app (the OIDC app has no provisioning to push through). */
    pushMappings(appId: string): Promise<{ id: string; sourceGroupId: string; status?: string }[]>;
    /** Up to `max` users assigned to the app, in Okta's order; `more` when the app has more. */
    scimCandidates(appId: string, max: number): Promise<{ users: ScimCandidate[]; more: boolean }>;
}

type RequestOptions = Parameters<okta.RequestExecutor["fetch"]>[0];

/**
 * The SDK's HTTP through verify's retry layer: one attempt per `fetch`, aborted at its timeout; 429
 * waits for Okta's reset within the deadline; 5xx and network errors are retried. The SDK's own
 * DefaultRequestExecutor retries are not used, so there is one retry layer, not two.
 */
export class RetryingRequestExecutor extends okta.RequestExecutor {
    constructor(private readonly net: NetOptions) {
        super();
    }

    fetch(request: RequestOptions & { url: string; method?: string }) {
        const path = new URL(request.url).pathname;
        const now = this.net.now ?? Date.now;
        return retrying("Okta", `Okta ${(request.method ?? "GET").toUpperCase()} ${path}`, this.net, async (signal) => {
            let res;
            try {
                res = await super.fetch({ ...request, signal } as RequestOptions);
            } catch (e) {
                throw new Transient(`Okta ${path}: ${(e as Error).message}`);
            }
            if (res.status === 429) {
                throw new Transient(`Okta ${path}: HTTP 429`, retryAtFrom(res.headers, now()), true);
            }
            if (res.status >= 500) throw new Transient(`Okta ${path}: HTTP ${res.status}`);
            return res;
        });
    }
}

async function all<T>(collection: AsyncIterable<T | null>, max = Infinity): Promise<{ items: T[]; more: boolean }> {
    const items: T[] = [];
    for await (const item of collection) {
        if (!item) continue;
        if (items.length >= max) return { items, more: true };
        items.push(item);
    }
    return { items, more: false };
}

const list = async <T>(collection: AsyncIterable<T | null>) => (await all(collection)).items;

function notFound(e: unknown): boolean {
    return (e as { status?: number }).status === 404;
}

type OidcApplication = okta.Application & {
    /** Okta's app name; typed on the sign-on-mode subtypes only. */
    name?: string;
    credentials?: { oauthClient?: { token_endpoint_auth_method?: string; pkce_required?: boolean } };
    settings?: {
        oauthClient?: {
            application_type?: string;
            grant_types?: string[];
            response_types?: string[];
            redirect_uris?: string[];
            refresh_token?: { rotation_type?: string };
        };
    };
};

/** The same reads, each made once per run: several checks look at the same app, policy or user. */
export function memoized(reader: OktaReader): OktaReader {
    const cache = new Map<string, Promise<unknown>>();
    return Object.fromEntries(
        Object.entries(reader).map(([name, fn]) => [
            name,
            (...args: unknown[]) => {
                const key = JSON.stringify([name, ...args]);
                if (!cache.has(key)) cache.set(key, (fn as (...a: unknown[]) => Promise<unknown>)(...args));
                return cache.get(key);
            },
        ]),
    ) as unknown as OktaReader;
}

function appOf(app: OidcApplication): OktaApp {
    const settings = app.settings?.oauthClient;
    const credentials = app.credentials?.oauthClient;
    return {
        label: app.label,
        status: app.status,
        name: app.name,
        signOnMode: app.signOnMode,
        features: app.features ?? [],
        oauth:
            app.signOnMode === "OPENID_CONNECT"
                ? {
                      applicationType: settings?.application_type,
                      tokenEndpointAuthMethod: credentials?.token_endpoint_auth_method,
                      pkceRequired: credentials?.pkce_required,
                      grantTypes: settings?.grant_types ?? [],
                      responseTypes: settings?.response_types ?? [],
                      refreshTokenRotation: settings?.refresh_token?.rotation_type,
                      redirectUris: settings?.redirect_uris ?? [],
                  }
                : undefined,
    };
}

interface RawRule {
    id?: string;
    name?: string;
    status?: string;
    priority?: number;
    conditions?: {
        people?: { users?: { include?: string[]; exclude?: string[] }; groups?: { include?: string[]; exclude?: string[] } };
        grantTypes?: { include?: string[] };
        scopes?: { include?: string[] };
    };
}

export function ruleOf(r: RawRule): OktaRule {
    const people = r.conditions?.people;
    return {
        id: r.id ?? "",
        name: r.name ?? "",
        status: r.status,
        priority: r.priority ?? 0,
        scopes: r.conditions?.scopes?.include ?? [],
        grantTypes: r.conditions?.grantTypes?.include ?? [],
        groups: people?.groups?.include ?? [],
        users: people?.users?.include ?? [],
        excludedGroups: people?.groups?.exclude ?? [],
        excludedUsers: people?.users?.exclude ?? [],
    };
}

/** Every item of a list endpoint as Okta sends it, following `Link: <...>; rel="next"` through the same request executor. */
async function rawList<T>(client: okta.Client, orgUrl: string, path: string): Promise<T[]> {
    const items: T[] = [];
    let next: string | undefined = `${orgUrl.replace(/\/$/, "")}${path}`;
    while (next) {
        const request = { method: "get", headers: { Accept: "application/json" } } as Parameters<okta.Client["http"]["http"]>[1];
        const res = (await client.http.http(next, request)) as Response;
        items.push(...((await res.json()) as T[]));
        next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    }
    return items;
}

export function sdkReader(orgUrl: string, auth: OktaAuth, net: NetOptions): OktaReader {
    const requestExecutor = new RetryingRequestExecutor(net);
    // No cache: every check reads what Okta has now.
    const common = { orgUrl, requestExecutor, cacheMiddleware: null };
    const client =
        "token" in auth
            ? new okta.Client({ ...common, token: auth.token })
            : new okta.Client({
                  ...common,
                  authorizationMode: "PrivateKey",
                  clientId: auth.clientId,
                  privateKey: auth.privateKey,
                  keyId: auth.keyId,
                  scopes: auth.scopes,
              });
    return {
        // Okta's q matches label prefixes; only the exact label counts.
        findApps: async (label) =>
            (await list(await client.applicationApi.listApplications({ q: label })))
                .filter((a) => a.label === label)
                .map((a) => ({ id: a.id ?? "", ...appOf(a as OidcApplication) })),
        findAuthServers: async (name) =>
            (await list(await client.authorizationServerApi.listAuthorizationServers({ q: name })))
                .filter((s) => s.name === name)
                .map((s) => ({ id: s.id ?? "", name: s.name ?? "", status: s.status })),
        listScopes: async (authServerId) =>
            (await list(await client.authorizationServerApi.listOAuth2Scopes({ authServerId }))).map((s) => ({
                id: s.id ?? "",
                name: s.name ?? "",
                consent: s.consent,
            })),
        listPolicies: async (authServerId) =>
            (await list(await client.authorizationServerApi.listAuthorizationServerPolicies({ authServerId }))).map((p) => ({
                id: p.id ?? "",
                name: p.name ?? "",
                status: p.status,
                priority: p.priority ?? 0,
                clients: p.conditions?.clients?.include ?? [],
            })),
        // Raw JSON: the SDK's rule model keeps only `include` of the people conditions, and Okta answers
        // with `exclude` too (docs/okta-behaviour.md, "Rules").
        listRules: async (authServerId, policyId) =>
            (await rawList<RawRule>(client, orgUrl, `/api/v1/authorizationServers/${authServerId}/policies/${policyId}/rules`)).map(ruleOf),
        getApp: async (appId) => appOf(await client.applicationApi.getApplication({ appId })),
        assignedGroupIds: async (appId) =>
            (await list(await client.applicationApi.listApplicationGroupAssignments({ appId }))).map((a) => a.id ?? ""),
        findGroupId: async (name) =>
            (await list(await client.groupApi.listGroups({ search: `profile.name eq ${searchString(name)}` }))).find(
                (g) => g.profile?.name === name,
            )?.id,
        findUser: async (login) => {
            try {
                const user = await client.userApi.getUser({ userId: login });
                return { id: user.id ?? "", login: user.profile?.login ?? login, status: user.status };
            } catch (e) {
                if (notFound(e)) return undefined;
                throw e;
            }
        },
        userGroups: async (userId) =>
            (await list(await client.userApi.listUserGroups({ userId }))).map((g) => ({ id: g.id ?? "", name: g.profile?.name ?? "" })),
        appUser: async (appId, userId) => {
            try {
                const user = await client.applicationApi.getApplicationUser({ appId, userId });
                return { scope: user.scope ?? "USER", userName: user.credentials?.userName };
            } catch (e) {
                if (notFound(e)) return undefined;
                throw e;
            }
        },
        pushMappings: async (appId) =>
            (await list(await client.groupPushMappingApi.listGroupPushMappings({ appId }))).map((m) => ({
                id: m.id ?? "",
                sourceGroupId: m.sourceGroupId ?? "",
                status: m.status,
            })),
        scimCandidates: async (appId, max) => {
            const { items, more } = await all(await client.applicationApi.listApplicationUsers({ appId, limit: 200, expand: "user" }), max);
            const users = items.map((u): ScimCandidate => {
                const profile = (u.profile ?? {}) as Record<string, unknown>;
                const user = (u._embedded?.user ?? {}) as { profile?: Record<string, unknown> };
                const text = (v: unknown) => (typeof v === "string" ? v : undefined);
                return {
                    userId: u.id ?? "",
                    login: text(user.profile?.login),
                    userName: u.credentials?.userName,
                    // The app profile holds what the SCIM app sends; the Okta profile is its usual source.
                    givenName: text(profile.givenName) ?? text(user.profile?.firstName),
                    familyName: text(profile.familyName) ?? text(user.profile?.lastName),
                    displayName: text(profile.displayName) ?? text(user.profile?.displayName),
                };
            });
            return { users, more };
        },
    };
}
