import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the slice of Okta's management API that verify and adopt read, answering in
 * the shapes real orgs answer (the provider's recorded acceptance-test responses, summarised in
 * docs/okta-behaviour.md, "What Okta answers"): status codes, the fields Okta fills in, error
 * bodies, cursor pagination with `Link` headers, and 429s with `X-Rate-Limit-*` until the reset.
 */

export interface DoubleGroup {
    id: string;
    name: string;
    type?: "OKTA_GROUP" | "BUILT_IN";
}

export interface DoubleUser {
    id: string;
    login: string;
    status?: string;
    firstName?: string;
    lastName?: string;
    displayName?: string;
    /** Group IDs the user is a member of (the Everyone group is added for every user). */
    groups?: string[];
}

export interface DoubleOauth {
    applicationType: string;
    tokenEndpointAuthMethod: string;
    pkceRequired: boolean;
    grantTypes: string[];
    responseTypes: string[];
    redirectUris: string[];
    refreshTokenRotation?: string;
}

export interface DoubleApp {
    id: string;
    label: string;
    /** `oidc_client`, `amazon_aws_sso`, or a custom SAML app's generated name. */
    name: string;
    signOnMode: "OPENID_CONNECT" | "SAML_2_0";
    status?: string;
    features?: string[];
    oauth?: DoubleOauth;
    /** Assigned group IDs, in priority order. */
    groups?: string[];
    /** Directly assigned user IDs. */
    users?: string[];
    /** App usernames (credentials.userName) by user ID, where not the user's login. */
    userNames?: Record<string, string>;
    pushes?: { id: string; sourceGroupId: string; status?: string }[];
    /** App user profiles (what a SCIM app sends), by user ID. */
    profiles?: Record<string, Record<string, string>>;
}

export interface DoubleRule {
    id: string;
    name: string;
    status?: string;
    priority?: number;
    scopes: string[];
    grantTypes: string[];
    /** Group IDs or "EVERYONE" (default: EVERYONE). */
    groups?: string[];
    users?: string[];
    excludeUsers?: string[];
    excludeGroups?: string[];
}

export interface DoublePolicy {
    id: string;
    name: string;
    status?: string;
    priority?: number;
    clients: string[];
    rules: DoubleRule[];
}

export interface DoubleAuthServer {
    id: string;
    name: string;
    audiences?: string[];
    status?: string;
    scopes: { name: string; consent: string }[];
    policies: DoublePolicy[];
}

export interface OktaDoubleState {
    token: string;
    apps: DoubleApp[];
    authServers: DoubleAuthServer[];
    groups: DoubleGroup[];
    users: DoubleUser[];
    /** Answer every request this late (for timeouts). */
    delayMs?: number;
    /** Answer 429 to every API request until this time (epoch ms, on the double's clock), as Okta does. */
    rateLimitedUntil?: number;
    /** Most items per page (Okta's `limit` caps it further). */
    pageSize?: number;
    /** Answer 503 to this many API requests first (a flaky Okta). */
    serverErrors?: number;
}

export interface OktaDouble {
    url: string;
    /** Method, path and query of every request, in order. */
    requests: string[];
    /** Requests whose client went away before the answer (an aborted attempt). */
    abandoned: string[];
    close(): Promise<void>;
}

const EVERYONE_ID = "00g-everyone";
const TIME = "2026-11-01T00:00:00.000Z";

function error(status: number, code: string, summary: string) {
    return { status, body: { errorCode: code, errorSummary: summary, errorLink: code, errorId: "oae-double", errorCauses: [] } };
}

const notFound = (what: string) => error(404, "E0000007", `Not found: Resource not found: ${what}`);

