import * as pulumi from "@pulumi/pulumi";
import { KiroOktaError } from "../errors";
import { isConfigSecret } from "../pulumiInternals";
import type { Reader } from "./messages";
import { formatProblems, type KiroConfig, type RawConfig, splitNamespaces, validateConfig } from "./index";

/** The program's side of the config contract (index.ts beside it): reading it from Pulumi's runtime. */

/** A RunError, so `pulumi up` prints the message without a stack trace. */
export class ConfigError extends KiroOktaError {
    constructor(
        readonly problems: string[],
        reader: Reader = "stack",
    ) {
        super(formatProblems(problems, reader));
        this.name = "ConfigError";
    }
}

/** This stack's config as Pulumi hands it to the program: raw strings, nothing parsed yet. */
export function readConfig(): RawConfig {
    const entries = Object.entries(pulumi.runtime.allConfig()).map(([key, value]): [string, string, boolean] => [
        key,
        value,
        isConfigSecret(key),
    ]);
    return {
        ...splitNamespaces(entries, pulumi.getProject()),
        env: { OKTA_ORG_NAME: process.env.OKTA_ORG_NAME, OKTA_BASE_URL: process.env.OKTA_BASE_URL },
    };
}

/** The validated config; throws a ConfigError listing every problem. */
export function parseConfig(raw: RawConfig): KiroConfig {
    const result = validateConfig(raw);
    if (result.ok === false) throw new ConfigError(result.problems);
    return result.config;
}
