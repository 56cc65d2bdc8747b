import type * as pulumi from "@pulumi/pulumi";
import { vi } from "vitest";
import { KiroOkta, type KiroOktaArgs } from "../../components/kiroOkta";
import { runProgram as runWithFakes, type FakeScenario } from "./fakes";
import type { Reader } from "../../components/config/messages";

export { byName, ofType, one, type ProgramRun, type Registered } from "../../commands/common/runProgram";
export * from "./fakes";

/**
 * runProgram with a fresh module registry, so index.ts is evaluated again for each scenario. One at a
 * time per test process: Pulumi's mock runtime is one per process, and a second run started before the
 * first has finished is refused with that reason (commands/common/runProgram.ts), never mixed in.
 */
export function runProgram(scenario: FakeScenario) {
    return runWithFakes(scenario, () => {
        vi.resetModules();
        return import("../../index.js");
    });
}

/** A stack config (`okta:orgName`, `assignGroups`, ...) as KiroOkta's args: the stack's own mapping. */
export function argsFromConfig(config: Record<string, unknown>): KiroOktaArgs {
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (key === "okta:orgName") args.oktaOrgName = value;
        else if (key === "okta:baseUrl") args.oktaBaseUrl = value;
        else if (!key.includes(":")) args[key] = value;
    }
    return args as unknown as KiroOktaArgs;
}

export const OUTPUTS = [
    "issuerMetadataUrl",
    "clientId",
    "authServerId",
    "oidcAppId",
    "samlAppId",
    "phase",
    "domainVerificationRecord",
    "scimRunbook",
    "nextSteps",
] as const;

/** The outputs of a KiroOkta, as a program would export them. */
export function exportsOf(kiro: KiroOkta): Record<string, unknown> {
    return Object.fromEntries(OUTPUTS.map((key) => [key, kiro[key]]));
}

/**
 * KiroOkta built directly under the mocks (as awsx's vpc.test.ts builds Vpc), from a scenario in
 * the stack config's form; `build` replaces the single instance (several, providers, options).
 */
export function runKiro(
    scenario: FakeScenario & {
        name?: string;
        opts?: pulumi.ComponentResourceOptions;
        reader?: Reader;
        build?: () => Record<string, unknown>;
    },
) {
    const { config, name, opts, reader, build, ...rest } = scenario;
    return runWithFakes({ ...rest, config: {} }, () =>
        Promise.resolve(build ? build() : exportsOf(new KiroOkta(name ?? "kiro", argsFromConfig(config), opts, reader))),
    );
}
