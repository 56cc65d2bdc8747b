import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
    type BuiltTool,
    PULUMI_VERSION,
    SOURCES,
    type SourceArchive,
    type ToolRecord,
    TOOLCHAIN_FILE_VERSION,
    toolchainDir,
} from "./tools";

/**
 * npm run toolchain: builds, once per machine and cached by the hash of their inputs, the real tools
 * the end-to-end suite runs. Nothing is downloaded but Go modules from the proxy; nothing is committed.
 *   - the Pulumi CLI (engine included) and pulumi-language-yaml, from the Go module proxy;
 *   - the Okta provider and the Node.js and Python language hosts, from the source archives in the
 *     folder KIRO_TOOL_SOURCES names (the proxy refuses their modules), each checked against its sha256.
 * Writes toolchain.json beside them: for every tool its source, commit, version, build time and what in
 * its build is not the released code, or why it could not be built. The suite prints that record first
 * and reports a scenario whose tool is missing as not run; it never runs a double in its place.
 */

const ROOT = path.resolve(__dirname, "..");
const version = PULUMI_VERSION;
const dir = toolchainDir(version);
const log = (message: string) => process.stderr.write(`toolchain: ${message}\n`);
const GO_ENV = { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0" };

function go(args: string[], cwd: string, env: NodeJS.ProcessEnv = GO_ENV): void {
    execFileSync("go", args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
}

function haveGo(): string | undefined {
    try {
        return execFileSync("go", ["env", "GOVERSION"], { encoding: "utf8" }).trim();
    } catch {
        return undefined;
    }
}

const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const hashOf = (...parts: string[]) => createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 16);

type Description = Pick<ToolRecord, "source" | "version" | "notReleased">;

/**
 * The one tool's build, in a folder named by the hash of its inputs; the folder keeps only how long the
 * build took, so what a record says of the tool is always this file's.
 */
function cached(name: string, key: string, describe: Description, build: (out: string) => void): ToolRecord {
    const out = path.join(dir, "tools", `${name}-${key}`);
    const timing = path.join(out, "built.json");
    const record = (buildSeconds: number, fromCache: boolean): ToolRecord => ({
        ...describe,
        path: path.join(out, name),
        buildSeconds,
        cached: fromCache,
    });
    if (fs.existsSync(timing)) {
        log(`${name}: cached in ${out}`);
        return record((JSON.parse(fs.readFileSync(timing, "utf8")) as { buildSeconds: number }).buildSeconds, true);
    }
    const tools = path.join(dir, "tools");
    for (const stale of fs.existsSync(tools) ? fs.readdirSync(tools) : [])
        if (stale.startsWith(`${name}-`) && /^[0-9a-f]{16}$/.test(stale.slice(name.length + 1)))
            fs.rmSync(path.join(tools, stale), { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const start = Date.now();
    log(`${name}: building (key ${key})`);
    build(out);
    const buildSeconds = Math.round((Date.now() - start) / 100) / 10;
    fs.writeFileSync(timing, JSON.stringify({ buildSeconds }));
    return record(buildSeconds, false);
}

function unpack(archive: string, into: string, strip = 1): void {
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", archive, "-C", into, `--strip-components=${strip}`]);
}

/** A pulumi/pulumi binary built as the release builds do: CGO off, these tags, the version set with -ldflags -X. */
function buildAsReleased(binary: string, pkg: string, cwd: string): void {
    go(
        [
            "build",
            "-tags",
            "osusergo,grpcnotrace",
            "-ldflags",
            `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${version}`,
            "-o",
            binary,
            pkg,
        ],
        cwd,
    );
}

function cli(goVersion: string): ToolRecord {
    const describe = { source: `Go module github.com/pulumi/pulumi/pkg/v3@v${version}`, version, notReleased: [] };
    return cached("pulumi", hashOf("pulumi-cli-1", version, goVersion), describe, (out) => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-toolchain-cli-"));
        try {
            fs.writeFileSync(path.join(work, "go.mod"), "module kirookta.local/toolchain/pulumi\n\ngo 1.26\n");
            // pkg/v3's go.mod has replace lines, so `go install pkg@version` refuses it: a wrapper module builds it.
            go(["get", `github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v${version}`, `github.com/pulumi/pulumi/sdk/v3@v${version}`], work);
            buildAsReleased(path.join(out, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi", work);
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
}

// The CLI's release bundles pulumi-yaml v1.37.0 (scripts/get-language-providers.sh at v3.248.0), but that
// one needs pkg/v3 v3.247.0, which the proxy refuses; v1.38.1 needs pkg/v3 v3.255.0, which it serves.
const YAML_VERSION = "1.38.1";
function yamlHost(goVersion: string): ToolRecord {
    // A released version, newer than the v1.37.0 the CLI bundles: nothing in it differs from its release.
    const describe = {
        source: `Go module github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v${YAML_VERSION}`,
        version: YAML_VERSION,
        notReleased: [],
    };
    return cached("pulumi-language-yaml", hashOf("yaml-1", YAML_VERSION, goVersion), describe, (out) => {
        go(
            [
                "install",
                "-tags",
                "osusergo,grpcnotrace",
                "-ldflags",
                `-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${YAML_VERSION}`,
                `github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v${YAML_VERSION}`,
            ],
            ROOT,
            { ...GO_ENV, GOFLAGS: "", GOBIN: out },
        );
    });
}

/** The archive in the sources folder, checked against its pinned sha256. */
function archive(sources: string, spec: SourceArchive): string {
    const file = path.join(sources, spec.file);
    if (!fs.existsSync(file)) throw new Error(`${spec.file} is not in ${sources}`);
    const actual = sha256(file);
    if (actual !== spec.sha256)
        throw new Error(`${spec.file}: sha256 ${actual}, expected ${spec.sha256} (${spec.repository} at ${spec.commit})`);
    return file;
}

// pulumi-terraform-bridge imports one package of github.com/pulumi/pulumi-java (refused by the proxy at
// v1.30.0), for one function that turns HCL doc examples into Java while generating a schema
// (pkg/tfgen/convert_cli.go). The provider embeds its schema and never calls it at run time.
const JAVA_STAND_IN = `// Stand-in for github.com/pulumi/pulumi-java/pkg/codegen/java, written by kiro-okta's npm run toolchain.
package java

import (
\t"errors"

\t"github.com/hashicorp/hcl/v2"
\t"github.com/pulumi/pulumi/pkg/v3/codegen/pcl"
)

func GenerateProgram(program *pcl.Program) (map[string][]byte, hcl.Diagnostics, error) {
\treturn nil, nil, errors.New("pulumi-java is not part of this build (kiro-okta toolchain stand-in)")
}
`;

function oktaProvider(sources: string, goVersion: string): ToolRecord {
    const pulumiOkta = archive(sources, SOURCES.pulumiOkta);
    const upstream = archive(sources, SOURCES.terraformProviderOkta);
    const key = hashOf("okta-1", SOURCES.pulumiOkta.sha256, SOURCES.terraformProviderOkta.sha256, JAVA_STAND_IN, goVersion);
    const describe = {
        source: `${SOURCES.pulumiOkta.repository}@${SOURCES.pulumiOkta.commit} with ${SOURCES.terraformProviderOkta.repository}@${SOURCES.terraformProviderOkta.commit} as its upstream`,
        version: SOURCES.pulumiOkta.version,
        notReleased: [
            "github.com/pulumi/pulumi-java is a stand-in (the proxy refuses v1.30.0): its one linked function, GenerateProgram, turns HCL doc examples into Java during schema generation and is never called at run time",
        ],
    };
    return cached("pulumi-resource-okta", key, describe, (out) => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-toolchain-okta-"));
        try {
            const repo = path.join(work, "pulumi-okta");
            unpack(pulumiOkta, repo);
            // provider/go.mod replaces github.com/okta/terraform-provider-okta => ../upstream (its submodule).
            unpack(upstream, path.join(repo, "upstream"));
            const java = path.join(work, "pulumi-java-stand-in");
            fs.mkdirSync(path.join(java, "pkg", "codegen", "java"), { recursive: true });
            fs.writeFileSync(path.join(java, "go.mod"), "module github.com/pulumi/pulumi-java\n\ngo 1.26\n");
            fs.writeFileSync(path.join(java, "pkg", "codegen", "java", "gen.go"), JAVA_STAND_IN);
            const provider = path.join(repo, "provider");
            go(["mod", "edit", `-replace=github.com/pulumi/pulumi-java=${java}`], provider);
            const cmd = path.join(provider, "cmd", "pulumi-resource-okta");
            // The repository's own generate.go writes schema-embed.json with the version.
            go(["generate", "./main.go"], cmd, { ...GO_ENV, VERSION: SOURCES.pulumiOkta.version });
            go(
                [
                    "build",
                    "-ldflags",
                    `-X github.com/pulumi/pulumi-okta/provider/v6/pkg/version.Version=${SOURCES.pulumiOkta.version} -s -w`,
                    "-o",
                    path.join(out, "pulumi-resource-okta"),
                    ".",
                ],
                cmd,
            );
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
}

/** A language host from the pulumi/pulumi archive: its monorepo replace lines dropped, pkg/v3 and sdk/v3 at the release. */
function languageHost(sources: string, goVersion: string, language: "nodejs" | "python"): ToolRecord {
    const hosts = archive(sources, SOURCES.languageHosts);
    const name = `pulumi-language-${language}`;
    const describe = {
        source: `${SOURCES.languageHosts.repository}@${SOURCES.languageHosts.commit} (sdk/${language}/cmd/${name})`,
        version,
        notReleased: [],
    };
    return cached(name, hashOf(`${name}-1`, SOURCES.languageHosts.sha256, version, goVersion), describe, (out) => {
        const work = fs.mkdtempSync(path.join(os.tmpdir(), `kiro-toolchain-${language}-`));
        try {
            unpack(hosts, work);
            const cmd = path.join(work, "sdk", language, "cmd", name);
            go(
                [
                    "mod",
                    "edit",
                    "-dropreplace=github.com/pulumi/pulumi/pkg/v3",
                    "-dropreplace=github.com/pulumi/pulumi/sdk/v3",
                    `-require=github.com/pulumi/pulumi/pkg/v3@v${version}`,
                    `-require=github.com/pulumi/pulumi/sdk/v3@v${version}`,
                ],
                cmd,
            );
            buildAsReleased(path.join(out, name), ".", cmd);
            // The Python host runs programs through pulumi-language-python-exec, found beside its own path.
            if (language === "python")
                fs.copyFileSync(
                    path.join(work, "sdk", "python", "cmd", "pulumi-language-python-exec"),
                    path.join(out, "pulumi-language-python-exec"),
                );
        } finally {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
}

function main(): void {
    fs.mkdirSync(dir, { recursive: true });
    const tools: Record<string, BuiltTool> = {};
    const attempt = (name: string, build: () => ToolRecord) => {
        try {
            tools[name] = build();
        } catch (e) {
            const why = (e as Error).message.split("\n")[0];
            log(`${name}: not built: ${why}`);
            tools[name] = { unavailable: why };
        }
    };
    const goVersion = haveGo();
    const sources = process.env.KIRO_TOOL_SOURCES;
    if (!goVersion) {
        for (const name of ["pulumi", "pulumi-language-yaml", "pulumi-resource-okta", "pulumi-language-nodejs", "pulumi-language-python"])
            tools[name] = { unavailable: "no Go toolchain on this machine" };
    } else {
        attempt("pulumi", () => cli(goVersion));
        attempt("pulumi-language-yaml", () => yamlHost(goVersion));
        const noSources = !sources
            ? "KIRO_TOOL_SOURCES is not set: it names the folder with the source archives (the Go module proxy refuses these modules)"
            : !fs.existsSync(sources)
              ? `KIRO_TOOL_SOURCES names ${sources}, which does not exist`
              : undefined;
        for (const [name, build] of [
            ["pulumi-resource-okta", () => oktaProvider(sources!, goVersion)],
            ["pulumi-language-nodejs", () => languageHost(sources!, goVersion, "nodejs")],
            ["pulumi-language-python", () => languageHost(sources!, goVersion, "python")],
        ] as const) {
            if (noSources) tools[name] = { unavailable: noSources };
            else attempt(name, build);
        }
    }
    fs.writeFileSync(
        path.join(dir, "toolchain.json"),
        JSON.stringify({ format: TOOLCHAIN_FILE_VERSION, pulumiVersion: version, goVersion: goVersion ?? null, tools }, null, 2),
    );
    for (const [name, tool] of Object.entries(tools))
        log("unavailable" in tool ? `${name}: NOT BUILT (${tool.unavailable})` : `${name} ${tool.version}: ${tool.path}`);
    process.stdout.write(`${dir}\n`);
}

main();
