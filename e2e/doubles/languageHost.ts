import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";

/**
 * pulumi-language-nodejs for the end-to-end suite: a DOUBLE of the Node.js language host, because the
 * Go module proxy refuses github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 at every
 * pseudo-version of the 3.248.0 release commits (README, "End-to-end"). It does what the real host's
 * Run does for a program (pulumi/pulumi v3.248.0, sdk/nodejs/cmd/pulumi-language-nodejs/main.go,
 * Run ~760, execRuntime ~877, constructArguments ~1067, constructConfig ~1101): start node on
 * @pulumi/pulumi/cmd/run with the same arguments and PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS /
 * PULUMI_NODEJS_TYPESCRIPT. Differences, none of which the engine sees: the program talks to the
 * engine's monitor directly instead of through the host's forwarding proxy, and without the
 * synchronous-invoke pipes (`--sync`), which the stack does not use. Of RunPlugin it serves resource
 * plugins (the component provider, run-plugin) and policy packs (analyzers), the latter as the real
 * host does with its policy proxy (pulumi/pulumi v3.248.0 sdk/policy_proxy.go): the engine gets the
 * proxy's port at once, its ConfigureStack gives the stack config the pack is started with, and
 * every other call is forwarded to the pack.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const languageRpc = require("@pulumi/pulumi/proto/language_grpc_pb") as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const languagePb = require("@pulumi/pulumi/proto/language_pb") as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb") as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const emptyPb = require("google-protobuf/google/protobuf/empty_pb") as Record<string, any>;

/** main.go: the exit code the SDK uses after it showed the user an actionable message. */
const EXITED_AFTER_MESSAGE = 32;

let engineAddress = process.argv[2] ?? "";
/** The programs and plugins this host started, ended with it. */
const children = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
    children.add(child);
    child.on("exit", () => children.delete(child));
    return child;
}

type Call = { request: any };
type Callback = (error: grpc.ServiceError | null, value?: unknown) => void;

/** getPackagesFromDir: node_modules packages whose package.json has pulumi.resource (plugin name and version). */
function requiredPackages(programDir: string): any[] {
    const found: any[] = [];
    const scan = (dir: string, depth: number) => {
        if (depth > 2 || !fs.existsSync(dir)) return;
        for (const entry of fs.readdirSync(dir)) {
            const full = path.join(dir, entry);
            if (entry.startsWith("@")) scan(full, depth + 1);
            const pkgFile = path.join(full, "package.json");
            if (!fs.existsSync(pkgFile)) continue;
            const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as {
                name?: string;
                version?: string;
                pulumi?: { resource?: boolean; name?: string; version?: string };
            };
            if (!pkg.pulumi?.resource) continue;
            const dep = new pluginPb.PackageDependency();
            dep.setName(pkg.pulumi.name ?? (pkg.name ?? "").replace(/^@pulumi\//, "").replace(/^@/, ""));
            dep.setKind("resource");
            dep.setVersion(`v${(pkg.pulumi.version ?? pkg.version ?? "").replace(/^v/, "")}`);
            found.push(dep);
        }
    };
    scan(path.join(programDir, "node_modules"), 0);
    return found;
}

function run(call: Call, callback: Callback): void {
    const req = call.request;
    const info = req.getInfo();
    const programDir: string = info.getProgramDirectory();
    const options = (info.getOptions()?.toJavaScript() ?? {}) as { typescript?: boolean };
    const config: Record<string, string> = {};
    // constructConfig: keys are presented as <namespace>:config:<name>.
    req.getConfigMap().forEach((value: string, key: string) => {
        const colon = key.indexOf(":");
        config[`${key.slice(0, colon)}:config:${key.slice(colon + 1)}`] = value;
    });
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [programDir] });
    const args: string[] = [runPath];
    const arg = (k: string, v: string | undefined) => {
        if (v) args.push(`--${k}`, v);
    };
    arg("monitor", req.getMonitorAddress());
    arg("engine", engineAddress);
    arg("organization", req.getOrganization());
    arg("project", req.getProject());
    arg("root-directory", info.getRootDirectory());
    arg("stack", req.getStack());
    arg("pwd", programDir);
    if (req.getDryrun()) args.push("--dry-run");
    arg("parallel", String(req.getParallel()));
    args.push(info.getEntryPoint(), ...req.getArgsList());
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()),
    };
    if (options.typescript !== false) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    const child = track(spawn(process.execPath, args, { cwd: programDir, env, stdio: ["ignore", "inherit", "inherit"] }));
    child.on("exit", (code) => {
        const res = new languagePb.RunResponse();
        if (code === EXITED_AFTER_MESSAGE) res.setBail(true);
        else if (code !== 0) res.setError(`Program exited with non-zero exit code: ${code}`);
        callback(null, res);
    });
}

