import type { z } from "zod";
import { loopbackRedirectUri } from "../redirectUris";
import { TOKEN_LIMITS } from "./defaults";
import { CONFIG_KEYS, type ConfigKey, fields, OKTA_PUSH_RULE } from "./fields";

/**
 * The rules between settings (a push group that is also assigned, a SCIM endpoint without its token,
 * ...) and the settings' validation as a whole: validateSettings reports every problem at once, each
 * naming its key.
 */

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
    tokenLifetimeProblems(c).forEach(([key, message]) => ctx.addIssue({ code: "custom", path: [key], message }));
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
 * Between the three token lifetimes (resource_okta_auth_server_policy_rule.go ~320-328): one message, on
 * the value to change. A value out of its own range already has its message (fields.ts) and none here.
 */
function tokenLifetimeProblems(c: z.output<typeof fields>): [ConfigKey, string][] {
    const { accessTokenLifetimeMinutes: access, refreshTokenLifetimeMinutes: refresh, refreshTokenWindowMinutes: window } = c;
    const own = Object.entries(TOKEN_LIMITS).every(([key, limits]) => {
        const n = c[key as keyof typeof TOKEN_LIMITS];
        return Number.isInteger(n) && (("unlimited" in limits && n === limits.unlimited) || (n >= limits.min && n <= limits.max));
    });
    if (!own) return [];
    if (refresh > 0 && refresh < access)
        return [
            [
                "refreshTokenLifetimeMinutes",
                `${refresh} is shorter than accessTokenLifetimeMinutes (${access}); expected 0 (unlimited) or at least ${access}`,
            ],
        ];
    if (window < access || (refresh > 0 && window > refresh)) {
        const range = `from accessTokenLifetimeMinutes (${access}) to ${refresh > 0 ? `refreshTokenLifetimeMinutes (${refresh})` : "2628000"}`;
        const what = window < access ? "shorter than accessTokenLifetimeMinutes" : "longer than refreshTokenLifetimeMinutes";
        return [["refreshTokenWindowMinutes", `${window} is ${what}; expected ${range}`]];
    }
    return [];
}

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

export type Phase = 1 | 2 | 3;

/**
 * The phase a config reaches. 1: Okta only. 2: values from the Kiro profile (SCIM connection or
 * domain verification). 3: group push on.
 */
export function phaseOf(c: Pick<Settings, "pushGroups" | "scimEndpoint" | "domainVerificationToken">): Phase {
    if (c.pushGroups.length > 0) return 3;
    return c.scimEndpoint || c.domainVerificationToken ? 2 : 1;
}

function keyOf(path: PropertyKey[]): string {
    return path.reduce<string>(
        (acc, part) => (typeof part === "number" ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
        "",
    );
}

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
