import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kiroOrg, type OktaDouble, type OktaDoubleState, startOktaDouble } from "../tests/support/oktaDouble";
import type { Route53State } from "../tests/support/route53Double";

/**
 * The end-to-end suite's workspace: the real Pulumi CLI and engine (built by `npm run toolchain`),
 * a local file backend, a passphrase, no update checks and no plugin downloads; the fake Okta org
 * (tests/support/oktaDouble.ts, which accepts the writes a provider sends) and the Route 53 state;
 * and the doubles for the pieces the Go module proxy refuses (e2e/doubles/). Everything on loopback.
 */

export const ROOT = path.resolve(__dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

export interface ToolchainModule {
    module: string;
    served: boolean;
    answer?: string;
}

export interface Toolchain {
    pulumi: string;
    pulumiVersion: string;
    /** pulumi-language-yaml, beside the CLI (which takes it as bundled), or null and why not. */
    yaml: string | null;
    yamlUnavailable?: string;
    /** The Python language host's double (e2e/doubles/pythonHost), or null and why not. */
    pythonHost?: string | null;
    pythonHostUnavailable?: string;
    modules: ToolchainModule[];
}

/** What `npm run toolchain` built on this machine, or why the suite cannot run. */
export function toolchain(): Toolchain | { missing: string } {
    const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> })
        .dependencies["@pulumi/pulumi"];
    const cache = process.env.KIRO_TOOLCHAIN_CACHE ?? path.join(os.homedir(), ".cache", "kiro-okta", "toolchain");
    const file = path.join(cache, `pulumi-v${version}`, "toolchain.json");
    if (!fs.existsSync(file)) return { missing: `no toolchain for Pulumi ${version} at ${file}: run \`npm run toolchain\`` };
    const tools = JSON.parse(fs.readFileSync(file, "utf8")) as Toolchain & { unavailable?: string };
    if (tools.unavailable) return { missing: tools.unavailable };
    if (!tools.pulumi || !fs.existsSync(tools.pulumi)) return { missing: `${tools.pulumi} is missing: run \`npm run toolchain\`` };
    return tools;
}

/** What runs in place of each module the suite would rather run for real (toolchain.sh asks the proxy for each). */
const DOUBLES: [prefix: string, double: string][] = [
    ["github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/", "e2e/doubles/languageHost.ts"],
    ["github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/", "e2e/doubles/pythonHost/"],
    ["github.com/pulumi/pulumi-okta/provider/", "e2e/doubles/oktaProvider.ts"],
    ["github.com/okta/terraform-provider-okta", "e2e/doubles/oktaProvider.ts"],
];

/** One line per module the suite runs a double for, and why: the run's own record of what was not real. */
export function standIns(tools: Toolchain): string[] {
    const modules = tools.modules.map((m) => {
        const double = DOUBLES.find(([prefix]) => m.module.startsWith(prefix))?.[1] ?? "a double";
        const answer = (m.answer ?? "no answer recorded").replace(/^.*: reading \S+: /, "").replace(/\s+/g, " ");
        return m.served
            ? `${double} runs in place of ${m.module}, which the Go module proxy serves but the toolchain does not build yet`
            : `${double} runs in place of ${m.module}: the Go module proxy refuses it (${answer})`;
    });
    return [...modules, "e2e/doubles/serveAws.ts runs in place of the AWS provider (pulumi-aws), too large to build here"];
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

/** An executable that runs one of the doubles with tsx, as the engine starts a plugin. */
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
        const shims = path.join(this.home, "bin");
        fs.mkdirSync(shims);
        shim(shims, "pulumi-language-nodejs", "languageHost.ts");
        if (tools.pythonHost) fs.symlinkSync(tools.pythonHost, path.join(shims, "pulumi-language-python"));
        this.route53File = path.join(this.home, "route53.json");
        fs.mkdirSync(path.join(this.home, "state"));
        this.env = {
            ...(process.env as Record<string, string>),
            PATH: `${shims}:${path.dirname(tools.pulumi)}:${process.env.PATH ?? ""}`,
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
        // Plugins by version, from a file: the engine never picks a binary from PATH by accident.
        for (const [name, version, script] of [
            ["okta", "7.0.0", "serveOkta.ts"],
            ["aws", "7.48.0", "serveAws.ts"],
        ] as const) {
            const file = shim(ws.home, `pulumi-resource-${name}`, script);
            const res = await ws.pulumi(["plugin", "install", "resource", name, version, "--file", file], ws.home);
            if (res.code !== 0) throw new Error(`plugin install ${name}: ${res.stderr}`);
        }
        return ws;
    }

    /** Runs the CLI non-interactively; bounded so a hung engine fails the test instead of CI. */
    pulumi(args: string[], cwd: string, timeoutMs = 240_000): Promise<Result> {
        return new Promise((resolve) => {
            const child = spawn(this.tools.pulumi, [...args, "--non-interactive"], { cwd, env: this.env });
            let stdout = "";
            let stderr = "";
            child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
            child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
            const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code: code ?? -1, stdout, stderr });
            });
        });
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
