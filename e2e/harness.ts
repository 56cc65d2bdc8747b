import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kiroOrg, type OktaDouble, type OktaDoubleState, startOktaDouble } from "../tests/support/oktaDouble";
import { runVerify } from "../commands/verify/cli";
import type { Route53State } from "../tests/support/route53Double";
import { startDnsServer } from "../tests/support/verifyServers";
import { PULUMI_VERSION, readToolchain, type ToolchainFile, type ToolName, type ToolRecord } from "./tools";

/**
 * The end-to-end suite's workspace: the real Pulumi CLI and engine, language hosts and Okta provider
 * (built by `npm run toolchain`), a local file backend, a passphrase, no update checks and no plugin
 * downloads; the fake Okta org (tests/support/oktaDouble.ts, which answers what the provider sends)
 * and the Route 53 state behind the AWS provider's double (e2e/doubles/). Everything on loopback.
 */

export const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

/** What `npm run toolchain` built on this machine (e2e/toolchain.ts), read once per test file. */
export class Toolchain {
    constructor(readonly file: ToolchainFile) {}

    get pulumiVersion(): string {
        return this.file.pulumiVersion;
    }

    /** The tool's path, or undefined when it was not built. */
    path(name: ToolName): string | undefined {
        const tool = this.file.tools[name];
        return tool && "path" in tool && fs.existsSync(tool.path) ? tool.path : undefined;
    }

    /** Why a tool is missing ("" when it is there). */
    why(name: ToolName): string {
        const tool = this.file.tools[name];
        if (!tool) return `${name} is not in toolchain.json: run \`npm run toolchain\``;
        if ("unavailable" in tool) return `${name} was not built: ${tool.unavailable}`;
        return fs.existsSync(tool.path) ? "" : `${tool.path} is missing: run \`npm run toolchain\``;
    }

    /** Every tool a scenario needs is there, or the first reason it is not. */
    lacking(...names: ToolName[]): string | undefined {
        return names.map((n) => this.why(n)).find(Boolean);
    }

    record(name: ToolName): ToolRecord | undefined {
        const tool = this.file.tools[name];
        return tool && "path" in tool ? tool : undefined;
    }
}

/** The tools of the stack scenarios: the CLI, the Node.js host and the Okta provider. */
export const STACK_TOOLS: ToolName[] = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-okta"];

/** What `npm run toolchain` built on this machine, or why the suite cannot run at all. */
export function toolchain(): Toolchain | { missing: string } {
    const file = readToolchain(PULUMI_VERSION);
    if ("missing" in file) return file;
    const tools = new Toolchain(file);
    const why = tools.why("pulumi");
    return why ? { missing: why } : tools;
}

/** The version of @pulumi/okta the program asks the engine for. */
export const OKTA_SDK_VERSION = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "okta", "package.json"), "utf8")) as { version: string }
).version;

/** What the engine says when the Okta provider it loads is older than the SDK asks for (pkg/host/host.go). */
export function versionWarning(built: string): string {
    return `resource plugin okta is expected to have version >=${OKTA_SDK_VERSION}, but has ${built}`;
}

/**
 * The run's own record of what is not real in it: the AWS provider's double, what each tool's build
 * changed from its release, each tool not built, and the Okta provider's version against the SDK's.
 */
export function notReal(tools: Toolchain): string[] {
    const lines = ["e2e/doubles/serveAws.ts runs in place of the AWS provider (pulumi-aws): too large to build on this machine"];
    for (const [name, tool] of Object.entries(tools.file.tools)) {
        if ("unavailable" in tool) lines.push(`${name} is not built (${tool.unavailable}): the scenarios that need it are not run`);
        else for (const change of tool.notReleased) lines.push(`${name} ${tool.version}: ${change}`);
    }
    const okta = tools.record("pulumi-resource-okta");
    if (okta && okta.version !== OKTA_SDK_VERSION)
        lines.push(
            `the Okta provider is ${okta.version}, installed as the ${OKTA_SDK_VERSION} that @pulumi/okta ${OKTA_SDK_VERSION} asks for: ${okta.version} is the newest whose source can be built here; the engine warns "${versionWarning(okta.version)}" (e2e/schema.e2e.test.ts keeps the nine resource types the stack uses equal in both)`,
        );
    return lines;
}

/**
 * Why a scenario cannot run here ("" when it can): the suite reports it as not run, never runs a double
 * in a missing tool's place.
 */
export function notRunBecause(tools: ReturnType<typeof toolchain>, what: string, names: ToolName[] = STACK_TOOLS): string {
    const why = "missing" in tools ? tools.missing : (tools.lacking(...names) ?? "");
    // CI with the source archives (.ci/run): every tool must be there, so a failed build fails the run.
    if (why && process.env.KIRO_E2E_REQUIRE_ALL) throw new Error(`${what}: ${why} (KIRO_E2E_REQUIRE_ALL is set)`);
    if (why) console.warn(`${what}: not run: ${why}`);
    return why;
}

