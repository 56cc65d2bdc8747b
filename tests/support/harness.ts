import { vi } from "vitest";
import { runProgram as run, type Scenario } from "../../tools/mockRuntime";

export * from "../../tools/mockRuntime";

/** runProgram with a fresh module registry, so index.ts is evaluated again for each scenario. */
export function runProgram(scenario: Scenario) {
    return run(scenario, () => {
        vi.resetModules();
        return import("../../index.js");
    });
}
