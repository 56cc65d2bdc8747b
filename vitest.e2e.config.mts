import { defineConfig } from "vitest/config";

// npm run e2e: the real Pulumi CLI against the fake org, one scenario at a time (each `pulumi up`
// starts the engine, the language host and two providers on a 2-core machine).
export default defineConfig({
    test: {
        include: ["e2e/**/*.e2e.test.ts"],
        // Prints the run's tools and what in it is not real, once, before any scenario.
        globalSetup: ["e2e/globalSetup.ts"],
        testTimeout: 600_000,
        hookTimeout: 300_000,
        pool: "forks",
        maxWorkers: 1,
        minWorkers: 1,
        fileParallelism: false,
    },
});
