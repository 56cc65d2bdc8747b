import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { promisify } from "node:util";
import { type OktaAuth, oktaFromEnv } from "../common/net/oktaCredentials";
import { InvalidConfigError } from "../common/command";
import { CONFIG_KEYS, type KiroConfig, type RawConfig, splitNamespaces, validateConfig } from "../../components/config";

/**
 * What verify checks against: the stack's outputs and config, and the Okta credentials the stack
 * uses. From the Pulumi CLI (`--stack`), or without it from `--outputs <file>` and the environment.
 */

export interface StackOutputs {
    issuerMetadataUrl: string;
    clientId: string;
    authServerId: string;
    oidcAppId: string;
    samlAppId: string;
    domainVerificationRecord?: { name: string; zoneId: string; type: string; values?: string[] } | null;
}

export interface VerifyInputs {
    outputs: StackOutputs;
    config: KiroConfig;
    oktaOrgUrl?: string;
    oktaAuth?: OktaAuth;
}

/** Bad usage or inputs: exit 2, the message alone. */
export class InputError extends Error {}

/** The stack's config validated with the program's own rules; problems are an InvalidConfigError (exit 1). */
function configOf(raw: RawConfig): KiroConfig {
    const result = validateConfig(raw);
    if (!result.ok) throw new InvalidConfigError(result.problems);
    return result.config;
}

const REQUIRED_OUTPUTS = ["issuerMetadataUrl", "clientId", "authServerId", "oidcAppId", "samlAppId"] as const;

export function checkOutputs(value: unknown, source: string): StackOutputs {
    const outputs = (value ?? {}) as Record<string, unknown>;
    const missing = REQUIRED_OUTPUTS.filter((k) => typeof outputs[k] !== "string" || outputs[k] === "");
    if (missing.length) throw new InputError(`${source}: missing stack outputs ${missing.join(", ")}; run \`pulumi up\` first`);
    return outputs as unknown as StackOutputs;
}

/** KIRO_OKTA_SCIM_TOKEN for scimToken: the stack's config keys as environment variables. */
export function envName(key: string): string {
    return `KIRO_OKTA_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** Without the CLI: outputs from a file as `pulumi stack output --json --show-secrets` prints them, config from KIRO_OKTA_*. */
export function inputsFromEnv(outputsFile: string, env: Record<string, string | undefined>): VerifyInputs {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(outputsFile, "utf8"));
    } catch (e) {
        throw new InputError(`--outputs ${outputsFile}: ${(e as Error).message}`);
    }
    const values: Record<string, string> = {};
    for (const key of CONFIG_KEYS) {
        const value = env[envName(key)];
        if (value !== undefined) values[key] = value;
    }
    const outputs = checkOutputs(parsed, outputsFile);
    const okta = oktaFromEnv(env);
    if (env.OKTA_ORG_URL) {
        try {
            new URL(env.OKTA_ORG_URL);
        } catch {
            throw new InputError(`OKTA_ORG_URL: ${JSON.stringify(env.OKTA_ORG_URL)} is not a URL; expected https://<org>.okta.com`);
        }
    }
    const config = configOf({
        values,
        orgUrl: env.OKTA_ORG_URL || undefined,
        // Values from the environment are not stored anywhere, so they count as secret.
        secretKeys: new Set(Object.keys(values)),
        env: { OKTA_ORG_NAME: env.OKTA_ORG_NAME, OKTA_BASE_URL: env.OKTA_BASE_URL },
    });
    return { outputs, config, oktaOrgUrl: okta.orgUrl, oktaAuth: okta.auth };
}

export type Exec = (file: string, args: string[]) => Promise<{ stdout: string }>;
const defaultExec: Exec = (file, args) => promisify(execFile)(file, args, { maxBuffer: 16 * 1024 * 1024 });

/** With the CLI: `pulumi stack output` and `pulumi config` of the stack, secrets shown (never printed by verify). */
export async function inputsFromStack(
    stack: string,
    env: Record<string, string | undefined>,
    exec: Exec = defaultExec,
): Promise<VerifyInputs> {
    const run = async (args: string[]) => {
        try {
            return JSON.parse((await exec("pulumi", [...args, "--stack", stack, "--json", "--show-secrets"])).stdout) as unknown;
        } catch (e) {
            throw new InputError(
                `\`pulumi ${args.join(" ")} --stack ${stack}\` failed: ${(e as Error).message.split("\n")[0]}; use --outputs <file> without the CLI`,
            );
        }
    };
    const outputs = checkOutputs(await run(["stack", "output"]), `stack ${stack}`);
    const cfg = (await run(["config"])) as Record<string, { value?: string; objectValue?: unknown; secret?: boolean }>;
    const raw = splitNamespaces(
        Object.entries(cfg).map(([key, entry]): [string, string, boolean] => [
            key,
            entry.objectValue !== undefined ? JSON.stringify(entry.objectValue) : (entry.value ?? ""),
            entry.secret === true,
        ]),
        "kiro-okta",
    );
    const oktaValues = raw.okta ?? {};
    const config = configOf({ ...raw, env });
    // As the provider does: the stack's okta:* config first, the OKTA_* environment only for what it lacks.
    const fromConfig = Object.fromEntries(
        Object.entries({
            OKTA_ORG_NAME: oktaValues.orgName,
            OKTA_BASE_URL: oktaValues.baseUrl,
            OKTA_HTTP_PROXY: oktaValues.httpProxy,
            OKTA_API_TOKEN: oktaValues.apiToken,
            OKTA_API_CLIENT_ID: oktaValues.clientId,
            OKTA_API_PRIVATE_KEY: oktaValues.privateKey,
            OKTA_API_PRIVATE_KEY_ID: oktaValues.privateKeyId,
            OKTA_API_SCOPES: oktaValues.scopes ? (JSON.parse(oktaValues.scopes) as string[]).join(",") : undefined,
        }).filter((entry): entry is [string, string] => !!entry[1]),
    );
    const fromEnvironment = Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("OKTA_") && v));
    // An org named in the stack's config is the org, whatever OKTA_ORG_URL says; likewise its credentials.
    if (fromConfig.OKTA_ORG_NAME) delete fromEnvironment.OKTA_ORG_URL;
    if (fromConfig.OKTA_HTTP_PROXY) delete fromEnvironment.OKTA_HTTP_PROXY;
    if (fromConfig.OKTA_API_TOKEN || fromConfig.OKTA_API_CLIENT_ID) {
        for (const key of ["OKTA_API_TOKEN", "OKTA_API_CLIENT_ID", "OKTA_API_PRIVATE_KEY", "OKTA_API_PRIVATE_KEY_ID", "OKTA_API_SCOPES"])
            delete fromEnvironment[key];
    }
    const fromEnv = oktaFromEnv({ ...fromEnvironment, ...fromConfig });
    return { outputs, config, oktaOrgUrl: fromEnv.orgUrl, oktaAuth: fromEnv.auth };
}
