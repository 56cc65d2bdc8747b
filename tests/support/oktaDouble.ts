import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";

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
    /** Group assignment priorities by group ID, where Okta's differs from the position in `groups`. */
    groupPriorities?: Record<string, number>;
    /** A SAML app's settings.signOn and the app's visibility as the provider last wrote them. */
    signOn?: Record<string, unknown>;
    visibility?: Record<string, unknown>;
    /** The OIDC app's groups-claim issuer mode, as the provider last POSTed it (internal endpoint). */
    idTokenIssuerMode?: string;
    /** App user profiles (what a SCIM app sends), by user ID. */
    profiles?: Record<string, Record<string, string>>;
}

export interface DoubleRule {
    id: string;
    name: string;
    /** actions.token lifetimes (Okta's console defaults when unset). */
    accessTokenLifetimeMinutes?: number;
    refreshTokenLifetimeMinutes?: number;
    refreshTokenWindowMinutes?: number;
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
    description?: string;
    status?: string;
    priority?: number;
    clients: string[];
    rules: DoubleRule[];
}

export interface DoubleScope {
    id?: string;
    name: string;
    consent: string;
    displayName?: string;
    description?: string;
    metadataPublish?: string;
    default?: boolean;
    optional?: boolean;
}

export interface DoubleAuthServer {
    id: string;
    name: string;
    description?: string;
    audiences?: string[];
    issuerMode?: string;
    status?: string;
    scopes: DoubleScope[];
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
    /**
     * Refuse every API request: 403, as Okta answers a credential without the admin role or scope it needs
     * (E0000006); 404, as a host that is no Okta org answers (a wrong okta:orgName or okta:baseUrl).
     */
    refuse?: 403 | 404;
    /** Faults to inject into the management API, first match wins (e2e/faults.e2e.test.ts). */
    faults?: Fault[];
    /**
     * A per-minute bucket, as Okta's rate limits count requests (an Integrator Free org: 20 a minute for
     * `/api/v1/apps` and everything under it): every answer in it carries `X-Rate-Limit-*`, and past the
     * limit Okta answers 429 until the next minute.
     */
    bucket?: { path: RegExp; perMinute: number; used?: Record<number, number>; refused?: number };
}

/**
 * One fault on the requests that match: an error answer, a held answer, or both. `when: "before"`: Okta
 * never saw the request; `"after"`: Okta did the work and the answer was lost (a gateway's 502 after a
 * create that happened). A held request is answered after `holdMs`, and its work is done then even when
 * the client has gone, as Okta finishes a request a killed client sent.
 */
export interface Fault {
    method: string;
    path: RegExp;
    status?: 401 | 429 | 500 | 502 | 503;
    when?: "before" | "after";
    /** The first matching request it applies to, from 1 (default 1), and how many from there (default 1). */
    nth?: number;
    times?: number;
    holdMs?: number;
    /** Only requests whose JSON body passes this (an OIDC app's create, not the SAML app's). */
    where?: (body: Record<string, any>) => boolean;
    /** Called when a request it applies to arrives (before it is answered). */
    onArrive?: () => void;
    /** Matching requests seen so far. */
    seen?: number;
}

/** The fault for this request, if one applies (counting it). */
function takeFault(state: OktaDoubleState, method: string, pathname: string, body: Record<string, any>): Fault | undefined {
    for (const fault of state.faults ?? []) {
        if (fault.method !== method || !fault.path.test(pathname) || (fault.where && !fault.where(body))) continue;
        fault.seen = (fault.seen ?? 0) + 1;
        const first = fault.nth ?? 1;
        if (fault.seen >= first && fault.seen < first + (fault.times ?? 1)) return fault;
    }
    return undefined;
}

/**
 * Okta's 429: the bucket's limit, nothing remaining, and the reset in epoch seconds, until which Okta
 * keeps answering 429 (docs/okta-behaviour.md, "When the provider fails").
 */