function appBody(base: string, app: DoubleApp) {
    const common = {
        id: app.id,
        orn: `orn:okta:idp:00o-double:apps:${app.name}:${app.id}`,
        name: app.name,
        label: app.label,
        status: app.status ?? "ACTIVE",
        lastUpdated: TIME,
        created: TIME,
        accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
        visibility: {
            autoLaunch: false,
            autoSubmitToolbar: false,
            hide: { iOS: true, web: true },
            appLinks: { [`${app.name}_link`]: true },
        },
        features: app.features ?? [],
        signOnMode: app.signOnMode,
        _links: { users: { href: `${base}/api/v1/apps/${app.id}/users` }, groups: { href: `${base}/api/v1/apps/${app.id}/groups` } },
    };
    if (app.signOnMode === "SAML_2_0") {
        return {
            ...common,
            credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" }, signing: { kid: "kid-double" } },
            settings: { app: {}, notes: { admin: null, enduser: null }, signOn: { ssoAcsUrl: "https://okta.com", audience: "kiro" } },
        };
    }
    const o = app.oauth!;
    return {
        ...common,
        credentials: {
            userNameTemplate: { template: "${source.login}", type: "BUILT_IN" },
            signing: { kid: "kid-double" },
            // client_id equals the app ID; no client_secret for a public client.
            oauthClient: {
                autoKeyRotation: true,
                client_id: app.id,
                token_endpoint_auth_method: o.tokenEndpointAuthMethod,
                pkce_required: o.pkceRequired,
            },
        },
        settings: {
            app: {},
            manualProvisioning: false,
            implicitAssignment: false,
            notes: { admin: null, enduser: null },
            oauthClient: {
                client_uri: null,
                logo_uri: null,
                redirect_uris: o.redirectUris,
                response_types: o.responseTypes,
                grant_types: o.grantTypes,
                application_type: o.applicationType,
                consent_method: "TRUSTED",
                issuer_mode: "ORG_URL",
                wildcard_redirect: "DISABLED",
                participate_slo: false,
                // STATIC comes back without a leeway; ROTATE keeps it.
                ...(o.refreshTokenRotation
                    ? {
                          refresh_token:
                              o.refreshTokenRotation === "ROTATE" ? { rotation_type: "ROTATE", leeway: 30 } : { rotation_type: "STATIC" },
                      }
                    : {}),
            },
        },
    };
}

function userBody(user: DoubleUser) {
    return {
        id: user.id,
        status: user.status ?? "ACTIVE",
        created: TIME,
        type: { id: "oty-double" },
        profile: {
            login: user.login,
            email: user.login,
            firstName: user.firstName ?? null,
            lastName: user.lastName ?? null,
            displayName: user.displayName ?? null,
        },
        _links: {},
    };
}

function groupBody(group: DoubleGroup) {
    return {
        id: group.id,
        created: TIME,
        objectClass: ["okta:user_group"],
        type: group.type ?? "OKTA_GROUP",
        profile: { name: group.name, description: "" },
        _links: {},
    };
}

/** The org's groups, with the built-in Everyone group every org has. */
function allGroups(state: OktaDoubleState): DoubleGroup[] {
    return state.groups.some((g) => g.id === EVERYONE_ID)
        ? state.groups
        : [{ id: EVERYONE_ID, name: "Everyone", type: "BUILT_IN" }, ...state.groups];
}

function memberOf(user: DoubleUser): string[] {
    return [EVERYONE_ID, ...(user.groups ?? [])];
}

/** An app's users: direct assignments (scope USER) and members of assigned groups (scope GROUP). */
function appUsers(state: OktaDoubleState, app: DoubleApp): { user: DoubleUser; scope: "USER" | "GROUP" }[] {
    return state.users.flatMap((user): { user: DoubleUser; scope: "USER" | "GROUP" }[] => {
        if (app.users?.includes(user.id)) return [{ user, scope: "USER" }];
        return memberOf(user).some((g) => app.groups?.includes(g)) ? [{ user, scope: "GROUP" }] : [];
    });
}