/** The plugin's environment: the engine's (os.Environ() in sdk/go/common/resource/plugin/plugin.go), plus TypeScript. */
function pluginEnv(req: any): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true" };
    for (const line of req.getEnvList() as string[]) env[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    return env;
}

/**
 * RunPlugin for a resource plugin written in Node.js, such as this repository's component provider
 * (PulumiPlugin.yaml): main.go RunPlugin ~1548-1745 runs `node @pulumi/pulumi/cmd/run-plugin <dir> <args>`
 * in the request's working directory and streams its output; the engine reads the port from it.
 */
function runProviderPlugin(call: grpc.ServerWritableStream<any, unknown>): void {
    const req = call.request;
    const dir: string = req.getInfo().getProgramDirectory();
    const runner = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
    const child = spawn(process.execPath, [runner, dir, ...(req.getArgsList() as string[])], {
        cwd: req.getPwd() || dir,
        env: pluginEnv(req),
    });
    track(child);
    const out = (field: "setStdout" | "setStderr") => (d: Buffer) => call.write(new languagePb.RunPluginResponse()[field](d));
    child.stdout.on("data", out("setStdout"));
    child.stderr.on("data", out("setStderr"));
    child.on("exit", (code) => {
        call.write(new languagePb.RunPluginResponse().setExitcode(code ?? 1));
        call.end();
    });
    call.on("cancelled", () => child.kill());
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb") as Record<string, any>;

/** RunPlugin for a Node.js policy pack: the policy proxy of sdk/policy_proxy.go, then the pack itself (run-policy-pack). */
function runPlugin(call: grpc.ServerWritableStream<any, unknown>): void {
    const req = call.request;
    const out = (field: "setStdout" | "setStderr", text: string) =>
        call.write(new languagePb.RunPluginResponse()[field](Buffer.from(text)));
    if (req.getKind() !== "analyzer") return runProviderPlugin(call);
    const packDir: string = req.getInfo().getProgramDirectory();
    let configured: ((config: any) => void) | undefined;
    const configuration = new Promise<any>((resolve) => (configured = resolve));
    const client = configuration.then(
        (config) =>
            new Promise<any>((resolve, reject) => {
                const env = pluginEnv(req);
                if (config) {
                    Object.assign(env, {
                        PULUMI_NODEJS_ORGANIZATION: config.getOrganization() || undefined,
                        PULUMI_NODEJS_PROJECT: config.getProject(),
                        PULUMI_NODEJS_STACK: config.getStack(),
                        PULUMI_NODEJS_DRY_RUN: String(config.getDryRun()),
                        PULUMI_CONFIG: JSON.stringify(Object.fromEntries(config.getConfigMap().toArray())),
                    });
                }
                const runner = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
                const child = spawn(process.execPath, [runner, ...(req.getArgsList() as string[]), packDir], { cwd: packDir, env });
                track(child);
                let first = true;
                child.stdout.on("data", (d: Buffer) => {
                    if (!first) return out("setStdout", d.toString());
                    first = false;
                    const [port, ...rest] = d.toString().split("\n");
                    if (rest.join("\n")) out("setStdout", rest.join("\n"));
                    const pack = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
                    if (!config) return resolve(pack);
                    pack.configureStack(config, (error: grpc.ServiceError | null) =>
                        error && error.code !== grpc.status.UNIMPLEMENTED ? reject(error) : resolve(pack),
                    );
                });
                child.stderr.on("data", (d: Buffer) => out("setStderr", d.toString()));
                child.on("exit", (code) => {
                    call.write(new languagePb.RunPluginResponse().setExitcode(code ?? 1));
                    call.end();
                    proxy.forceShutdown();
                    reject(new Error(`the policy pack exited (${code})`));
                });
            }),
    );
    // A call before ConfigureStack starts the pack without the stack's config, as the Go proxy does.
    const forward = (method: string) => (inner: Call, callback: Callback) => {
        configured!(undefined);
        client.then(
            (pack) => pack[method](inner.request, callback),
            (error: Error) => callback({ code: grpc.status.UNAVAILABLE, details: error.message } as grpc.ServiceError),
        );
    };
    const proxy = new grpc.Server();
    proxy.addService(analyzerRpc.AnalyzerService, {
        handshake: (_inner: Call, callback: Callback) => callback(null, new analyzerPb.AnalyzerHandshakeResponse()),
        configureStack: (inner: Call, callback: Callback) => {
            configured!(inner.request);
            callback(null, new analyzerPb.AnalyzerStackConfigureResponse());
        },
        ...Object.fromEntries(
            ["analyze", "analyzeStack", "remediate", "getAnalyzerInfo", "getPluginInfo", "configure", "cancel"].map((m) => [m, forward(m)]),
        ),
    });
    proxy.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
        if (error) call.emit("error", { code: grpc.status.INTERNAL, details: error.message });
        // The engine reads the analyzer's port from the plugin's first line of stdout.
        else out("setStdout", `${port}\n`);
    });
}