function tooManyRequests(limit: number, resetSeconds: number): Answer {
    return {
        ...error(429, "E0000047", "API call exceeded rate limit due to too many requests."),
        headers: { "x-rate-limit-limit": String(limit), "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(resetSeconds) },
    };
}

/** An injected error as Okta (or the gateway in front of it) answers it. */
function faultAnswer(status: NonNullable<Fault["status"]>, now: number): Answer {
    switch (status) {
        case 429:
            return tooManyRequests(20, Math.ceil(now / 1000) + 1);
        case 401:
            return error(401, "E0000011", "Invalid token provided");
        case 500:
            return error(500, "E0000009", "Internal Server Error");
        case 502:
        case 503:
            return error(status, "E0000009", "Service Unavailable");
    }
}

export interface OktaDouble {
    url: string;
    /** Method, path and query of every request, in order. */
    requests: string[];
    /**
     * Requests and answers Okta's published spec (@okta/openapi dist/spec.json) does not allow, where it
     * covers the path: a method the path does not have, or an error status the operation does not list.
     * Tests that drive the fake org expect none.
     */
    specViolations: string[];
    /** Requests whose client went away before the answer (an aborted attempt). */
    abandoned: string[];
    /** Every answer, for checking its shape against the recorded ones (recordedShapes.ts). */
    answers: { method: string; path: string; status: number; body: unknown }[];
    close(): Promise<void>;
}

const EVERYONE_ID = "00g-everyone";
const TIME = "2026-11-01T00:00:00.000Z";

/** An app's notification settings as Okta fills them in (recorded responses). */
const NOTIFICATIONS = { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } };

/** The admin whose API token the org was given (GET /api/v1/users/me); never assigned to an app. */
const TOKEN_OWNER: DoubleUser = { id: "00u-admin", login: "admin@example.com", firstName: "Org", lastName: "Admin" };

/** Not a certificate: the provider stores the metadata's X509Certificate as text and never parses it. */
const CERTIFICATE = "TUlJLWRvdWJsZS1ub3QtYS1jZXJ0aWZpY2F0ZQ==";

/** A SAML app's signing key as GET /api/v1/apps/{id}/credentials/keys answers (recorded shape). */
const SIGNING_KEY = {
    kty: "RSA",
    created: TIME,
    lastUpdated: TIME,
    expiresAt: "2036-11-01T00:00:00.000Z",
    kid: "kid-double",
    use: "sig",
    x5c: [CERTIFICATE],
    "x5t#S256": "double",
    e: "AQAB",
    n: "double",
};