function appUserBody(app: DoubleApp, user: DoubleUser, scope: string, expandUser: boolean) {
    return {
        id: user.id,
        scope,
        status: "PROVISIONED",
        syncState: "SYNCHRONIZED",
        created: TIME,
        credentials: { userName: app.userNames?.[user.id] ?? user.login },
        profile: app.profiles?.[user.id] ?? {},
        _links: { app: { href: `/api/v1/apps/${app.id}` }, user: { href: `/api/v1/users/${user.id}` } },
        ...(expandUser ? { _embedded: { user: userBody(user) } } : {}),
    };
}

type Answer = { status: number; body: unknown; headers?: Record<string, string> };

/** One page of `items` after the cursor, with Okta's `Link` header for the next. */
function page<T>(req: URL, items: T[], idOf: (item: T) => string, pageSize: number): Answer {
    const limit = Math.min(Number(req.searchParams.get("limit") ?? pageSize) || pageSize, pageSize);
    const after = req.searchParams.get("after");
    const start = after ? items.findIndex((i) => idOf(i) === after) + 1 : 0;
    const slice = items.slice(start, start + limit);
    const links = [`<${req.href}>; rel="self"`];
    if (start + limit < items.length) {
        const next = new URL(req.href);
        next.searchParams.set("after", idOf(slice[slice.length - 1]));
        next.searchParams.set("limit", String(limit));
        links.push(`<${next.href}>; rel="next"`);
    }
    return { status: 200, body: slice, headers: { link: links.join(", ") } };
}