const server = new grpc.Server();
server.addService(languageRpc.LanguageRuntimeService, {
    handshake(call: Call, callback: Callback) {
        engineAddress = call.request.getEngineAddress() || engineAddress;
        callback(null, new languagePb.LanguageHandshakeResponse());
    },
    getRequiredPlugins(_call: Call, callback: Callback) {
        callback({ code: grpc.status.UNIMPLEMENTED, details: "method GetRequiredPlugins not implemented" } as grpc.ServiceError);
    },
    getRequiredPackages(call: Call, callback: Callback) {
        const res = new languagePb.GetRequiredPackagesResponse();
        res.setPackagesList(requiredPackages(call.request.getInfo().getProgramDirectory()));
        callback(null, res);
    },
    run,
    getPluginInfo(_call: Call, callback: Callback) {
        const res = new pluginPb.PluginInfo();
        res.setVersion("3.248.0");
        callback(null, res);
    },
    installDependencies(call: grpc.ServerWritableStream<unknown, unknown>) {
        call.end();
    },
    about(_call: Call, callback: Callback) {
        const res = new languagePb.AboutResponse();
        res.setExecutable(process.execPath);
        res.setVersion(process.version);
        callback(null, res);
    },
    getProgramDependencies(_call: Call, callback: Callback) {
        callback(null, new languagePb.GetProgramDependenciesResponse());
    },
    runPlugin,
    cancel(_call: Call, callback: Callback) {
        callback(null, new emptyPb.Empty());
    },
});
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
    if (error) throw error;
    // The engine reads the port from the first line of stdout.
    process.stdout.write(`${port}\n`);
    watchEngine();
});

/**
 * The real host ends when its engine stops answering gRPC health checks (main.go Handshake and main,
 * rpcutil.Healthcheck in sdk/go/common/util/rpcutil/health.go: UNIMPLEMENTED counts as alive), so a
 * host the CLI does not close (`pulumi package add` leaves one) does not outlive it. It checks every
 * 5 minutes; this double every KIRO_E2E_HEALTH_MS (2 s), so the suite leaves no host behind.
 */
function watchEngine(): void {
    const interval = Number(process.env.KIRO_E2E_HEALTH_MS ?? 2000);
    let client: grpc.Client | undefined;
    const raw = (b: Buffer) => b;
    const timer = setInterval(() => {
        if (!engineAddress) return;
        client ??= new grpc.Client(engineAddress, grpc.credentials.createInsecure());
        client.makeUnaryRequest("/grpc.health.v1.Health/Check", raw, raw, Buffer.alloc(0), (err) => {
            if (!err || err.code === grpc.status.UNIMPLEMENTED) return;
            for (const child of children) child.kill();
            process.exit(0);
        });
    }, interval);
    timer.unref();
}