/** The IdP metadata of a SAML app's signing key (recorded shape: entityID, one signing key, the SSO bindings). */
function samlMetadata(base: string, app: DoubleApp): string {
    const sso = `${base}/app/${app.name}/${app.id}/sso/saml`;
    return (
        `<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor entityID="http://www.okta.com/exk${app.id}" xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">` +
        `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
        `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${CERTIFICATE}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
        `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified</md:NameIDFormat>` +
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/>` +
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/>` +
        `</md:IDPSSODescriptor></md:EntityDescriptor>`
    );
}

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
            ...app.visibility,
        },
        features: app.features ?? [],
        signOnMode: app.signOnMode,
        universalLogout: null,
        _links: { users: { href: `${base}/api/v1/apps/${app.id}/users` }, groups: { href: `${base}/api/v1/apps/${app.id}/groups` } },
    };
    if (app.signOnMode === "SAML_2_0") {
        return {
            ...common,
            credentials: { userNameTemplate: { template: "${source.login}", type: "BUILT_IN" }, signing: { kid: "kid-double" } },
            settings: {
                app: {},
                notifications: NOTIFICATIONS,
                manualProvisioning: false,
                implicitAssignment: false,
                notes: { admin: null, enduser: null },
                signOn: app.signOn ?? { ssoAcsUrl: "https://okta.com", audience: "kiro" },
            },
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
            notifications: NOTIFICATIONS,
            manualProvisioning: false,
            implicitAssignment: false,
            emOptInStatus: "NONE",
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

function groupAssignmentBody(app: DoubleApp, groupId: string) {
    const priority = app.groupPriorities?.[groupId] ?? (app.groups ?? []).indexOf(groupId);
    return { id: groupId, priority, profile: {}, lastUpdated: TIME, _links: {} };
}

function userBody(user: DoubleUser) {
    return {
        id: user.id,
        status: user.status ?? "ACTIVE",
        created: TIME,
        activated: TIME,
        statusChanged: TIME,
        lastLogin: null,
        lastUpdated: TIME,
        passwordChanged: null,
        type: { id: "oty-double" },
        profile: {
            login: user.login,
            email: user.login,
            firstName: user.firstName ?? null,
            lastName: user.lastName ?? null,
            displayName: user.displayName ?? null,
            mobilePhone: null,
            secondEmail: null,
        },
        credentials: { provider: { type: "OKTA", name: "OKTA" } },
        _links: {},
    };
}

function groupBody(group: DoubleGroup) {
    return {
        id: group.id,
        created: TIME,
        lastUpdated: TIME,
        lastMembershipUpdated: TIME,
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

/** Scope IDs are stable: given, or made from the server and the position the scope was created at. */
function scopeBody(server: DoubleAuthServer, x: DoubleScope, i: number) {
    x.id ??= `scp-${server.id}-${i}`;
    return {
        id: x.id,
        name: x.name,
        displayName: x.displayName ?? x.name,
        description: x.description ?? null,
        consent: x.consent,
        metadataPublish: x.metadataPublish ?? "ALL_CLIENTS",
        system: false,
        default: x.default ?? false,
        optional: x.optional ?? false,
        apiResourceId: null,
        _links: {},
    };
}

function policyBody(x: DoublePolicy, i: number) {
    return {
        type: "OAUTH_AUTHORIZATION_POLICY",
        id: x.id,
        status: x.status ?? "ACTIVE",
        name: x.name,
        description: x.description ?? "Kiro clients",
        priority: x.priority ?? i + 1,
        system: false,
        conditions: { clients: { include: x.clients } },
        created: TIME,
        lastUpdated: TIME,
        _links: {},
    };
}

function ruleBody(r: DoubleRule, i: number) {
    return {
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
        actions: {
            token: {
                accessTokenLifetimeMinutes: r.accessTokenLifetimeMinutes ?? 60,
                refreshTokenLifetimeMinutes: r.refreshTokenLifetimeMinutes ?? 0,
                refreshTokenWindowMinutes: r.refreshTokenWindowMinutes ?? 10080,
            },
        },
        created: TIME,
        lastUpdated: TIME,
        _links: {},
    };
}

function serverBody(base: string, s: DoubleAuthServer) {
    return {
        id: s.id,
        name: s.name,
        // An omitted description comes back null (recorded responses).
        description: s.description ?? null,
        audiences: s.audiences ?? ["api://kiro"],
        issuer: `${base}/oauth2/${s.id}`,
        issuerMode: s.issuerMode ?? "ORG_URL",
        status: s.status ?? "ACTIVE",
        default: false,
        // MANUAL on create comes back AUTO (recorded responses).
        credentials: { signing: { kid: "kid-double", rotationMode: "AUTO" } },
        created: TIME,
        lastUpdated: TIME,
        _links: {},
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
        const body = (a.groups ?? []).map((id) => groupAssignmentBody(a, id));
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
        const body = state.authServers.filter((s) => !q || s.name.toLowerCase().startsWith(q)).map((s) => serverBody(base, s));
        return page(url, body, (s) => s.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/scopes$/))) {
        const s = server(m[1]);
        if (!s) return notFound(`${m[1]} (AuthorizationServer)`);
        const body = s.scopes.map((x, i) => scopeBody(s, x, i));
        return page(url, body, (x) => x.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/policies$/))) {
        const s = server(m[1]);
        if (!s) return notFound(`${m[1]} (AuthorizationServer)`);
        const body = s.policies.map(policyBody);
        return page(url, body, (x) => x.id, size);
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/policies\/([^/]+)\/rules$/))) {
        const policy = server(m[1])?.policies.find((x) => x.id === m![2]);
        if (!policy) return notFound(`${m[2]} (Policy)`);
        const body = policy.rules.map(ruleBody);
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

let serial = 0;
/** A fresh Okta-shaped ID (20 characters, the prefix Okta uses for the kind). */
function newId(prefix: string): string {
    serial++;
    return `${prefix}${String(serial).padStart(20 - prefix.length, "0")}`;
}

type Json = Record<string, any>;

/** Okta renumbers priorities to stay contiguous from 1: a priority past the end becomes the next slot (recorded rule responses). */
function placeAt<T extends { priority?: number }>(items: T[], item: T, wanted: number | undefined): void {
    const others = items.filter((x) => x !== item).sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    const at = Math.min(Math.max((wanted ?? others.length + 1) - 1, 0), others.length);
    others.splice(at, 0, item);
    others.forEach((x, i) => (x.priority = i + 1));
    items.splice(0, items.length, ...others);
}

function oauthOf(body: Json): DoubleOauth {
    const client = body.settings?.oauthClient ?? {};
    const credentials = body.credentials?.oauthClient ?? {};
    return {
        applicationType: client.application_type,
        tokenEndpointAuthMethod: credentials.token_endpoint_auth_method ?? "client_secret_basic",
        pkceRequired: credentials.pkce_required ?? false,
        grantTypes: client.grant_types ?? ["authorization_code"],
        responseTypes: client.response_types ?? ["code"],
        redirectUris: client.redirect_uris ?? [],
        refreshTokenRotation: client.refresh_token?.rotation_type,
    };
}

/** What a provider writes (and the single reads only it makes), answered as Okta answers (docs/okta-behaviour.md, "What Okta answers"). */
function write(state: OktaDoubleState, method: string, url: URL, body: Json, base: string): Answer | undefined {
    const p = url.pathname;
    let m: RegExpMatchArray | null;
    const app = (id: string) => state.apps.find((a) => a.id === id);
    const server = (id: string) => state.authServers.find((x) => x.id === id);
    const noContent: Answer = { status: 204, body: undefined };

    if (method === "GET" && p === "/.well-known/okta-organization") {
        return {
            status: 200,
            body: {
                id: "00o-double",
                cell: "op1",
                pipeline: "idx",
                settings: {
                    analyticsCollectionEnabled: false,
                    bugReportingEnabled: false,
                    omEnabled: false,
                    pssoEnabled: false,
                    desktopMFAEnabled: false,
                    itpEnabled: false,
                },
                _links: { organization: { href: base } },
            },
        };
    }
    if (method === "GET" && (m = p.match(/^\/oauth2\/([^/]+)\/\.well-known\/openid-configuration$/))) {
        const x = server(m[1]);
        if (!x || x.status === "INACTIVE") return notFound(`${m[1]} (AuthorizationServer)`);
        const issuer = `${base}/oauth2/${x.id}`;
        return {
            status: 200,
            body: {
                issuer,
                authorization_endpoint: `${issuer}/v1/authorize`,
                token_endpoint: `${issuer}/v1/token`,
                jwks_uri: `${issuer}/v1/keys`,
                response_types_supported: ["code"],
                scopes_supported: [
                    "openid",
                    "offline_access",
                    ...x.scopes.filter((c) => (c.metadataPublish ?? "ALL_CLIENTS") === "ALL_CLIENTS").map((c) => c.name),
                ],
                code_challenge_methods_supported: ["S256"],
            },
        };
    }
    // The provider's credential check at configure, for an API token: GET /api/v1/users/me through both of
    // its SDK clients (terraform-provider-okta v6.12.0 okta/config/config.go ~257-268; spec: GET /api/v1/users/{id}).
    if (method === "GET" && p === "/api/v1/users/me") {
        return { status: 200, body: userBody(TOKEN_OWNER) };
    }
    // The OIDC app's groups claim, an internal endpoint not in Okta's management spec: POSTed on every create
    // with an API token, read on every read (resource_okta_app_oauth.go ~581-615 and ~755-770; sdk/app_oauth_group_claim.go).
    if ((m = p.match(/^\/api\/v1\/internal\/apps\/([^/]+)\/settings\/oauth\/idToken$/)) && (method === "GET" || method === "POST")) {
        const a = app(m[1]);
        if (!a || a.signOnMode !== "OPENID_CONNECT") return notFound(`${m[1]} (AppInstance)`);
        if (method === "POST") {
            a.idTokenIssuerMode = body.issuerMode ?? a.idTokenIssuerMode;
            // Recorded: the POST answers the claim as sent, issuer and audience null.
            return {
                status: 200,
                body: { issuer: null, orgUrl: null, customUrl: null, audience: null, issuerMode: a.idTokenIssuerMode ?? "ORG_URL" },
            };
        }
        return {
            status: 200,
            body: { issuer: base, orgUrl: null, customUrl: null, audience: a.id, issuerMode: a.idTokenIssuerMode ?? "ORG_URL" },
        };
    }
    // A SAML app's read fetches its signing key's metadata and its keys (resource_okta_app_saml.go ~536-560,
    // sdk/metadata.go; spec: GET /api/v1/apps/{appId}/sso/saml/metadata, GET /api/v1/apps/{appId}/credentials/keys).
    if (method === "GET" && (m = p.match(/^\/api\/v1\/apps\/([^/]+)\/sso\/saml\/metadata$/))) {
        const a = app(m[1]);
        if (!a || a.signOnMode !== "SAML_2_0") return notFound(`${m[1]} (AppInstance)`);
        return { status: 200, body: samlMetadata(base, a), headers: { "content-type": "application/xml;charset=ISO-8859-1" } };
    }
    if (method === "GET" && (m = p.match(/^\/api\/v1\/apps\/([^/]+)\/credentials\/keys$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        return { status: 200, body: [SIGNING_KEY] };
    }
    // The push group reads its source group by ID to name the target (resource_okta_push_group.go ~184-197;
    // spec: GET /api/v1/groups/{groupId}).
    if (method === "GET" && (m = p.match(/^\/api\/v1\/groups\/([^/]+)$/))) {
        const group = allGroups(state).find((g) => g.id === m![1]);
        return group ? { status: 200, body: groupBody(group) } : notFound(`${m[1]} (UserGroup)`);
    }
    // The provider's user lookup (data_source_okta_user.go): search on profile.login.
    if (method === "GET" && p === "/api/v1/users" && url.searchParams.has("search")) {
        const login = url.searchParams
            .get("search")
            ?.match(/profile\.login eq "((?:[^"\\]|\\.)*)"/)?.[1]
            ?.replace(/\\(.)/g, "$1");
        const users = state.users.filter((u) => login !== undefined && u.login.toLowerCase() === login.toLowerCase());
        return { status: 200, body: users.map(userBody) };
    }
    if (method === "GET" && p === "/api/v1/policies") {
        // Identity Engine orgs have a default app access policy (app_authentication_policy.go).
        return {
            status: 200,
            body: [
                {
                    id: "rst-default-access",
                    type: url.searchParams.get("type") ?? "ACCESS_POLICY",
                    name: "Default Policy",
                    system: true,
                    status: "ACTIVE",
                    priority: 1,
                    conditions: null,
                    created: TIME,
                    lastUpdated: TIME,
                    _embedded: { resourceType: "APP" },
                    _links: {},
                },
            ],
        };
    }

    // Apps.
    if (method === "POST" && p === "/api/v1/apps") {
        const signOnMode = body.signOnMode;
        const id = newId("0oa");
        const label = String(body.label ?? "");
        const name = body.name && body.name !== "" ? body.name : `double_${label.toLowerCase().replace(/[^a-z0-9]/g, "")}_1`;
        const created: DoubleApp = {
            id,
            label,
            name,
            signOnMode,
            status: url.searchParams.get("activate") === "false" ? "INACTIVE" : "ACTIVE",
            features: [],
            groups: [],
            users: [],
            ...(signOnMode === "OPENID_CONNECT" ? { oauth: oauthOf(body) } : { signOn: body.settings?.signOn }),
            visibility: body.visibility,
        };
        state.apps.push(created);
        // POST /api/v1/apps answers 200, not 201 (recorded responses).
        return { status: 200, body: appBody(base, created) };
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)$/)) && (method === "PUT" || method === "DELETE")) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        if (method === "DELETE") {
            if (a.status !== "INACTIVE") return error(403, "E0000056", "Delete application forbidden.");
            state.apps.splice(state.apps.indexOf(a), 1);
            return noContent;
        }
        a.label = body.label ?? a.label;
        if (a.signOnMode === "OPENID_CONNECT") a.oauth = oauthOf(body);
        else a.signOn = body.settings?.signOn ?? a.signOn;
        a.visibility = body.visibility ?? a.visibility;
        return { status: 200, body: appBody(base, a) };
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/lifecycle\/(activate|deactivate)$/)) && method === "POST") {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        a.status = m[2] === "activate" ? "ACTIVE" : "INACTIVE";
        return { status: 200, body: {} };
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/policies\/([^/]+)$/)) && method === "PUT") {
        return app(m[1]) ? noContent : notFound(`${m[1]} (AppInstance)`);
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/groups\/([^/]+)$/))) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const groupId = m[2];
        const groups = (a.groups ??= []);
        if (method === "GET")
            return groups.includes(groupId)
                ? { status: 200, body: groupAssignmentBody(a, groupId) }
                : notFound(`${groupId} (ApplicationGroupAssignment)`);
        if (method === "DELETE") {
            if (!groups.includes(groupId)) return notFound(`${groupId} (ApplicationGroupAssignment)`);
            groups.splice(groups.indexOf(groupId), 1);
            delete a.groupPriorities?.[groupId];
            return noContent;
        }
        if (method === "PUT") {
            if (!allGroups(state).some((g) => g.id === groupId)) return notFound(`${groupId} (UserGroup)`);
            const fresh = !groups.includes(groupId);
            if (fresh) groups.push(groupId);
            a.groupPriorities ??= {};
            // Recorded (TestAccResourceOktaAppGroupAssignment_crud): a sent priority is stored as sent; without
            // one Okta places the group after the others, and the PUT's answer says one more than a later GET.
            const sent = typeof body.priority === "number";
            if (sent) a.groupPriorities[groupId] = body.priority;
            else if (fresh) a.groupPriorities[groupId] = groups.length - 1;
            const answer = groupAssignmentBody(a, groupId);
            return { status: 200, body: sent ? answer : { ...answer, priority: answer.priority + 1 } };
        }
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/users$/)) && method === "POST") {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const user = state.users.find((u) => u.id === body.id);
        if (!user) return notFound(`${body.id} (User)`);
        a.users = [...new Set([...(a.users ?? []), user.id])];
        const userName = body.credentials?.userName;
        if (userName && userName !== user.login) (a.userNames ??= {})[user.id] = userName;
        return { status: 200, body: appUserBody(a, user, "USER", false) };
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/users\/([^/]+)$/)) && (method === "POST" || method === "DELETE")) {
        const a = app(m[1]);
        const user = state.users.find((u) => u.id === m![2]);
        if (!a || !user || !a.users?.includes(user.id)) return notFound(`${m[2]} (AppUser)`);
        if (method === "DELETE") {
            a.users = a.users.filter((u) => u !== user.id);
            delete a.userNames?.[user.id];
            return noContent;
        }
        const userName = body.credentials?.userName;
        if (userName) {
            a.userNames ??= {};
            if (userName === user.login) delete a.userNames[user.id];
            else a.userNames[user.id] = userName;
        }
        return { status: 200, body: appUserBody(a, user, "USER", false) };
    }
    if ((m = p.match(/^\/api\/v1\/apps\/([^/]+)\/group-push\/mappings(?:\/([^/]+))?$/)) && !(method === "GET" && !m[2])) {
        const a = app(m[1]);
        if (!a) return notFound(`${m[1]} (AppInstance)`);
        const pushes = (a.pushes ??= []);
        const mappingBody = (x: { id: string; sourceGroupId: string; status?: string }) => ({
            id: x.id,
            sourceGroupId: x.sourceGroupId,
            targetGroupId: `${x.sourceGroupId}-target`,
            status: x.status ?? "ACTIVE",
            created: "2026-11-01T00:00:00Z",
            lastUpdated: "2026-11-01T00:00:00Z",
            _links: { app: { href: `${base}/api/v1/apps/${a.id}` } },
        });
        if (!m[2] && method === "POST") {
            // Group push runs through the app's provisioning: an admin switches it on first (README, phases).
            if (!(a.features ?? []).includes("GROUP_PUSH"))
                return error(400, "E0000001", "Api validation failed: Group Push is not enabled for this app");
            const mapping = { id: newId("gPm"), sourceGroupId: String(body.sourceGroupId), status: body.status ?? "ACTIVE" };
            pushes.push(mapping);
            // POST answers 200 with targetGroupId and no targetGroupName (recorded responses).
            return { status: 200, body: mappingBody(mapping) };
        }
        const mapping = pushes.find((x) => x.id === m![2]);
        if (!mapping) return notFound(`${m[2]} (GroupPushMapping)`);
        if (method === "GET") return { status: 200, body: mappingBody(mapping) };
        if (method === "PATCH") {
            mapping.status = body.status ?? mapping.status;
            return { status: 200, body: mappingBody(mapping) };
        }
        if (method === "DELETE") {
            if ((mapping.status ?? "ACTIVE") === "ACTIVE")
                return error(400, "E0000001", "Api validation failed: an ACTIVE mapping cannot be deleted");
            pushes.splice(pushes.indexOf(mapping), 1);
            return noContent;
        }
    }

    // Authorization servers, scopes, policies, rules.
    if (method === "POST" && p === "/api/v1/authorizationServers") {
        const created: DoubleAuthServer = {
            id: newId("aus"),
            name: body.name,
            description: body.description ?? undefined,
            audiences: body.audiences,
            issuerMode: body.issuerMode,
            status: "ACTIVE",
            scopes: [],
            policies: [],
        };
        state.authServers.push(created);
        return { status: 201, body: serverBody(base, created) };
    }
    if ((m = p.match(/^\/api\/v1\/authorizationServers\/([^/]+)(\/.*)?$/))) {
        const x = server(m[1]);
        if (!x) return notFound(`${m[1]} (AuthorizationServer)`);
        const rest = m[2] ?? "";
        if (rest === "") {
            if (method === "GET") return { status: 200, body: serverBody(base, x) };
            if (method === "PUT") {
                Object.assign(x, {
                    name: body.name,
                    description: body.description ?? undefined,
                    audiences: body.audiences,
                    issuerMode: body.issuerMode,
                });
                return { status: 200, body: serverBody(base, x) };
            }
            if (method === "DELETE") {
                if (x.status !== "INACTIVE")
                    return error(400, "E0000001", "Api validation failed: deactivate the authorization server first");
                state.authServers.splice(state.authServers.indexOf(x), 1);
                return noContent;
            }
        }
        if ((m = rest.match(/^\/lifecycle\/(activate|deactivate)$/)) && method === "POST") {
            x.status = m[1] === "activate" ? "ACTIVE" : "INACTIVE";
            return noContent;
        }
        const scopeFields = (target: DoubleScope) =>
            Object.assign(target, {
                name: body.name,
                consent: body.consent ?? "IMPLICIT",
                displayName: body.displayName,
                description: body.description,
                metadataPublish: body.metadataPublish,
                default: body.default,
                optional: body.optional,
            });
        if (rest === "/scopes" && method === "POST") {
            const scope = scopeFields({ id: newId("scp"), name: "", consent: "IMPLICIT" });
            x.scopes.push(scope);
            return { status: 201, body: scopeBody(x, scope, x.scopes.length - 1) };
        }
        if ((m = rest.match(/^\/scopes\/([^/]+)$/))) {
            const i = x.scopes.findIndex((c, k) => scopeBody(x, c, k).id === m![1]);
            if (i < 0) return notFound(`${m[1]} (OAuth2Scope)`);
            if (method === "GET") return { status: 200, body: scopeBody(x, x.scopes[i], i) };
            if (method === "PUT") return { status: 200, body: scopeBody(x, scopeFields(x.scopes[i]), i) };
            if (method === "DELETE") {
                x.scopes.splice(i, 1);
                return noContent;
            }
        }
        const policyFields = (target: DoublePolicy) => {
            Object.assign(target, {
                name: body.name,
                description: body.description,
                status: body.status ?? target.status ?? "ACTIVE",
                clients: body.conditions?.clients?.include ?? [],
            });
            placeAt(x.policies, target, body.priority);
            return target;
        };
        if (rest === "/policies" && method === "POST") {
            const policy = policyFields({ id: newId("00p"), name: "", clients: [], rules: [] });
            return { status: 201, body: policyBody(policy, 0) };
        }
        if ((m = rest.match(/^\/policies\/([^/]+)(\/.*)?$/))) {
            const policy = x.policies.find((c) => c.id === m![1]);
            if (!policy) return notFound(`${m[1]} (Policy)`);
            const tail = m[2] ?? "";
            if (tail === "") {
                if (method === "GET") return { status: 200, body: policyBody(policy, 0) };
                if (method === "PUT") return { status: 200, body: policyBody(policyFields(policy), 0) };
                if (method === "DELETE") {
                    x.policies.splice(x.policies.indexOf(policy), 1);
                    return noContent;
                }
            }
            const ruleFields = (target: DoubleRule) => {
                const token = body.actions?.token ?? {};
                Object.assign(target, {
                    name: body.name,
                    status: body.status ?? target.status ?? "ACTIVE",
                    grantTypes: body.conditions?.grantTypes?.include ?? [],
                    scopes: body.conditions?.scopes?.include ?? [],
                    groups: body.conditions?.people?.groups?.include ?? [],
                    users: body.conditions?.people?.users?.include ?? [],
                    excludeGroups: body.conditions?.people?.groups?.exclude ?? [],
                    excludeUsers: body.conditions?.people?.users?.exclude ?? [],
                    accessTokenLifetimeMinutes: token.accessTokenLifetimeMinutes,
                    refreshTokenLifetimeMinutes: token.refreshTokenLifetimeMinutes,
                    refreshTokenWindowMinutes: token.refreshTokenWindowMinutes,
                });
                placeAt(policy.rules, target, body.priority);
                return target;
            };
            if (tail === "/rules" && method === "POST") {
                const rule = ruleFields({ id: newId("0pr"), name: "", scopes: [], grantTypes: [] });
                return { status: 201, body: ruleBody(rule, 0) };
            }
            if ((m = tail.match(/^\/rules\/([^/]+)$/))) {
                const rule = policy.rules.find((r) => r.id === m![1]);
                if (!rule) return notFound(`${m[1]} (PolicyRule)`);
                if (method === "GET") return { status: 200, body: ruleBody(rule, 0) };
                if (method === "PUT") return { status: 200, body: ruleBody(ruleFields(rule), 0) };
                if (method === "DELETE") {
                    policy.rules.splice(policy.rules.indexOf(rule), 1);
                    return noContent;
                }
            }
        }
    }
    return undefined;
}