function route(state: OktaDoubleState, url: URL, base: string): Answer {
    const p = url.pathname;
    const size = state.pageSize ?? 200;
    let m: RegExpMatchArray | null;
    const app = (id: string) => state.apps.find((a) => a.id === id);
    const server = (id: string) => state.authServers.find((s) => s.id === id);

    if (p === "/api/v1/apps") {
        const q = (url.searchParams.get("q") ?? "").toLowerCase();
        const matches = state.apps.filter((a) => !q || a.label.toLowerCase().startsWith(q) || a.name.toLowerCase().startsWith(q));
        return page(
            url,
            matches.map((a) => appBody(base, a)),
            (a) => a.id,
            size,
        );
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)$/))) {
        const a = app(m[1]);
        return a ? { status: 200, body: appBody(base, a) } : notFound(`${m[1]} (AppInstance)`);
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/groups$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const body = (a.groups ?? []).map((id, priority) => ({ id, priority, lastUpdated: TIME, _links: {} }));
        return page(url, body, (g) => g.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/users$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const expand = url.searchParams.get("expand") === "user";
        return page(
            url,
            appUsers(state, a).map((u) => appUserBody(a, u.user, u.scope, expand)),
            (u) => u.id,
            size,
        );
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/users\/([^/]+)$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const found = appUsers(state, a).find((u) => u.user.id === m![2]);
        return found ? { status: 200, body: appUserBody(a, found.user, found.scope, false) } : notFound(`${m[2]} (AppUser)`);
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        // Okta's mappings carry targetGroupId, never a target name.
        const body = (a.pushes ?? []).map((x) => ({
            created: "2026-11-01T00:00:00Z",
            id: x.id,
            lastUpdated: "2026-11-01T00:00:00Z",
            sourceGroupId: x.sourceGroupId,
            status: x.status ?? "ACTIVE",
            targetGroupId: `${x.sourceGroupId}-target`,
            _links: { app: { href: `${base}/api/v1/apps/${a.id}` } },
        }));
        return page(url, body, (x) => x.id, size);
    }
    if (p === "/api/v1/authorizationServers") {
        const q = (url.searchParams.get("q") ?? "").toLowerCase();
        const body = state.authServers
            .filter((s) => !q || s.name.toLowerCase().startsWith(q))
            .map((s) => ({
                id: s.id,
                name: s.name,
                description: null,
                audiences: s.audiences ?? ["api://kiro"],
                issuer: `${base}/oauth2/${s.id}`,
                issuerMode: "ORG_URL",
                status: s.status ?? "ACTIVE",
                default: false,
                credentials: { signing: { kid: "kid-double", rotationMode: "AUTO" } },
                _links: {},
            }));
        return page(url, body, (s) => s.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/scopes$/))) {
        const s = server(m[1]);
        if (!s) return notFound(`${m[1]} (AuthorizationServer)`);
        const body = s.scopes.map((x, i) => ({
            id: `scp-${s.id}-${i}`,
            name: x.name,
            displayName: x.name,
            consent: x.consent,
            metadataPublish: "ALL_CLIENTS",
            system: false,
            default: false,
            optional: false,
        }));
        return page(url, body, (x) => x.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/policies$/))) {
        const s = server(m[1]);
        if (!s) return notFound(`${m[1]} (AuthorizationServer)`);
        const body = s.policies.map((x, i) => ({
            type: "OAUTH_AUTHORIZATION_POLICY",
            id: x.id,
            status: x.status ?? "ACTIVE",
            name: x.name,
            description: "Kiro clients",
            priority: x.priority ?? i + 1,
            system: false,
            conditions: { clients: { include: x.clients } },
            created: TIME,
            lastUpdated: TIME,
            _links: {},
        }));
        return page(url, body, (x) => x.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/policies\/([^/]+)\/rules$/))) {
        const policy = server(m[1])?.policies.find((x) => x.id === m![2]);
        if (!policy) return notFound(`${m[2]} (Policy)`);
        const body = policy.rules.map((r, i) => ({
            type: "RESOURCE_ACCESS",
            id: r.id,
            status: r.status ?? "ACTIVE",
            name: r.name,
            priority: r.priority ?? i + 1,
            system: false,
            conditions: {
                // An empty users condition comes back as {"exclude": []}.
                people: {
                    users: r.users?.length ? { include: r.users, exclude: r.excludeUsers ?? [] } : { exclude: r.excludeUsers ?? [] },
                    groups: { include: r.groups ?? ["EVERYONE"], exclude: r.excludeGroups ?? [] },
                },
                grantTypes: { include: r.grantTypes },
                scopes: { include: r.scopes },
            },
            actions: { token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 } },
            created: TIME,
            lastUpdated: TIME,
            _links: {},
        }));
        return page(url, body, (x) => x.id, size);
    }
    if (p === "/api/v1/groups") {
        const q = url.searchParams.get("q");
        if (q !== null) {
            // Management spec, GET /api/v1/groups `q`: "You can't page a query. The default limit for a query is 300 results."
            const limit = Math.min(Number(url.searchParams.get("limit") ?? 300) || 300, 300);
            const matches = allGroups(state).filter((g) => g.name.toLowerCase().startsWith(q.toLowerCase()));
            return { status: 200, body: matches.slice(0, limit).map(groupBody) };
        }
        const filter = url.searchParams.get("search");
        const quoted = filter?.match(/^profile\.name eq "((?:[^"\\]|\\.)*)"$/)?.[1];
        if (filter && quoted === undefined) return error(400, "E0000031", `Invalid search criteria: ${filter}`);
        const name = quoted?.replace(/\\(.)/g, "$1");
        const matches = allGroups(state).filter((g) => name === undefined || g.name === name);
        return page(url, matches.map(groupBody), (g) => g.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/users\/([^/]+)\/groups$/))) {
        const user = state.users.find((u) => u.id === m![1]);
        if (!user) return notFound(`${m[1]} (User)`);
        const groups = allGroups(state).filter((g) => memberOf(user).includes(g.id));
        return page(url, groups.map(groupBody), (g) => g.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/users\/([^/]+)$/))) {
        const key = decodeURIComponent(m[1]);
        const user = state.users.find((u) => u.id === key || u.login.toLowerCase() === key.toLowerCase());
        return user ? { status: 200, body: userBody(user) } : notFound(`${key} (User)`);
    }
    return error(404, "E0000022", "The endpoint does not support the provided HTTP method");
}

