import { type ChildProcess, spawn } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, toolchain } from "./harness";

/**
 * The language host doubles end with their engine, as the real hosts do (rpcutil.Healthcheck): a host
 * the CLI does not close itself (`pulumi package add` from Python leaves the Node.js host of the
 * component plugin running) must not outlive the run.
 */

const tools = toolchain();
const pythonHost = "missing" in tools ? undefined : tools.pythonHost;
const started: ChildProcess[] = [];
afterEach(() => {
    // The whole group: tsx runs the double in a child process of its own.
    for (const child of started.splice(0)) if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
});

/** An address nothing listens on any more: an engine that has gone. */
async function goneEngine(): Promise<string> {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return `127.0.0.1:${port}`;
}

/** A gRPC server without the health service: the engine as the hosts see it (UNIMPLEMENTED counts as alive). */
async function liveEngine(): Promise<{ address: string; close(): void }> {
    const server = new grpc.Server();
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return { address: `127.0.0.1:${port}`, close: () => server.forceShutdown() };
}

function start(command: string, args: string[]): { child: ChildProcess; exited: Promise<number | null> } {
    const child = spawn(command, args, {
        env: { ...process.env, KIRO_E2E_HEALTH_MS: "200" },
        stdio: ["ignore", "pipe", "inherit"],
        detached: true,
    });
    started.push(child);
    return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

const within = <T>(p: Promise<T>, ms: number) =>
    Promise.race([p, new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), ms))]);

const HOSTS: [string, string | undefined, string[]][] = [
    ["the Node.js host double", path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "e2e", "doubles", "languageHost.ts")]],
    ["the Python host double", pythonHost ?? undefined, []],
];

describe.each(HOSTS)("%s and its engine", (_name, command, args) => {
    it.skipIf(!command)("ends soon after its engine has gone", async () => {
        const host = start(command!, [...args, await goneEngine()]);
        expect(await within(host.exited, 15_000)).not.toBe("still running");
    });

    it.skipIf(!command)("keeps serving while its engine answers", async () => {
        const engine = await liveEngine();
        try {
            const host = start(command!, [...args, engine.address]);
            expect(await within(host.exited, 5_000)).toBe("still running");
        } finally {
            engine.close();
        }
    });
});