/** Printed first by each e2e file: what this run's tools are, and what in it is not real. */
export function announce(tools: ReturnType<typeof toolchain>): void {
    if ("missing" in tools) {
        console.warn(`end-to-end suite not run: ${tools.missing}`);
        return;
    }
    const built = Object.entries(tools.file.tools).flatMap(([name, t]) =>
        "path" in t ? [`${name} ${t.version} from ${t.source} (built in ${t.buildSeconds} s)`] : [],
    );
    console.warn(["Tools in this run:", ...built].join("\n  ") + "\n" + ["Not real in this run:", ...notReal(tools)].join("\n  "));
}

export interface Result {
    code: number;
    stdout: string;
    stderr: string;
}

/** A program folder: today's checkout (linked), or the tree of an earlier commit (from git), with the checkout's node_modules. */
export function programDir(commit?: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-e2e-program-"));
    if (commit) {
        execFileSync("sh", ["-c", `git -C "${ROOT}" archive "${commit}" | tar -x -C "${dir}"`]);
        for (const f of fs.readdirSync(dir)) if (/^Pulumi\..+\.yaml$/.test(f)) fs.rmSync(path.join(dir, f));
    } else {
        for (const entry of fs.readdirSync(ROOT)) {
            if (entry === "node_modules" || entry === ".git" || /^Pulumi\..+\.yaml$/.test(entry)) continue;
            fs.symlinkSync(path.join(ROOT, entry), path.join(dir, entry));
        }
    }
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    return dir;
}

/** An org with the guide's groups and users and nothing made for Kiro yet. */
export function emptyOrg(): OktaDoubleState {
    const org = kiroOrg("e2e-okta-token");
    org.apps = [];
    org.authServers = [];
    return org;
}

