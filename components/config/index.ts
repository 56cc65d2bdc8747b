import { problemsMessage, type Reader } from "./messages";
import { oktaProblems, type OktaOrg, type OktaSource } from "./oktaOrg";
import { SECRET_KEYS } from "./fields";
import { type Settings, validateSettings } from "./rules";

/**
 * The stack's config contract: the `kiro-okta:` keys and the Okta org, validated in one pass before
 * any resource is registered. Pure (no Pulumi import), so `plan`, `verify` and `adopt` read config
 * with the same rules. Where a key is checked: on its own in fields.ts (defaults in defaults.ts), with
 * another key in rules.ts, the Okta org in oktaOrg.ts; how messages name a key in messages.ts.
 * fromPulumi.ts reads the raw values from Pulumi's runtime.
 */

export * from "./defaults";
export { CONFIG_KEYS, type ConfigKey, OKTA_PUSH_RULE, SECRET_KEYS } from "./fields";
export { phaseOf, type Phase, type Settings, type ValidatedSettings, validateSettings } from "./rules";
export { baseUrlProblem, OKTA_SECRET_KEYS, type OktaOrg, orgNameProblem } from "./oktaOrg";
export type { Reader } from "./messages";

export type KiroConfig = Settings & { okta: OktaOrg };

/** The problems as one message, with how to set a value (the stack's config unless the reader is the component's). */
export function formatProblems(problems: string[], reader: Reader = "stack"): string {
    return problemsMessage(reader, problems);
}

/** A stack's config as Pulumi hands it over: the kiro-okta values, and where the Okta org comes from. */
export interface RawConfig extends OktaSource {
    /** Values of the `kiro-okta:` namespace, keyed without the namespace, as Pulumi gives them (strings). */
    values: Record<string, string | undefined>;
    /** Keys whose value is stored as a Pulumi secret: `scimToken` for this project, `okta:apiToken` for the provider. */
    secretKeys: ReadonlySet<string>;
}

export type Validated = { ok: true; config: KiroConfig } | { ok: false; problems: string[] };

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
