import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/** The npm scripts a user or CI runs still find their files wherever the tree moves them. */

const ROOT = path.resolve(__dirname, "..");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
const tsxEntries = Object.entries(scripts).flatMap(([name, line]) => [...line.matchAll(/\btsx (\S+\.ts)\b/g)].map((m) => [name, m[1]]));

describe("npm scripts", () => {
    it("run the commands through tsx", () => {
        expect(tsxEntries.map(([name]) => name)).toEqual(expect.arrayContaining(["plan", "verify", "adopt", "bench", "drift-summary"]));
    });

    it.each(tsxEntries)("%s: %s exists", (_, entry) => {
        expect(fs.existsSync(path.join(ROOT, entry))).toBe(true);
    });

    it("npm run bench measures the program in fresh processes (one sample)", async () => {
        const out = await promisify(execFile)(process.execPath, [require.resolve("tsx/cli"), "commands/bench/index.ts"], {
            cwd: ROOT,
            encoding: "utf8",
            env: { ...process.env, BENCH_SAMPLES: "1" },
        });
        expect(out.stdout).toMatch(/program evaluation under the mock runtime \(phase 3: \d+ resources/);
        expect(out.stdout).toContain("deploy critical path: 3 resources");
    });
});