interface SpecOperation {
    responses?: Record<string, unknown>;
}

/** Okta's management spec as published on npm (Swagger 2.0): path templates as patterns, with their operations. */
const SPEC_PATHS: { pattern: RegExp; template: string; operations: Record<string, SpecOperation> }[] = Object.entries(
    (createRequire(__filename)("@okta/openapi/dist/spec.json") as { paths: Record<string, Record<string, SpecOperation>> }).paths,
).map(([template, operations]) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
    operations,
}));

/** What the spec says against a request and its answer, where it covers the path. */
function specProblem(method: string, path: string, status: number): string | undefined {
    // The most specific template: a literal segment beats a parameter (`/apps/{appId}/users` before `/apps/{appId}/{x}`).
    const matches = SPEC_PATHS.filter((p) => p.pattern.test(path)).sort(
        (a, b) => b.template.replace(/\{[^}]+\}/g, "").length - a.template.replace(/\{[^}]+\}/g, "").length,
    );
    if (matches.length === 0) return undefined;
    const operation = matches[0].operations[method.toLowerCase()];
    if (!operation) return `${method} ${matches[0].template}: the spec has no such operation`;
    const listed = Object.keys(operation.responses ?? {});
    // The published spec lists the success codes loosely (200 where Okta answers 201 or 204): only errors are checked.
    if (
        status >= 400 &&
        status !== 401 &&
        status !== 429 &&
        status !== 503 &&
        !listed.includes(String(status)) &&
        !listed.includes("default")
    ) {
        return `${method} ${matches[0].template}: answered ${status}, which the spec does not list (${listed.join(", ")})`;
    }
    return undefined;
}

