import { z } from "zod";
import { howToSet, ORG_KEYS, problemsMessage, type Reader } from "./phrasing";
import { loopbackRedirectUri, redirectUriProblem } from "./redirectUris";
import { normalizeDnsName } from "./txtRecord";

/**
 * The stack's config contract: the `kiro-okta:` keys, validated in one pass before any resource is
 * registered. Pure (no Pulumi import), so `verify` and `adopt` read config with the same rules:
 * `validateConfig` returns either the typed config or every problem found, each naming its key.
 * config.ts reads the raw values from Pulumi's runtime.
 */

/** Ports the guide lists, plus 3128: the port Kiro's CLI binds first (docs/okta-behaviour.md, "Redirect URIs"). */
export const DEFAULT_REDIRECT_PORTS = [3128, 2128, 4649, 6588, 8008, 9091, 49153, 50153, 51153, 52153, 53153];
export const DEFAULT_EXTRA_REDIRECT_URIS = ["kiro://kiro.oauth/callback"];

export const DEFAULTS = {
    assignUsers: [] as string[],
    oidcAppLabel: "Kiro-OIDC",
    samlAppLabel: "Kiro-SAML",
    redirectPorts: DEFAULT_REDIRECT_PORTS,
    extraRedirectUris: DEFAULT_EXTRA_REDIRECT_URIS,
    authServerName: "Kiro",
    authServerDescription: "Issues the codewhisperer scopes Kiro clients request (managed by Pulumi)",
    authServerAudience: "api://kiro",
    samlSsoUrl: "https://okta.com",
    samlAudience: "kiro",
    scimApp: "custom-saml",
    pushGroups: [] as string[],
    deletePushedGroupsOnDestroy: false,
    protect: true,
} as const;

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

/** Pulumi hands arrays and booleans to a program as JSON text; parse them before zod sees them. */
function fromJson(expected: string) {
    return (value: unknown, ctx: z.RefinementCtx) => {
        if (typeof value !== "string") return value;
        try {
            return JSON.parse(value) as unknown;
        } catch {
            ctx.addIssue({ code: "custom", message: `is not ${expected}: ${JSON.stringify(value)}` });
            return z.NEVER;
        }
    };
}

const jsonArray = <T extends z.ZodType>(item: T, what: string) =>
    z
        .unknown()
        .transform(fromJson("a JSON list"))
        .pipe(z.array(item, { error: (iss) => (iss.input === undefined ? `is required: ${what}` : `must be a list of ${what}`) }));

const boolean = z
    .unknown()
    .transform(fromJson("true or false"))
    .pipe(z.boolean({ error: (iss) => `must be true or false, got ${JSON.stringify(iss.input)}` }));

const text = (what: string) =>
    z
        .string({ error: `must be text: ${what}` })
        .trim()
        .min(1, { error: `must not be empty: ${what}` });

const groupName = z.string({ error: "must be a group name (text)" }).trim().min(1, { error: "must not be an empty group name" });

const port = z
    .number({ error: (iss) => `${JSON.stringify(iss.input)} is not a port number; expected an integer from 1 to 65535` })
    .int({ error: (iss) => `${JSON.stringify(iss.input)} is not an integer; expected an integer from 1 to 65535` })
    .min(1, { error: (iss) => `${JSON.stringify(iss.input)} is out of range; expected an integer from 1 to 65535` })
    .max(65535, { error: (iss) => `${JSON.stringify(iss.input)} is out of range; expected an integer from 1 to 65535` });

const redirectUri = z.string({ error: "must be a URI (text)" }).superRefine((uri, ctx) => {
    const problem = redirectUriProblem(uri);
    if (problem) {
        ctx.addIssue({
            code: "custom",
            message: `${JSON.stringify(uri)} ${problem}; expected loopback http (http://localhost:PORT/...) or a private-use scheme such as kiro://kiro.oauth/callback (RFC 8252)`,
        });
    }
});