/** An executable that runs the AWS provider's double with tsx, as the engine starts a plugin. */
function shim(dir: string, name: string, script: string): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!/bin/sh\nexec "${TSX}" "${path.join(ROOT, "e2e", "doubles", script)}" "$@"\n`, { mode: 0o755 });
    return file;
}

export interface WorkspaceOptions {
    org: OktaDoubleState;
    route53: Route53State;
    stack?: string;
}

export class Workspace {
    readonly home: string;
    readonly env: Record<string, string>;
    readonly route53File: string;
    private constructor(
        readonly tools: Toolchain,
        readonly okta: OktaDouble,
        readonly org: OktaDoubleState,
        readonly stack: string,
    ) {
        this.home = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-e2e-home-"));
        // The real language hosts, found on PATH as the CLI finds them; the Python host finds
        // pulumi-language-python-exec beside itself.
        const hosts = (["pulumi-language-nodejs", "pulumi-language-python", "pulumi-language-yaml"] as const).flatMap((n) => {
            const p = tools.path(n);
            return p ? [path.dirname(p)] : [];
        });
        this.route53File = path.join(this.home, "route53.json");
        fs.mkdirSync(path.join(this.home, "state"));
        this.env = {
            ...(process.env as Record<string, string>),
            PATH: [path.dirname(tools.path("pulumi")!), ...hosts, process.env.PATH ?? ""].join(":"),
            PULUMI_HOME: path.join(this.home, "pulumi-home"),
            PULUMI_BACKEND_URL: `file://${path.join(this.home, "state")}`,
            PULUMI_CONFIG_PASSPHRASE: "kiro-e2e-passphrase",
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            PULUMI_NODEJS_SKIP_COMMAND_CHECK: "true",
            // The real provider reads these too (okta/config/config.go): the org is the fake one.
            OKTA_HTTP_PROXY: okta.url,
            OKTA_API_TOKEN: org.token,
            KIRO_E2E_ROUTE53: this.route53File,
            CI: "true",
        };
        delete this.env.PULUMI_ACCESS_TOKEN;
    }

    static async start(tools: ReturnType<typeof toolchain>, options: WorkspaceOptions): Promise<Workspace> {
        if ("missing" in tools) throw new Error(tools.missing);
        const okta = await startOktaDouble(options.org);
        const ws = new Workspace(tools, okta, options.org, options.stack ?? "e2e");
        fs.writeFileSync(ws.route53File, JSON.stringify(options.route53, null, 2));
        // Plugins by version, from a file. The Okta provider is the real one, built at an older version than
        // the SDK asks for: installed under the SDK's version (`pulumi package add` installs a package's
        // plugins by the version its SDK names, and downloads any it lacks), it still answers
        // GetPluginInfo with its own, and the engine warns (pkg/host/host.go at v3.248.0, ~409-421).
        const provider = tools.record("pulumi-resource-okta");
        if (!provider) throw new Error(tools.why("pulumi-resource-okta"));
        for (const [name, version, file] of [
            ["okta", OKTA_SDK_VERSION, provider.path],
            ["aws", "7.48.0", shim(ws.home, "pulumi-resource-aws", "serveAws.ts")],
        ] as const) {
            const res = await ws.pulumi(["plugin", "install", "resource", name, version, "--file", file], ws.home);
            if (res.code !== 0) throw new Error(`plugin install ${name}: ${res.stderr}`);
        }
        return ws;
    }

    /** Runs the CLI non-interactively; bounded so a hung engine fails the test instead of CI. */
    pulumi(args: string[], cwd: string, timeoutMs = 240_000): Promise<Result> {
        return this.start(args, cwd, timeoutMs).done;
    }

    /**
     * Starts the CLI in a process group of its own, as a CI runner's job: `interrupt()` sends SIGINT to
     * the CLI (a cancelled job), `kill()` SIGKILL to the CLI, its language host and its plugins (a runner
     * that died).
     */
    start(args: string[], cwd: string, timeoutMs = 240_000): { done: Promise<Result>; interrupt(): void; kill(): void } {
        const child = spawn(this.tools.path("pulumi")!, [...args, "--non-interactive"], { cwd, env: this.env, detached: true });
        const kill = () => {
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                // already gone
            }
        };
        const done = new Promise<Result>((resolve) => {
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(kill, timeoutMs);
            child.on("close", (code, signal) => {
                clearTimeout(timer);
                resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
            });
        });
        return { done, interrupt: () => child.kill("SIGINT"), kill };
    }

    /** The provider config of a stack on the fake org: reached as the provider reaches a proxy (okta:httpProxy). */
    oktaConfig(): Record<string, string> {
        return { "okta:orgName": "acme", "okta:baseUrl": "okta.com", "okta:httpProxy": this.okta.url };
    }

    /** Runs the CLI and fails with its output unless it exits 0. */
    async must(args: string[], dir: string): Promise<Result> {
        const res = await this.pulumi(args, dir);
        if (res.code !== 0) throw new Error(`pulumi ${args.join(" ")}: ${res.stderr || res.stdout}`);
        return res;
    }

    /** `pulumi stack init` in a program folder, then its config (values as `pulumi config set --path` would store them). */
    async initStack(dir: string, config: Record<string, unknown>, secrets: Record<string, string> = {}): Promise<void> {
        await this.must(["stack", "init", this.stack], dir);
        await this.setConfig(dir, config, secrets);
    }

    async setConfig(dir: string, config: Record<string, unknown>, secrets: Record<string, string> = {}): Promise<void> {
        const run = (args: string[]) => this.must([...args, "--stack", this.stack], dir);
        for (const [key, value] of Object.entries(config)) {
            if (value === undefined) {
                await run(["config", "rm", key]);
            } else if (Array.isArray(value)) {
                await run(["config", "rm", key]).catch(() => undefined);
                for (const [i, item] of value.entries()) await run(["config", "set", "--path", `${key}[${i}]`, String(item)]);
            } else {
                // The CLI refuses a high-entropy value under a key named like a secret ("token") without
                // --plaintext (pkg/cmd/pulumi/config/config.go looksLikeSecret): the README says to pass it.
                await run(["config", "set", ...(/token/i.test(key) ? ["--plaintext"] : []), key, String(value)]);
            }
        }
        for (const [key, value] of Object.entries(secrets)) await run(["config", "set", "--secret", key, value]);
    }

    async close(): Promise<void> {
        await this.okta.close();
        fs.rmSync(this.home, { recursive: true, force: true });
    }
}

/** The CLI's result, or a failure with its output unless it exited 0. */
export function ok(res: Result, what: string): Result {
    if (res.code !== 0) throw new Error(`${what} exited ${res.code}:\n${res.stdout.slice(-4000)}\n${res.stderr.slice(-4000)}`);
    return res;
}

/**
 * `npm run verify --stack` against the workspace: the fake org with its token, a DNS server answering
 * the Route 53 state's TXT sets, and the real CLI for the stack's outputs and config.
 */
export async function verifyStack(ws: Workspace, dir: string, extra: string[] = []): Promise<{ code: number; stdout: string }> {
    const route53 = JSON.parse(fs.readFileSync(ws.route53File, "utf8")) as Route53State;
    const records = new Map<string, string[]>();
    for (const set of route53.recordSets)
        if (set.type === "TXT")
            records.set(
                set.name.replace(/\.$/, ""),
                set.values.map((v) => v.replace(/^"|"$/g, "")),
            );
    const dns = await startDnsServer(records);
    let stdout = "";
    try {
        const code = await runVerify(["--stack", ws.stack, "--resolver", dns.address, "--timeout", "3000", "--retries", "0", ...extra], {
            env: { OKTA_API_TOKEN: ws.org.token },
            stdout: (t) => (stdout += t),
            stderr: (t) => (stdout += t),
            // verify's --stack runs `pulumi stack output` and `pulumi config` through the real CLI.
            exec: async (_file, args) => ({ stdout: ok(await ws.pulumi(args, dir), `pulumi ${args.join(" ")}`).stdout }),
        });
        return { code, stdout };
    } finally {
        await dns.close();
    }
}