export async function startOktaDouble(state: OktaDoubleState, now: () => number = Date.now): Promise<OktaDouble> {
    const requests: string[] = [];
    const abandoned: string[] = [];
    const specViolations: string[] = [];
    const answers: OktaDouble["answers"] = [];
    let base = "";
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", base);
        const line = `${req.method} ${url.pathname}${url.search}`;
        requests.push(line);
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        let body: Json = {};
        req.on("end", () => {
            try {
                body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Json) : {};
            } catch {
                body = {};
            }
            if (state.delayMs) setTimeout(answer, state.delayMs);
            else answer();
        });
        let answered = false;
        res.on("close", () => {
            if (!answered) abandoned.push(line);
        });
        let limitHeaders: Record<string, string> = {};
        const answer = () => {
            if (res.destroyed) return;
            const send = ({ status, body: answerBody, headers }: Answer, injected = false) => {
                if (res.destroyed) return;
                answered = true;
                answers.push({ method: req.method ?? "GET", path: url.pathname, status, body: answerBody });
                // A host that is no Okta org, or an injected fault, is not held to Okta's spec.
                const problem = state.refuse === 404 || injected ? undefined : specProblem(req.method ?? "GET", url.pathname, status);
                if (problem) specViolations.push(problem);
                const all = { ...limitHeaders, ...headers };
                res.writeHead(status, answerBody === undefined ? all : { "content-type": "application/json", ...all });
                // A text body (SAML metadata) goes as it is, under the content type its answer names.
                res.end(answerBody === undefined || typeof answerBody === "string" ? answerBody : JSON.stringify(answerBody));
            };
            // The discovery documents and the org's metadata are public; the management API is not.
            const open = url.pathname.startsWith("/oauth2/") || url.pathname.startsWith("/.well-known/");
            if (state.refuse === 404)
                return send({ status: 404, body: "<html><body>Not Found</body></html>", headers: { "content-type": "text/html" } });
            if (!open && req.headers.authorization !== `SSWS ${state.token}`) return send(error(401, "E0000011", "Invalid token provided"));
            if (!open && state.refuse === 403)
                return send(error(403, "E0000006", "You do not have permission to perform the requested action"));
            if (state.serverErrors) {
                state.serverErrors--;
                return send(error(503, "E0000009", "Internal Server Error"));
            }
            if (state.rateLimitedUntil !== undefined && now() < state.rateLimitedUntil) {
                return send(tooManyRequests(100, Math.ceil(state.rateLimitedUntil / 1000)));
            }
            const bucket = !open && state.bucket?.path.test(url.pathname) ? state.bucket : undefined;
            if (bucket) {
                const minute = Math.floor(now() / 60_000);
                const used = ((bucket.used ??= {})[minute] ??= 0);
                const reset = String((minute + 1) * 60);
                limitHeaders = {
                    "x-rate-limit-limit": String(bucket.perMinute),
                    "x-rate-limit-remaining": String(Math.max(0, bucket.perMinute - used - 1)),
                    "x-rate-limit-reset": reset,
                };
                if (used >= bucket.perMinute) {
                    bucket.refused = (bucket.refused ?? 0) + 1;
                    return send(tooManyRequests(bucket.perMinute, (minute + 1) * 60));
                }
                bucket.used[minute] = used + 1;
            }
            const work = () => write(state, req.method ?? "GET", url, body, base) ?? route(state, url, base);
            const fault = open ? undefined : takeFault(state, req.method ?? "GET", url.pathname, body);
            if (!fault) return send(work());
            fault.onArrive?.();
            const respond = () => {
                if (!fault.status) return send(work());
                if (fault.when === "after") work();
                send(faultAnswer(fault.status, now()), true);
            };
            if (fault.holdMs) setTimeout(respond, fault.holdMs);
            else respond();
        };
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return {
        url: base,
        requests,
        specViolations,
        abandoned,
        answers,
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