const dnsName = (what: string) =>
    z.string({ error: `must be text: ${what}` }).transform((value, ctx) => {
        const name = normalizeDnsName(value);
        if (!name) {
            ctx.addIssue({ code: "custom", message: `${JSON.stringify(value)} is not a valid DNS name; expected ${what}` });
            return z.NEVER;
        }
        return name;
    });

/** Each item once. */
function noDuplicates<T>(what: string) {
    return (items: T[], ctx: z.RefinementCtx) => {
        items.forEach((item, i) => {
            if (items.indexOf(item) === i) return;
            ctx.addIssue({ code: "custom", path: [i], message: `lists ${JSON.stringify(item)} twice; expected each ${what} once` });
        });
    };
}

/** An https URL with nothing a SCIM base URI (RFC 7644 section 1.3) does not have, and no credentials. */
function scimEndpointProblem(value: string): string | undefined {
    if (!isHttpsUrl(value)) return "is not an https URL";
    const url = new URL(value);
    if (url.username || url.password) return "carries a user name or password, which would land in plain-text stack outputs";
    if (url.search || value.includes("?")) return "has a query string, which a SCIM base URI does not";
    if (url.hash || value.includes("#")) return "has a fragment (#...), which a SCIM base URI does not";
    return undefined;
}

/** Okta's rule, quoted where a push list overlaps the assignments. */
export const OKTA_PUSH_RULE =
    "Okta's Group Push documentation: \"Using the same Okta group for assignments and for group push isn't currently supported.\"";

/** Which Okta app provisions users and groups to Kiro over SCIM (an enum in the package's schema). */
export const ScimApp = {
    /** The guide's custom SAML 2.0 app (needs Okta's ADVANCED_SSO feature). */
    CustomSaml: "custom-saml",
    /** Okta's "AWS IAM Identity Center" catalog app, as in Kiro's current guide. */
    Catalog: "catalog",
} as const;
export type ScimApp = (typeof ScimApp)[keyof typeof ScimApp];
export const SCIM_APPS = [ScimApp.CustomSaml, ScimApp.Catalog] as const;
export type ScimAppKind = ScimApp;

