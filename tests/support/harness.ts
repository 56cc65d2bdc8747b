import { vi } from "vitest";
import { runProgram as runWithFakes, type FakeScenario } from "./fakes";

export { byName, ofType, one, type ProgramRun, type Registered } from "../../mock/runProgram";
export * from "./fakes";

/** runProgram with a fresh module registry, so index.ts is evaluated again for each scenario. */
export function runProgram(scenario: FakeScenario) {
    return runWithFakes(scenario, () => {
        vi.resetModules();
        return import("../../index.js");
    });
}
