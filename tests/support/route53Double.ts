import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for the two Route53 reads adopt makes, answering in Route53's REST/XML shapes
 * (API reference: ListHostedZonesByName, ListResourceRecordSets): zones sorted by name from the one
 * asked for, record sets from the name and type asked for, TXT values as quoted strings.
 */

export interface Route53State {
    zones: { id: string; name: string; private?: boolean }[];
    recordSets: { zoneId: string; name: string; type: string; ttl: number; values: string[] }[];
}

const xml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const dotted = (name: string) => `${name.toLowerCase().replace(/\.$/, "")}.`;
const NS = "https://route53.amazonaws.com/doc/2013-04-01/";

export async function startRoute53Double(state: Route53State): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? "/", "http://route53.test");
        requests.push(`${req.method} ${url.pathname}${url.search}`);
        const send = (status: number, body: string) => {
            res.writeHead(status, { "content-type": "text/xml" });
            res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
        };
        let m: RegExpMatchArray | null;
        if (req.method === "GET" && url.pathname === "/2013-04-01/hostedzonesbyname") {
            const from = dotted(url.searchParams.get("dnsname") ?? "");
            const zones = state.zones
                .map((z) => ({ ...z, name: dotted(z.name) }))
                .filter((z) => z.name >= from)
                .sort((a, b) => a.name.localeCompare(b.name));
            const body = zones
                .map(
                    (z) =>
                        `<HostedZone><Id>/hostedzone/${z.id}</Id><Name>${xml(z.name)}</Name><CallerReference>ref-${z.id}</CallerReference><Config><PrivateZone>${!!z.private}</PrivateZone></Config><ResourceRecordSetCount>2</ResourceRecordSetCount></HostedZone>`,
                )
                .join("");
            return send(
                200,
                `<ListHostedZonesByNameResponse xmlns="${NS}"><HostedZones>${body}</HostedZones><DNSName>${xml(from)}</DNSName><IsTruncated>false</IsTruncated><MaxItems>100</MaxItems></ListHostedZonesByNameResponse>`,
            );
        }
        if (req.method === "GET" && (m = url.pathname.match(/^\/2013-04-01\/hostedzone\/([^/]+)\/rrset$/))) {
            const name = dotted(url.searchParams.get("name") ?? "");
            const type = url.searchParams.get("type") ?? "";
            const max = Number(url.searchParams.get("maxitems") ?? 100);
            const sets = state.recordSets
                .filter((s) => s.zoneId === m![1])
                .map((s) => ({ ...s, name: dotted(s.name) }))
                .filter((s) => s.name > name || (s.name === name && s.type >= type))
                .sort((a, b) => a.name.localeCompare(b.name) || a.type.localeCompare(b.type))
                .slice(0, max);
            const body = sets
                .map(
                    (s) =>
                        `<ResourceRecordSet><Name>${xml(s.name)}</Name><Type>${s.type}</Type><TTL>${s.ttl}</TTL><ResourceRecords>${s.values.map((v) => `<ResourceRecord><Value>${xml(v)}</Value></ResourceRecord>`).join("")}</ResourceRecords></ResourceRecordSet>`,
                )
                .join("");
            return send(
                200,
                `<ListResourceRecordSetsResponse xmlns="${NS}"><ResourceRecordSets>${body}</ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>${max}</MaxItems></ListResourceRecordSetsResponse>`,
            );
        }
        send(
            400,
            `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidInput</Code><Message>not served by the double</Message></Error></ErrorResponse>`,
        );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}
