import { howToSet, ORG_KEYS, type Reader } from "./messages";
import { normalizeDnsName } from "../txtRecord";

/**
 * The Okta org the stack manages, as the Okta provider takes it (`okta:orgName`, `okta:baseUrl`, or
 * its environment variables), and the provider's credentials, which must be secrets.
 */

/** Where the org and the provider's credentials come from. */
export interface OktaSource {
    /** Values of the Okta provider's `okta:` namespace, keyed without the namespace. */
    okta?: Record<string, string | undefined>;
    /** Keys stored as Pulumi secrets (`okta:apiToken` for the provider). */
    secretKeys: ReadonlySet<string>;
    /** The org's URL (OKTA_ORG_URL), where no stack names the org: verify with --outputs. */
    orgUrl?: string;
    /** The environment, for the provider settings it can take from there (OKTA_ORG_NAME, OKTA_BASE_URL). */
    env?: Record<string, string | undefined>;
}

/** The Okta org, from the provider's own config (`okta:orgName`, `okta:baseUrl`) or its environment variables; both required. */
export interface OktaOrg {
    orgName?: string;
    /** Set whenever orgName is (a stack always has both); absent only where an org URL named the org. */
    baseUrl?: string;
}

/** Provider keys that hold credentials and must be stored as secrets. */
export const OKTA_SECRET_KEYS = ["apiToken", "privateKey", "accessToken"] as const;

export function oktaProblems(raw: OktaSource): string[] {
    const problems: string[] = [];
    for (const key of OKTA_SECRET_KEYS) {
        if (raw.okta?.[key] && !raw.secretKeys.has(`okta:${key}`)) {
            problems.push(`okta:${key}: is stored in plain text; expected a secret: \`pulumi config set --secret okta:${key} <value>\``);
        }
    }
    const [orgKey, orgName] = raw.okta?.orgName ? ["okta:orgName", raw.okta.orgName] : ["OKTA_ORG_NAME", raw.env?.OKTA_ORG_NAME];
    // An org URL (verify without a stack) names the org whole: no org name or base URL to check.
    if (!orgName && raw.orgUrl) return problems;
    if (!orgName) {
        problems.push(
            "okta:orgName: is not set; expected your Okta org's name (the `acme` in acme.okta.com): `pulumi config set okta:orgName acme`",
        );
    } else {
        const problem = orgNameProblem(orgName);
        if (problem) problems.push(`${orgKey}: ${problem}`);
    }
    const [baseKey, baseUrl] = raw.okta?.baseUrl ? ["okta:baseUrl", raw.okta.baseUrl] : ["OKTA_BASE_URL", raw.env?.OKTA_BASE_URL];
    if (!baseUrl) {
        // The provider has no default: without it the org URL is https://<org>. (docs/okta-behaviour.md, "Provider configuration").
        problems.push(
            "okta:baseUrl: is not set, and the Okta provider has no default for it; expected your org's domain (okta.com, oktapreview.com or okta-emea.com): `pulumi config set okta:baseUrl okta.com` (or OKTA_BASE_URL)",
        );
    } else {
        const baseProblem = baseUrlProblem(baseUrl);
        if (baseProblem) problems.push(`${baseKey}: ${baseProblem}`);
    }
    return problems;
}

/** The org's domain (`okta.com`, `oktapreview.com`, ...), never a URL or a host with the org name. */
export function baseUrlProblem(value: string): string | undefined {
    if (!value.includes("/") && normalizeDnsName(value)) return undefined;
    return `${JSON.stringify(value)} is not a domain; expected the org's domain without the org name or https://, such as okta.com, oktapreview.com or okta-emea.com`;
}

const ORG_NAME = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * The org name is the `acme` of acme.okta.com. Hosts, URLs and the admin console's `acme-admin`
 * are the usual mistakes; the provider would accept them and fail at the first lookup.
 */
export function orgNameProblem(value: string, reader: Reader = "stack"): string | undefined {
    const keys = ORG_KEYS[reader];
    const host = (() => {
        try {
            return value.includes("://") ? new URL(value).hostname : value.includes(".") ? value.toLowerCase() : undefined;
        } catch {
            return undefined;
        }
    })();
    if (host && normalizeDnsName(host)) {
        const [first, ...rest] = host.split(".");
        const org = first.replace(/-admin$/, "");
        return `${JSON.stringify(value)} is a ${value.includes("://") ? "URL" : "host name"}, not an org name; expected the org's name alone: ${howToSet(reader, keys.orgName, org)} and ${howToSet(reader, keys.baseUrl, rest.join("."))}`;
    }
    if (/-admin$/i.test(value) && ORG_NAME.test(value)) {
        return `${JSON.stringify(value)} is the admin console's name; expected the org's name without -admin: ${howToSet(reader, keys.orgName, value.replace(/-admin$/i, ""))}`;
    }
    if (!ORG_NAME.test(value))
        return `${JSON.stringify(value)} is not an Okta org name; expected letters, digits and dashes, the \`acme\` in acme.okta.com`;
    return undefined;
}
