import { z } from "zod";
import { redirectUriProblem } from "../redirectUris";
import { normalizeDnsName } from "../txtRecord";
import { DEFAULTS, SCIM_APPS, TOKEN_LIMITS } from "./defaults";

/**
 * Each kiro-okta setting on its own: its type, its range and its default. Rules that tie two settings
 * together are in rules.ts.
 */

function isHttpsUrl(value: string): boolean {
    try {
        const url = new URL(value);
        return url.protocol === "https:" && url.hostname !== "";
    } catch {
        return false;
    }
}

/*
 * What Pulumi hands over, by kind of value. Stack config reaches the program as text: a string as it
 * is, a number as its digits (`pulumi config set accessTokenLifetimeMinutes 15` gives "15", whatever
 * Pulumi.yaml's `type: integer` says), a list or a boolean as JSON text (`pulumi config set --path
 * 'assignGroups[0]' x` gives '["x"]'). A component's arguments from another language (Python, YAML)
 * arrive typed: a list as a list, a number as a number. Every field below takes both.
 */

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

/** A whole number of minutes in Okta's range, from a number or its digits as text; `unlimited` may stand outside it. */
const minutes = (limits: { min: number; max: number; unlimited?: number }, what: string) => {
    const range = `${limits.unlimited !== undefined ? `${limits.unlimited} (unlimited) or ` : ""}an integer from ${limits.min} to ${limits.max}`;
    return z
        .unknown()
        .transform((value, ctx) => {
            if (typeof value === "number") return value;
            if (typeof value === "string" && /^\s*-?\d+\s*$/.test(value)) return Number(value);
            ctx.addIssue({
                code: "custom",
                message: `${JSON.stringify(value)} is not a whole number of minutes; expected ${range} (${what})`,
            });
            return z.NEVER;
        })
        .superRefine((n, ctx) => {
            if (n === limits.unlimited) return;
            if (!Number.isInteger(n))
                ctx.addIssue({ code: "custom", message: `${n} is not a whole number of minutes; expected ${range} (${what})` });
            else if (n < limits.min || n > limits.max)
                ctx.addIssue({ code: "custom", message: `${n} is out of Okta's range; expected ${range} (${what})` });
        });
};

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

export const fields = z.object({
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
    accessTokenLifetimeMinutes: minutes(TOKEN_LIMITS.accessTokenLifetimeMinutes, "the access token's lifetime").default(
        DEFAULTS.accessTokenLifetimeMinutes,
    ),
    refreshTokenLifetimeMinutes: minutes(TOKEN_LIMITS.refreshTokenLifetimeMinutes, "the refresh token's lifetime").default(
        DEFAULTS.refreshTokenLifetimeMinutes,
    ),
    refreshTokenWindowMinutes: minutes(TOKEN_LIMITS.refreshTokenWindowMinutes, "how long an unused refresh token stays valid").default(
        DEFAULTS.refreshTokenWindowMinutes,
    ),
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
