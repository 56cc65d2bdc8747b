import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        // Cold ts-node loads (loader, policy pack) take 5-15 s on a busy 2-core machine; each has its
        // own deadline, this is only the backstop.
        testTimeout: 60_000,
        pool: "forks",
        // Files share a worker process (each loads @pulumi/pulumi once, not once per file). Safe because
        // every program run calls setMocks and re-imports index.ts, and no file leaves globals behind.
        isolate: false,
        // vitest's default is one worker fewer than the cores: one, on the 2-core machines CI uses.
        maxWorkers: 2,
        minWorkers: 1,
    },
});
