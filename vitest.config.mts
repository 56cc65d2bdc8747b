import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["tests/**/*.test.ts"],
        testTimeout: 20_000,
        // The Pulumi mock runtime is process-global state: run test files in separate processes.
        pool: "forks",
    },
});