const fields = z.object({
    assignGroups: jsonArray(groupName, "the names of the Okta groups to assign to both Kiro apps")
        .pipe(z.array(z.string()).min(1, { error: "is empty; expected at least one Okta group name" }))
        .superRefine(noDuplicates<string>("group")),
    assignUsers: jsonArray(text("an Okta user login"), "Okta user logins")
        .superRefine(noDuplicates<string>("user"))
        .default([...DEFAULTS.assignUsers]),
    oidcAppLabel: text("the OIDC app's label").default(DEFAULTS.oidcAppLabel),
    samlAppLabel: text("the SAML app's label").default(DEFAULTS.samlAppLabel),
    redirectPorts: jsonArray(port, "port numbers")
        .pipe(z.array(z.number()).min(1, { error: "is empty; expected at least one loopback port Kiro clients listen on" }))
        .superRefine(noDuplicates("port"))
        .default([...DEFAULTS.redirectPorts]),
    extraRedirectUris: jsonArray(redirectUri, "redirect URIs")
        .superRefine(noDuplicates("URI"))
        .default([...DEFAULTS.extraRedirectUris]),
    authServerName: text("the authorization server's name").default(DEFAULTS.authServerName),
    authServerDescription: text("the authorization server's description").default(DEFAULTS.authServerDescription),
    authServerAudience: text("the authorization server's audience").default(DEFAULTS.authServerAudience),
    samlSsoUrl: z
        .string({ error: "must be a URL (text)" })
        .refine(isHttpsUrl, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not an https URL; expected a URL such as https://okta.com (Kiro does not use it, Okta requires it)`,
        })
        .default(DEFAULTS.samlSsoUrl),
    samlAudience: text("the SAML Audience URI").default(DEFAULTS.samlAudience),
    domain: dnsName("your company's domain, such as example.com").optional(),
    domainVerificationToken: z
        .string({ error: "must be text" })
        .trim()
        .min(1, { error: "is empty; expected the verification token the Kiro console shows for your domain" })
        .max(255, {
            error: "is longer than 255 characters, which one TXT string cannot hold; expected the token exactly as the Kiro console shows it",
        })
        .refine((t) => !/["\\\s]/.test(t), {
            error: "contains quotes, backslashes or spaces; expected the token exactly as the Kiro console shows it",
        })
        .optional(),
    verificationRecordName: dnsName("the DNS name of the TXT record, such as example.com").optional(),
    hostedZoneId: z
        .string({ error: "must be text" })
        .trim()
        .transform((id) => id.replace(/^\/hostedzone\//, ""))
        .refine((id) => /^Z[A-Z0-9]{1,32}$/.test(id), {
            error: (iss) => `${JSON.stringify(iss.input)} is not a Route53 hosted zone ID; expected an ID such as Z0123456789ABCDEFGHIJ`,
        })
        .optional(),
    scimEndpoint: z
        .string({ error: "must be a URL (text)" })
        .trim()
        .superRefine((value, ctx) => {
            const problem = scimEndpointProblem(value);
            if (problem) {
                ctx.addIssue({
                    code: "custom",
                    message: `${JSON.stringify(value)} ${problem}; expected the https SCIM endpoint exactly as the Kiro console shows it (Settings, Identity management), such as https://scim.us-east-1.amazonaws.com/<id>/scim/v2`,
                });
            }
        })
        .optional(),
    scimToken: z
        .string({ error: "must be text" })
        .trim()
        .min(1, { error: "is empty; expected the access token generated in the Kiro console" })
        .optional(),
    scimApp: z
        .enum(SCIM_APPS, {
            error: (iss) =>
                `${JSON.stringify(iss.input)} is not a SCIM app kind; expected "custom-saml" (the guide's custom SAML 2.0 app) or "catalog" (Okta's AWS IAM Identity Center catalog app, Kiro's current guide)`,
        })
        .default(DEFAULTS.scimApp),
    pushGroups: z
        .unknown()
        .transform(fromJson("a JSON list"))
        .transform((value, ctx) => {
            if (typeof value === "boolean") {
                ctx.addIssue({
                    code: "custom",
                    message:
                        `is ${value}, the old on/off form; expected a list of the Okta groups to push to Kiro, none of them in assignGroups (${OKTA_PUSH_RULE} ` +
                        "Create a separate group for pushing, such as Kiro-Push, and list it; or list none for no pushes)",
                });
                return z.NEVER;
            }
            return value;
        })
        .pipe(z.array(groupName, { error: "must be a list of the names of the Okta groups to push to Kiro" }))
        .superRefine(noDuplicates<string>("group"))
        .default([...DEFAULTS.pushGroups]),
    deletePushedGroupsOnDestroy: boolean.default(DEFAULTS.deletePushedGroupsOnDestroy),
    protect: boolean.default(DEFAULTS.protect),
});

/** Every key of the contract, derived from the schema, so unknown (mistyped) keys can be reported. */
export const CONFIG_KEYS = Object.keys(fields.shape) as (keyof typeof fields.shape)[];
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export const SECRET_KEYS: readonly ConfigKey[] = ["scimToken"];

const schema = fields.superRefine((c, ctx) => {
    c.pushGroups.forEach((group, i) => {
        if (!c.assignGroups.includes(group)) return;
        ctx.addIssue({
            code: "custom",
            path: ["pushGroups", i],
            message:
                `lists "${group}", which assignGroups also lists; ${OKTA_PUSH_RULE} Expected a separate group to push: ` +
                "create one in Okta with the members to push (they are pushed only while assigned to the SCIM app through assignGroups or assignUsers) and list it here instead",
        });
    });
    if (
        c.domain &&
        c.verificationRecordName &&
        c.verificationRecordName !== c.domain &&
        !c.verificationRecordName.endsWith(`.${c.domain}`)
    ) {
        ctx.addIssue({
            code: "custom",
            path: ["verificationRecordName"],
            message: `"${c.verificationRecordName}" is not ${c.domain} or a name under it; expected the domain itself or a name such as _kiro.${c.domain}`,
        });
    }
    const uris = new Set(c.redirectPorts.map(loopbackRedirectUri));
    c.extraRedirectUris.forEach((uri, i) => {
        if (uris.has(uri)) {
            ctx.addIssue({
                code: "custom",
                path: ["extraRedirectUris", i],
                message: `${JSON.stringify(uri)} is already made from redirectPorts; expected only URIs not built from a port`,
            });
        }
    });
});

/**
 * Values that only make sense together (phases, README). Checked on presence alone, so they are
 * reported even when a value itself is also wrong.
 */
function partnerProblems(given: Record<string, unknown>): string[] {
    const has = (key: ConfigKey) => given[key] !== undefined;
    const problems: string[] = [];
    if (has("scimEndpoint") && !has("scimToken")) {
        problems.push("scimToken: is not set but scimEndpoint is; expected both, from the Kiro console (the token as a secret)");
    }
    if (has("scimToken") && !has("scimEndpoint")) {
        problems.push("scimEndpoint: is not set but scimToken is; expected both, from the Kiro console");
    }
    for (const key of ["domainVerificationToken", "verificationRecordName", "hostedZoneId"] as const) {
        if (has(key) && !has("domain"))
            problems.push(`domain: is not set but ${key} is; expected the domain you added in the Kiro console`);
    }
    const pushes = given.pushGroups;
    const listsGroups = Array.isArray(pushes) ? pushes.length > 0 : typeof pushes === "string" && /^\s*\[\s*[^\s\]]/.test(pushes);
    if (listsGroups && !(has("scimEndpoint") && has("scimToken"))) {
        problems.push(
            "pushGroups: lists groups but scimEndpoint and scimToken are not set; group push needs the SCIM connection, so set those first (phase 2) and switch provisioning on",
        );
    }
    return problems;
}

/** The Okta org, from the provider's own config (`okta:orgName`, `okta:baseUrl`) or its environment variables; both required. */
export interface OktaOrg {
    orgName?: string;
    /** Set whenever orgName is (a stack always has both); absent only where an org URL named the org. */
    baseUrl?: string;
}

export type KiroConfig = z.output<typeof schema> & { okta: OktaOrg };
export type Phase = 1 | 2 | 3;

/**
 * The phase a config reaches. 1: Okta only. 2: values from the Kiro profile (SCIM connection or
 * domain verification). 3: group push on.
 */
export function phaseOf(c: Pick<Settings, "pushGroups" | "scimEndpoint" | "domainVerificationToken">): Phase {
    if (c.pushGroups.length > 0) return 3;
    return c.scimEndpoint || c.domainVerificationToken ? 2 : 1;
}

/** The problems as one message, with how to set a value (the stack's config unless the reader is the component's). */
export function formatProblems(problems: string[], reader: Reader = "stack"): string {
    return problemsMessage(reader, problems);
}

function keyOf(path: PropertyKey[]): string {
    return path.reduce<string>(
        (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
        "",
    );
}

export interface RawConfig {
    /** Values of the `kiro-okta:` namespace, keyed without the namespace, as Pulumi gives them (strings). */
    values: Record<string, string | undefined>;
    /** Values of the Okta provider's `okta:` namespace, keyed without the namespace. */
    okta?: Record<string, string | undefined>;
    /** Keys whose value is stored as a Pulumi secret: `scimToken` for this project, `okta:apiToken` for the provider. */
    secretKeys: ReadonlySet<string>;
    /** The org's URL (OKTA_ORG_URL), where no stack names the org: verify with --outputs. */
    orgUrl?: string;
    /** The environment, for the provider settings it can take from there (OKTA_ORG_NAME, OKTA_BASE_URL). */
    env?: Record<string, string | undefined>;
}

/** Provider keys that hold credentials and must be stored as secrets. */
export const OKTA_SECRET_KEYS = ["apiToken", "privateKey", "accessToken"] as const;

function oktaProblems(raw: RawConfig): string[] {
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

export type Validated = { ok: true; config: KiroConfig } | { ok: false; problems: string[] };

/** The kiro-okta settings alone (without the Okta org): every problem names its key. */
export type Settings = z.output<typeof schema>;
export type ValidatedSettings = { ok: true; settings: Settings } | { ok: false; problems: string[] };

/**
 * Validates the kiro-okta settings, as Pulumi config hands them over (JSON text for lists and
 * booleans) or as a program passes them (lists, booleans, numbers). An empty or undefined value is unset.
 */
export function validateSettings(values: Record<string, unknown>): ValidatedSettings {
    const problems: string[] = [];
    for (const key of Object.keys(values).sort()) {
        if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
            const hint = CONFIG_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
            problems.push(
                `${key}: is not a kiro-okta setting${hint ? `; did you mean ${hint}?` : `; expected one of ${CONFIG_KEYS.join(", ")}`}`,
            );
        }
    }
    // An empty value is unset: it is what Pulumi.yaml's default "" hands the program.
    const given = Object.fromEntries(Object.entries(values).filter((entry) => entry[1] !== undefined && entry[1] !== ""));
    const result = schema.safeParse(given);
    if (!result.success) {
        for (const issue of result.error.issues) {
            problems.push(`${keyOf(issue.path) || "(config)"}: ${issue.message}`);
        }
    }
    problems.push(...partnerProblems(given));
    if (problems.length > 0 || !result.success) return { ok: false, problems };
    return { ok: true, settings: result.data };
}

/** Validates a stack's whole config: the settings, secrets stored as secrets, the Okta org. */
export function validateConfig(raw: RawConfig): Validated {
    const problems: string[] = [];
    for (const key of SECRET_KEYS) {
        if (raw.values[key] && !raw.secretKeys.has(key)) {
            problems.push(`${key}: is stored in plain text; expected a secret: \`pulumi config set --secret ${key} <value>\``);
        }
    }
    const settings = validateSettings(raw.values);
    if (settings.ok === false) problems.push(...settings.problems);
    problems.push(...oktaProblems(raw));
    if (problems.length > 0 || !settings.ok) return { ok: false, problems };
    const okta: OktaOrg = {
        orgName: raw.okta?.orgName ?? raw.env?.OKTA_ORG_NAME,
        baseUrl: raw.okta?.baseUrl || raw.env?.OKTA_BASE_URL,
    };
    return { ok: true, config: { ...settings.settings, okta } };
}

/** A stack's config entries (full keys such as `kiro-okta:scimToken`, `okta:orgName`) as RawConfig's parts. */
export function splitNamespaces(
    entries: Iterable<[fullKey: string, value: string, secret: boolean]>,
    project: string,
): Pick<RawConfig, "values" | "okta" | "secretKeys"> {
    const values: Record<string, string> = {};
    const okta: Record<string, string> = {};
    const secretKeys = new Set<string>();
    for (const [fullKey, value, secret] of entries) {
        const colon = fullKey.indexOf(":");
        const [namespace, key] = [fullKey.slice(0, colon), fullKey.slice(colon + 1)];
        if (namespace === project) values[key] = value;
        else if (namespace === "okta") okta[key] = value;
        else continue;
        if (secret) secretKeys.add(namespace === project ? key : fullKey);
    }
    return { values, okta, secretKeys };
}
