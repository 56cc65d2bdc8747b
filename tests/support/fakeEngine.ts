import * as grpc from "@grpc/grpc-js";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { engineProtocol } from "../../components/pulumiInternals";

/**
 * What `pulumi up` does around a Node.js program, without the CLI: a resource monitor and engine
 * served over gRPC on loopback (the monitor's logic is Pulumi's own MockMonitor), and the program
 * started as the nodejs language host starts it: `node @pulumi/pulumi/cmd/run --monitor=... .`
 * with PULUMI_CONFIG in the environment. Nothing else has an open implementation of these services.
 */

const requireFromProject = createRequire(path.join(process.cwd(), "package.json"));
const { resourceGrpc, engineGrpc, resourceProto: resproto, engineProto: engproto, MockMonitor, rpc, programEntry } = engineProtocol();
const emptyproto = requireFromProject("google-protobuf/google/protobuf/empty_pb.js");

export interface LogEntry {
    severity: "debug" | "info" | "warning" | "error";
    message: string;
}

export interface EngineRun {
    exitCode: number | null;
    resources: { type: string; name: string; parent: string; protect: boolean }[];
    /** Stack outputs exactly as the engine receives them (secrets still wrapped). */
    rawOutputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    logs: LogEntry[];
    stderr: string;
}

export interface FakeEngineOptions {
    projectDir: string;
    project: string;
    stack: string;
    /** Full keys (`kiro-okta:assignGroups`), values as the CLI passes them (strings). */
    config: Record<string, string>;
    secretKeys: string[];
    newResource(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> };
    call(token: string, inputs: Record<string, any>): Record<string, any>;
    timeoutMs?: number;
    /** A compile cache created by the calling test run; without it ts-node compiles everything. */
    tsNodeCacheDir?: string;
}

const SEVERITIES = ["debug", "info", "warning", "error"] as const;

function programOf(projectDir: string): string {
    const main = /^main:\s*(\S+)\s*$/m.exec(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8"))?.[1];
    return main ? `./${main}` : ".";
}

export async function runUnderFakeEngine(opts: FakeEngineOptions): Promise<EngineRun> {
    const resources: EngineRun["resources"] = [];
    const logs: LogEntry[] = [];
    let rawOutputs: Record<string, unknown> = {};
    let outputs: Record<string, unknown> = {};
    let rootUrn = "";
    const mock = new MockMonitor({
        newResource: (args: any) => opts.newResource(args.type, args.name, args.inputs),
        call: (args: any) => opts.call(args.token, args.inputs),
    });
    const empty = () => new emptyproto.Empty();
    type Handler = (call: { request: any }, cb: grpc.sendUnaryData<any>) => void;
    const monitor: Record<string, Handler> = {
        supportsFeature: (call, cb) => {
            const res = new resproto.SupportsFeatureResponse();
            // Like Pulumi's MockMonitor: everything but outputValues.
            res.setHassupport(call.request.getId() !== "outputValues");
            cb(null, res);
        },
        registerResource: (call, cb) => {
            const req = call.request;
            resources.push({ type: req.getType(), name: req.getName(), parent: req.getParent(), protect: req.getProtect() === true });
            void mock.registerResource(req, cb);
        },
        registerResourceOutputs: (call, cb) => {
            if (call.request.getUrn() === rootUrn || call.request.getUrn().includes("::pulumi:pulumi:Stack::")) {
                rawOutputs = call.request.getOutputs()?.toJavaScript() ?? {};
                outputs = rpc.deserializeProperties(call.request.getOutputs());
            }
            cb(null, empty());
        },
        invoke: (call, cb) => void mock.invoke(call.request, cb),
        readResource: (call, cb) => void mock.readResource(call.request, cb),
        registerPackage: (call, cb) => mock.registerPackage(call.request, cb),
        signalAndWaitForShutdown: (_call, cb) => cb(null, empty()),
    };
    const engine: Record<string, Handler> = {
        log: (call, cb) => {
            logs.push({ severity: SEVERITIES[call.request.getSeverity()] ?? "info", message: call.request.getMessage() });
            cb(null, empty());
        },
        setRootResource: (call, cb) => {
            rootUrn = call.request.getUrn();
            cb(null, new engproto.SetRootResourceResponse());
        },
        getRootResource: (_call, cb) => {
            const res = new engproto.GetRootResourceResponse();
            res.setUrn(rootUrn);
            cb(null, res);
        },
    };
    const server = new grpc.Server();
    server.addService(resourceGrpc.ResourceMonitorService, monitor);
    server.addService(engineGrpc.EngineService, engine);
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const address = `127.0.0.1:${port}`;
    try {
        const runner = programEntry;
        const child = spawn(
            process.execPath,
            [
                runner,
                `--monitor=${address}`,
                `--engine=${address}`,
                `--project=${opts.project}`,
                `--stack=${opts.stack}`,
                `--pwd=${opts.projectDir}`,
                // The language host runs Pulumi.yaml's `main` when it is set, else the directory (package.json main).
                programOf(opts.projectDir),
            ],
            {
                cwd: opts.projectDir,
                env: {
                    PATH: process.env.PATH,
                    HOME: process.env.HOME,
                    PULUMI_NODEJS_TYPESCRIPT: "true",
                    // ts-node 7 (vendored by Pulumi) caches compiled files and then skips checking them:
                    // only a cache this test run created itself may be reused.
                    ...(opts.tsNodeCacheDir ? { TS_NODE_CACHE_DIRECTORY: opts.tsNodeCacheDir } : { TS_NODE_CACHE: "false" }),
                    PULUMI_CONFIG: JSON.stringify(opts.config),
                    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(opts.secretKeys),
                },
                stdio: ["ignore", "pipe", "pipe"],
            },
        );
        let stderr = "";
        child.stderr.on("data", (d) => (stderr += d));
        child.stdout.on("data", (d) => (stderr += d));
        const exitCode = await new Promise<number | null>((resolve, reject) => {
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new Error(`program did not finish within ${opts.timeoutMs ?? 60_000} ms\n${stderr}`));
            }, opts.timeoutMs ?? 60_000);
            child.on("exit", (code) => {
                clearTimeout(timer);
                resolve(code);
            });
        });
        return { exitCode, resources, rawOutputs, outputs, logs, stderr };
    } finally {
        server.forceShutdown();
    }
}