export async function startOktaDouble(state: OktaDoubleState, now: () => number = Date.now): Promise<OktaDouble> {
    const requests: string[] = [];
    const abandoned: string[] = [];
    let base = "";
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", base);
        const line = `${req.method} ${url.pathname}${url.search}`;
        requests.push(line);
        let answered = false;
        res.on("close", () => {
            if (!answered) abandoned.push(line);
        });
        const answer = () => {
            if (res.destroyed) return;
            const send = ({ status, body, headers }: Answer) => {
                answered = true;
                res.writeHead(status, { "content-type": "application/json", ...headers });
                res.end(JSON.stringify(body));
            };
            if (req.headers.authorization !== `SSWS ${state.token}`) return send(error(401, "E0000011", "Invalid token provided"));
            if (state.serverErrors) {
                state.serverErrors--;
                return send(error(503, "E0000009", "Internal Server Error"));
            }
            if (state.rateLimitedUntil !== undefined && now() < state.rateLimitedUntil) {
                // Okta keeps answering 429 until X-Rate-Limit-Reset (epoch seconds).
                return send({
                    ...error(429, "E0000047", "API call exceeded rate limit due to too many requests."),
                    headers: {
                        "x-rate-limit-limit": "100",
                        "x-rate-limit-remaining": "0",
                        "x-rate-limit-reset": String(Math.ceil(state.rateLimitedUntil / 1000)),
                    },
                });
            }
            send(route(state, url, base));
        };
        if (state.delayMs) setTimeout(answer, state.delayMs);
        else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url: base,
        requests,
        abandoned,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
            }),
    };
}

/** A complete hand-made Kiro setup as the guide describes it, for tests to start from and break. */
export function kiroOrg(token = "okta-token-do-not-print"): OktaDoubleState {
    const uris = [3128, 2128, 4649, 6588, 8008, 9091, 49153, 50153, 51153, 52153, 53153].map(
        (port) => `http://localhost:${port}/oauth/callback`,
    );
    return {
        token,
        groups: [
            { id: "00g-users", name: "Kiro-Users" },
            { id: "00g-push", name: "Kiro-Push" },
            { id: "00g-other", name: "Other" },
        ],
        users: [
            {
                id: "00u-ada",
                login: "ada@example.com",
                firstName: "Ada",
                lastName: "Lovelace",
                displayName: "Ada Lovelace",
                groups: ["00g-users", "00g-push"],
            },
            {
                id: "00u-bob",
                login: "bob@example.com",
                firstName: "Bob",
                lastName: "Builder",
                displayName: "Bob Builder",
                groups: ["00g-other"],
            },
        ],
        apps: [
            {
                id: "0oa-oidc",
                label: "Kiro-OIDC",
                name: "oidc_client",
                signOnMode: "OPENID_CONNECT",
                oauth: {
                    applicationType: "native",
                    tokenEndpointAuthMethod: "none",
                    pkceRequired: true,
                    grantTypes: ["authorization_code", "refresh_token"],
                    responseTypes: ["code"],
                    redirectUris: [...uris, "kiro://kiro.oauth/callback"],
                    refreshTokenRotation: "ROTATE",
                },
                groups: ["00g-users"],
            },
            {
                id: "0oa-saml",
                label: "Kiro-SAML",
                name: "kiro_saml_1",
                signOnMode: "SAML_2_0",
                features: ["IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"],
                groups: ["00g-users"],
                pushes: [{ id: "gPm-push", sourceGroupId: "00g-push" }],
            },
        ],
        authServers: [
            {
                id: "aus1",
                name: "Kiro",
                scopes: [
                    { name: "codewhisperer:completions", consent: "IMPLICIT" },
                    { name: "codewhisperer:conversations", consent: "IMPLICIT" },
                ],
                policies: [
                    {
                        id: "00p-kiro",
                        name: "Kiro",
                        clients: ["0oa-oidc"],
                        rules: [
                            {
                                id: "0pr-kiro",
                                name: "Kiro scopes",
                                scopes: ["codewhisperer:completions", "codewhisperer:conversations", "offline_access"],
                                grantTypes: ["authorization_code"],
                            },
                        ],
                    },
                ],
            },
        ],
    };
}
