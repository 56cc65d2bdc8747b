import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { sameDnsName, zoneCandidates } from "../../components/txtRecord";

/**
 * The TXT record set the stack would write, read with the AWS SDK (read-only): the zone as the stack
 * finds it (hostedZoneId, or the public zone of the domain or its closest parent), then the set.
 * Credentials and region as the AWS SDK finds them (environment, profile, SSO).
 */

export interface TxtSet {
    zoneId: string;
    zoneName: string;
    name: string;
    /** undefined when no TXT set is at the name yet. */
    existing?: { ttl?: number; values: string[] };
}

export async function findTxtSet(
    recordName: string,
    domain: string,
    hostedZoneId: string | undefined,
    client = new Route53Client({}),
): Promise<TxtSet | undefined> {
    let zone: { id: string; name: string } | undefined;
    if (hostedZoneId) {
        zone = { id: hostedZoneId, name: domain };
    } else {
        for (const candidate of zoneCandidates(domain)) {
            const listed = await client.send(new ListHostedZonesByNameCommand({ DNSName: candidate, MaxItems: 10 }));
            const found = (listed.HostedZones ?? []).find((z) => sameDnsName(z.Name ?? "", candidate) && !z.Config?.PrivateZone);
            if (found) {
                zone = { id: (found.Id ?? "").replace(/^\/hostedzone\//, ""), name: candidate };
                break;
            }
        }
    }
    if (!zone) return undefined;
    const sets = await client.send(
        new ListResourceRecordSetsCommand({ HostedZoneId: zone.id, StartRecordName: recordName, StartRecordType: "TXT", MaxItems: 1 }),
    );
    const set = (sets.ResourceRecordSets ?? []).find((s) => s.Type === "TXT" && !s.SetIdentifier && sameDnsName(s.Name ?? "", recordName));
    return {
        zoneId: zone.id,
        zoneName: zone.name,
        name: recordName,
        existing: set ? { ttl: set.TTL, values: (set.ResourceRecords ?? []).map((r) => r.Value ?? "") } : undefined,
    };
}
