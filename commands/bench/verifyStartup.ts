import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";

/**
 * `npm run bench:verify`: how long `npm run verify` takes from its start to its first network
 * request, and to a usage error, over fresh processes. The requests go to a server on loopback that
 * answers 404 (the figures are about start-up, not about the checks).
 */

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function median(xs: number[]): number {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

function withoutOkta(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith("OKTA_") && !key.startsWith("KIRO_OKTA_")));
}

async function firstRequestMs(url: string, outputs: string, server: http.Server): Promise<number> {
    let first: number | undefined;
    const start = performance.now();
    const onRequest = () => (first ??= performance.now());
    server.on("request", onRequest);
    const child = spawn(NPM, ["run", "-s", "verify", "--", "--outputs", outputs, "--timeout", "500", "--retries", "0"], {
        env: { ...withoutOkta(process.env), OKTA_ORG_URL: url, OKTA_API_TOKEN: "bench", KIRO_OKTA_ASSIGN_GROUPS: '["Kiro-Users"]' },
        stdio: "ignore",
    });
    await new Promise((resolve) => child.on("exit", resolve));
    server.off("request", onRequest);
    if (first === undefined) throw new Error("verify made no request");
    return first - start;
}

async function usageErrorMs(): Promise<number> {
    const start = performance.now();
    const child = spawn(NPM, ["run", "-s", "verify", "--", "--no-such-option"], { stdio: "ignore" });
    await new Promise((resolve) => child.on("exit", resolve));
    return performance.now() - start;
}

async function main(): Promise<void> {
    const server = http.createServer((_, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-bench-"));
    const outputs = path.join(dir, "outputs.json");
    fs.writeFileSync(
        outputs,
        JSON.stringify({
            issuerMetadataUrl: `${url}/oauth2/aus1/.well-known/openid-configuration`,
            clientId: "c",
            authServerId: "aus1",
            oidcAppId: "o",
            samlAppId: "s",
        }),
    );
    const first: number[] = [];
    const usage: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
        first.push(await firstRequestMs(url, outputs, server));
        usage.push(await usageErrorMs());
    }
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    const fmt = (xs: number[]) =>
        `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;
    console.log(`npm run verify, ${SAMPLES} fresh processes each:`);
    console.log(`  start to first request: ${fmt(first)}`);
    console.log(`  usage error, start to exit: ${fmt(usage)}`);
}

void main();
