import dns2 from "dns2";
import * as http from "node:http";
import * as https from "node:https";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Servers on loopback for `npm run verify`'s tests; each returns its address and a close(). */

export interface Running {
    url: string;
    close(): Promise<void>;
}

function listen(server: http.Server): Promise<string> {
    return new Promise((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
    );
}

function closer(server: http.Server): () => Promise<void> {
    return () =>
        new Promise((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
        });
}

/** A real OpenID provider (oidc-provider) with an Okta-style issuer path: /oauth2/<authServerId>. */
export async function startOidcProvider(authServerId: string): Promise<Running & { issuer: string; metadataUrl: string }> {
    const prefix = `/oauth2/${authServerId}`;
    // oidc-provider is an ES module only.
    const { default: Provider } = await import("oidc-provider");
    // The issuer needs the port, so the provider is made after the server listens.
    const mounted: { handler?: ReturnType<InstanceType<typeof Provider>["callback"]> } = {};
    const server = http.createServer((req, res) => {
        if (!mounted.handler || !req.url?.startsWith(prefix)) {
            res.statusCode = 404;
            res.end("Not Found");
            return;
        }
        req.url = req.url.slice(prefix.length) || "/";
        void mounted.handler(req, res);
    });
    const base = await listen(server);
    const issuer = `${base}${prefix}`;
    const provider = new Provider(issuer, {
        clients: [
            { client_id: "kiro-client", token_endpoint_auth_method: "none", redirect_uris: ["http://localhost:3128/oauth/callback"] },
        ],
    });
    mounted.handler = provider.callback();
    return { url: base, issuer, metadataUrl: `${issuer}/.well-known/openid-configuration`, close: closer(server) };
}

/** A real DNS server (dns2) answering TXT queries from `records` (name -> values). */
export async function startDnsServer(records: Map<string, string[]>): Promise<{ address: string; close(): Promise<void> }> {
    const { Packet } = dns2;
    const server = dns2.createServer({
        udp: true,
        handle: (request, send) => {
            const response = Packet.createResponseFromRequest(request);
            const [question] = request.questions;
            const values = question.type === Packet.TYPE.TXT ? (records.get(question.name.toLowerCase()) ?? []) : [];
            for (const data of values) {
                // dns2's Resource type wants an encoder; a plain record is what its own examples push.
                response.answers.push({
                    name: question.name,
                    type: Packet.TYPE.TXT,
                    class: Packet.CLASS.IN,
                    ttl: 60,
                    data,
                } as unknown as (typeof response.answers)[number]);
            }
            void send(response);
        },
    });
    await server.listen({ udp: { port: 0, address: "127.0.0.1" } });
    const { port } = server.addresses().udp as AddressInfo;
    return { address: `127.0.0.1:${port}`, close: () => server.close() };
}

/** The slice of Okta's management API verify reads, with the shapes Okta's API reference documents. */
export interface OktaState {
    token: string;
    scopes: { name: string; consent: string }[];
    policies: { id: string; name: string; clients: string[]; status?: string }[];
    rules: Record<string, { name: string; scopes: string[]; grantTypes: string[]; status?: string }[]>;
    apps: Record<
        string,
        {
            label: string;
            signOnMode: "OPENID_CONNECT" | "SAML_2_0";
            status: string;
            features: string[];
            redirectUris?: string[];
            groups: string[];
            users?: string[];
        }
    >;
    groups: { id: string; name: string }[];
    users?: { id: string; login: string }[];
    /** Answer every request this late (for timeouts). */
    delayMs?: number;
}

function oktaApp(id: string, app: OktaState["apps"][string]) {
    const common = {
        id,
        label: app.label,
        status: app.status,
        signOnMode: app.signOnMode,
        features: app.features,
        created: "2026-11-01T00:00:00.000Z",
        _links: {},
    };
    if (app.signOnMode === "OPENID_CONNECT") {
        return {
            ...common,
            name: "oidc_client",
            credentials: {
                oauthClient: { client_id: "kiro-client", token_endpoint_auth_method: "none", pkce_required: true, autoKeyRotation: true },
            },
            settings: {
                oauthClient: {
                    redirect_uris: app.redirectUris ?? [],
                    response_types: ["code"],
                    grant_types: ["authorization_code", "refresh_token"],
                    application_type: "native",
                },
            },
        };
    }
    return { ...common, name: "acme_kirosaml_1", settings: { signOn: { ssoAcsUrl: "https://okta.com", audience: "kiro" } } };
}

export async function startOktaApi(state: OktaState): Promise<Running & { requests: string[] }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://okta.test");
        requests.push(`${req.method} ${url.pathname}${url.search}`);
        const send = (status: number, body: unknown) => {
            res.statusCode = status;
            res.setHeader("content-type", "application/json");
            res.end(JSON.stringify(body));
        };
        const answer = () => {
            if (req.headers.authorization !== `SSWS ${state.token}`) {
                return send(401, {
                    errorCode: "E0000011",
                    errorSummary: "Invalid token provided",
                    errorLink: "E0000011",
                    errorId: "oae1",
                    errorCauses: [],
                });
            }
            let m: RegExpMatchArray | null;
            if (/^\/api\/v1\/authorizationServers\/([^/]+)\/scopes$/.test(url.pathname)) {
                return send(
                    200,
                    state.scopes.map((s, i) => ({
                        id: `scp${i}`,
                        name: s.name,
                        consent: s.consent,
                        metadataPublish: "ALL_CLIENTS",
                        system: false,
                        default: false,
                    })),
                );
            }
            if (/^\/api\/v1\/authorizationServers\/([^/]+)\/policies$/.test(url.pathname)) {
                return send(
                    200,
                    state.policies.map((p, i) => ({
                        type: "OAUTH_AUTHORIZATION_POLICY",
                        id: p.id,
                        status: p.status ?? "ACTIVE",
                        name: p.name,
                        description: "Kiro clients",
                        priority: i + 1,
                        system: false,
                        conditions: { clients: { include: p.clients } },
                    })),
                );
            }
            if ((m = url.pathname.match(/^\/api\/v1\/authorizationServers\/([^/]+)\/policies\/([^/]+)\/rules$/))) {
                return send(
                    200,
                    (state.rules[m[2]] ?? []).map((r, i) => ({
                        type: "RESOURCE_ACCESS",
                        id: `0pr${i}`,
                        status: r.status ?? "ACTIVE",
                        name: r.name,
                        priority: i + 1,
                        system: false,
                        conditions: {
                            people: { users: { include: [], exclude: [] }, groups: { include: ["EVERYONE"], exclude: [] } },
                            grantTypes: { include: r.grantTypes },
                            scopes: { include: r.scopes },
                        },
                        actions: {
                            token: { accessTokenLifetimeMinutes: 60, refreshTokenLifetimeMinutes: 0, refreshTokenWindowMinutes: 10080 },
                        },
                    })),
                );
            }
            if ((m = url.pathname.match(/^\/api\/v1\/apps\/([^/]+)\/groups$/))) {
                const app = state.apps[m[1]];
                return app
                    ? send(
                          200,
                          app.groups.map((id, priority) => ({ id, priority, lastUpdated: "2026-11-01T00:00:00.000Z", _links: {} })),
                      )
                    : send(404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (AppInstance)` });
            }
            if ((m = url.pathname.match(/^\/api\/v1\/apps\/([^/]+)\/users$/))) {
                const app = state.apps[m[1]];
                return app
                    ? send(
                          200,
                          (app.users ?? []).map((id) => ({
                              id,
                              scope: "USER",
                              status: "PROVISIONED",
                              credentials: { userName: state.users?.find((u) => u.id === id)?.login },
                              _links: {},
                          })),
                      )
                    : send(404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (AppInstance)` });
            }
            if ((m = url.pathname.match(/^\/api\/v1\/users\/([^/]+)$/))) {
                const login = decodeURIComponent(m[1]);
                const user = state.users?.find((u) => u.login === login || u.id === login);
                return user
                    ? send(200, { id: user.id, status: "ACTIVE", profile: { login: user.login, email: user.login }, _links: {} })
                    : send(404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${login} (User)` });
            }
            if ((m = url.pathname.match(/^\/api\/v1\/apps\/([^/]+)$/))) {
                const app = state.apps[m[1]];
                return app
                    ? send(200, oktaApp(m[1], app))
                    : send(404, { errorCode: "E0000007", errorSummary: `Not found: Resource not found: ${m[1]} (AppInstance)` });
            }
            if (url.pathname === "/api/v1/groups") {
                const q = url.searchParams.get("q") ?? "";
                return send(
                    200,
                    state.groups
                        .filter((g) => g.name.startsWith(q))
                        .map((g) => ({ id: g.id, type: "OKTA_GROUP", profile: { name: g.name, description: "" } })),
                );
            }
            return send(404, { errorCode: "E0000022", errorSummary: "The endpoint does not support the provided HTTP method" });
        };
        if (state.delayMs) setTimeout(answer, state.delayMs);
        else answer();
    });
    const url = await listen(server);
    return { url, requests, close: closer(server) };
}

/** A SCIM 2.0 endpoint over HTTPS (certificate made for this run) that accepts one bearer token. */
export async function startScim(token: string): Promise<Running & { endpoint: string; caFile: string }> {
    const selfsigned = await import("selfsigned");
    const pems = await selfsigned.generate([{ name: "commonName", value: "127.0.0.1" }], {
        notAfterDate: new Date(Date.now() + 24 * 3600 * 1000),
        keySize: 2048,
        extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
    });
    const caFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-scim-")), "ca.pem");
    fs.writeFileSync(caFile, pems.cert);
    const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res): void => {
        res.setHeader("content-type", "application/scim+json");
        if (!req.url?.endsWith("/scim/v2/ServiceProviderConfig")) {
            res.statusCode = 404;
            res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" }));
            return;
        }
        if (req.headers.authorization !== `Bearer ${token}`) {
            res.statusCode = 401;
            res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "401", detail: "Unauthorized" }));
            return;
        }
        res.end(
            JSON.stringify({
                schemas: ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
                patch: { supported: true },
                filter: { supported: true, maxResults: 100 },
            }),
        );
    });
    const port = await new Promise<number>((resolve) =>
        server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)),
    );
    const url = `https://127.0.0.1:${port}`;
    return {
        url,
        endpoint: `${url}/tenant-1/scim/v2/`,
        caFile,
        close: () =>
            new Promise((resolve) => {
                server.closeAllConnections();
                server.close(() => resolve());
                fs.rmSync(path.dirname(caFile), { recursive: true, force: true });
            }),
    };
}
