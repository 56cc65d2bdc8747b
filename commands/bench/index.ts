import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import { runProgram } from "../common/runProgram";
import { criticalPath, isDeployed } from "../common/graph";
import { placeholderWorld } from "../common/placeholderWorld";

/**
 * `npm run bench`: the program's evaluation time under the mock runtime (a fresh process per
 * sample, so module loading is included, as in `pulumi up`) and the deploy's critical path.
 * Uses a phase-3 config, which registers every resource the stack has, and the plan's placeholder
 * world (no credentials).
 */

const PHASE3 = {
    "okta:orgName": "acme",
    "okta:baseUrl": "okta.com",
    assignGroups: ["Kiro-Users", "Kiro-Admins"],
    domain: "example.com",
    domainVerificationToken: "kiro-verification=bench",
    scimEndpoint: "https://scim.us-east-1.amazonaws.com/bench/scim/v2",
    scimToken: "bench-token",
    pushGroups: ["Kiro-Push"],
};

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const TSX = createRequire(path.join(process.cwd(), "package.json")).resolve("tsx/cli");

async function once(): Promise<void> {
    const start = process.hrtime.bigint();
    const run = await runProgram({ config: PHASE3, secretKeys: ["scimToken"], world: placeholderWorld });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (run.error) throw run.error;
    const short = (urn: string) => urn.split("::").pop();
    console.log(
        JSON.stringify({
            ms,
            resources: run.resources.length,
            deployed: run.resources.filter((r) => isDeployed(r.type)).length,
            criticalPath: criticalPath(run.resources).map(short),
        }),
    );
}

function main(): void {
    const results = Array.from({ length: SAMPLES }, () => {
        const child = spawnSync(process.execPath, [TSX, __filename, "--once"], { encoding: "utf8" });
        if (child.status !== 0) throw new Error(`sample failed:\n${child.stderr}`);
        return JSON.parse(child.stdout.trim().split("\n").pop()!) as {
            ms: number;
            resources: number;
            deployed: number;
            criticalPath: string[];
        };
    });
    const times = results.map((r) => r.ms).sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const { resources, deployed, criticalPath: chain } = results[0];
    console.log(
        `program evaluation under the mock runtime (phase 3: ${resources} resources, ${deployed} of them deployed; ${SAMPLES} fresh processes):`,
    );
    console.log(`  median ${median.toFixed(0)} ms, min ${times[0].toFixed(0)} ms, max ${times.at(-1)!.toFixed(0)} ms`);
    console.log(`deploy critical path: ${chain.length} resources`);
    console.log(`  ${chain.join(" -> ")}`);
}

if (process.argv.includes("--once")) {
    once().catch((e) => {
        console.error(e);
        process.exit(1);
    });
} else {
    main();
}
