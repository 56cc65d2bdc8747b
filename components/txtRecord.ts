/**
 * Decisions for the domain-verification TXT record. Route53 holds one record set per name and type,
 * so the Kiro token has to join whatever TXT values (SPF, other verifications) are already there.
 */

const HOST_LABEL = /^(?!-)[a-z0-9_-]{1,63}(?<!-)$/;

/** Lower-cases and drops one trailing dot; undefined if it is not a DNS name with at least two labels. */
export function normalizeDnsName(value: string): string | undefined {
    const name = value.trim().toLowerCase().replace(/\.$/, "");
    if (name.length > 253) return undefined;
    const labels = name.split(".");
    if (labels.length < 2 || !labels.every((l) => HOST_LABEL.test(l))) return undefined;
    if (!/^[a-z]/.test(labels[labels.length - 1])) return undefined;
    return name;
}

/** The hosted zones that could hold `name`, most specific first: a.b.example.com, b.example.com, example.com. */
export function zoneCandidates(name: string): string[] {
    const labels = name.split(".");
    return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
}

/**
 * A TXT value as Route53's API returns it (`"part one" "part two"`) in the form `aws.route53.Record`
 * takes and stores (`part one""part two`), so a value read back compares equal to the one in state.
 */
export function fromRoute53TxtValue(apiValue: string): string {
    const value = apiValue.trim();
    if (!value.startsWith('"') || !value.endsWith('"') || value.length < 2) return value;
    return value.slice(1, -1).replace(/"\s+"/g, '""');
}

/** The DNS name as Route53 lists it (lower case, trailing dot, `\052` for `*`), for comparisons. */
export function sameDnsName(route53Name: string, name: string): boolean {
    const norm = (n: string) => n.replace(/\\052/g, "*").toLowerCase().replace(/\.$/, "");
    return norm(route53Name) === norm(name);
}

/**
 * The record set to write: the values already there, in their order, then the token if it is not
 * among them. Idempotent, so a run after `up` reads back its own set and writes nothing new.
 */
export function mergeTxtValues(existing: readonly string[], token: string): string[] {
    const values = [...new Set(existing)];
    return values.includes(token) ? values : [...values, token];
}

/** Values other than the token: when there are any, destroying the stack must leave the set in place. */
export function foreignTxtValues(existing: readonly string[], token: string): string[] {
    return [...new Set(existing)].filter((v) => v !== token);
}

export const DEFAULT_TXT_TTL = 300;
