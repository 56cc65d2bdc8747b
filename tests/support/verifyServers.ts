import dns2 from "dns2";
import * as http from "node:http";
import * as https from "node:https";
import * as fs from "node:fs";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";

/** Servers on loopback for `npm run verify`'s tests (Okta's API: oktaDouble.ts); each returns its address and a close(). */

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
