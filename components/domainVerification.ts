import * as pulumi from "@pulumi/pulumi";
import { KiroOktaError } from "./errors";
import { getRecords, getZone, Record } from "@pulumi/aws/route53";
import { lookupReason } from "./directory";
import { DEFAULT_TXT_TTL, foreignTxtValues, fromRoute53TxtValue, mergeTxtValues, sameDnsName, zoneCandidates } from "./txtRecord";

export interface DomainVerificationArgs {
    zoneId: string;
    recordName: string;
    token: string;
    /** The TXT values at `recordName` before this run (other verifications, SPF), kept as they are. */
    existing: ExistingTxtSet;
}

export interface ExistingTxtSet {
    values: string[];
    ttl?: number;
}

/**
 * Guide: "create TXT record with that verification token" in Route53. The token joins the record
 * set already at that name; when that set holds other values, destroying the stack leaves it in
 * place (token included) rather than deleting values this stack does not own.
 */
export class DomainVerification extends pulumi.ComponentResource {
    readonly recordName: string;
    readonly zoneId: string;
    /** The whole set written: the values found there, then the token. */
    readonly values: string[];
    readonly fqdn: pulumi.Output<string>;

    constructor(name: string, args: DomainVerificationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:aws:DomainVerification", name, {}, opts);
        const others = foreignTxtValues(args.existing.values, args.token);
        this.values = mergeTxtValues(args.existing.values, args.token);
        const record = new Record(
            name,
            {
                zoneId: args.zoneId,
                name: args.recordName,
                type: "TXT",
                ttl: args.existing.ttl ?? DEFAULT_TXT_TTL,
                records: this.values,
                // The set may already exist (SPF, other verifications); its values are merged above.
                allowOverwrite: true,
            },
            { parent: this, retainOnDelete: others.length > 0 },
        );
        this.recordName = args.recordName;
        this.zoneId = args.zoneId;
        this.fqdn = record.fqdn;
        this.registerOutputs({ fqdn: this.fqdn });
    }
}

export class ZoneLookupError extends KiroOktaError {}

/** The provider's answer when no zone matches (aws_route53_zone; "Route53Zone" before pulumi-aws 6.38). */
const NO_ZONE = /no matching Route ?53 (Hosted )?Zone found/i;

/** The public hosted zone for `domain`: the zone named by it or by its closest parent. */
export async function findPublicZone(domain: string, opts?: pulumi.InvokeOptions): Promise<string> {
    for (const candidate of zoneCandidates(domain)) {
        try {
            const zone = await getZone({ name: candidate, privateZone: false }, opts);
            return zone.zoneId;
        } catch (error) {
            // Only a missing zone sends us to the parent; denied access or throttling is not "no zone".
            if (!NO_ZONE.test(String((error as Error)?.message ?? error))) {
                throw new ZoneLookupError(
                    `domain: looking up the Route53 hosted zone ${candidate} failed${lookupReason(error)}; ` +
                        "expected AWS credentials allowed to route53:ListHostedZones, route53:GetHostedZone and route53:ListTagsForResource (or set hostedZoneId)",
                );
            }
        }
    }
    throw new ZoneLookupError(
        `domain: no public Route53 hosted zone found for "${domain}" or its parent domains; ` +
            "expected a public hosted zone in this AWS account, or set hostedZoneId to the zone's ID (Z...)",
    );
}

/** The simple-routing TXT set at `recordName`, in the form aws.route53.Record stores. */
export async function findTxtSet(zoneId: string, recordName: string, opts?: pulumi.InvokeOptions): Promise<ExistingTxtSet> {
    const escaped = recordName.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const result = await getRecords({ zoneId, nameRegex: `^${escaped}\\.?$` }, opts);
    const set = result.resourceRecordSets.find((s) => s.type === "TXT" && !s.setIdentifier && sameDnsName(s.name, recordName));
    if (!set) return { values: [] };
    return { values: set.resourceRecords.map((r) => fromRoute53TxtValue(r.value)), ttl: set.ttl };
}
