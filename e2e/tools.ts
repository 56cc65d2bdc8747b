import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The real tools the end-to-end suite runs, as `npm run toolchain` (e2e/toolchain.ts) records them in
 * toolchain.json, and the source archives it builds the ones the Go module proxy refuses from.
 */

export interface SourceArchive {
    file: string;
    repository: string;
    commit: string;
    version: string;
    license: string;
    sha256: string;
}

/**
 * Pristine `git archive` snapshots of public repositories. pulumi-okta v6.8.0 pins terraform-provider-okta
 * v6.12.0 as its `upstream` submodule, so the two together are the provider as released.
 */
export const SOURCES = {
    pulumiOkta: {
        file: "pulumi-okta-v6.8.0.tar.gz",
        repository: "github.com/pulumi/pulumi-okta",
        commit: "60bbb439c3d8db249674871425ef40357273a5d6",
        version: "6.8.0",
        license: "Apache-2.0",
        sha256: "fd9d4855d3fdacf8ce5cd66f32691e4b24fc660a8ed433724d17524d8e7ce2df",
    },
    terraformProviderOkta: {
        file: "terraform-provider-okta-v6.12.0.tar.gz",
        repository: "github.com/okta/terraform-provider-okta",
        commit: "e59c130b0b6e4b9f76aacbba437515cd5e95cc71",
        version: "6.12.0",
        license: "MPL-2.0",
        sha256: "5afcf04cf611fcb75399deb8cf537d9575dbd0ecc5f5cec4b499f4bf3bc88d9d",
    },
    languageHosts: {
        file: "pulumi-v3.248.0-language-hosts.tar.gz",
        repository: "github.com/pulumi/pulumi",
        commit: "a88168d865b7fd428e5a929cc54aeceaf72d203f",
        version: "3.248.0",
        license: "Apache-2.0",
        sha256: "2219df6e346f12252cbcad7cb53140c532ef438aab1048e2a15ce944303d8b3e",
    },
} satisfies Record<string, SourceArchive>;

export const TOOLCHAIN_FILE_VERSION = 2;

/** The Pulumi version the toolchain builds and the suite runs: @pulumi/pulumi's in package.json. */
export const PULUMI_VERSION = (
    JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as { dependencies: Record<string, string> }
).dependencies["@pulumi/pulumi"];

export interface ToolRecord {
    path: string;
    /** Where it was built from: a Go module at a version, or a repository at a commit. */
    source: string;
    version: string;
    buildSeconds: number;
    /** What in its build is not the released code (empty when nothing is). */
    notReleased: string[];
    cached?: boolean;
}

export type BuiltTool = ToolRecord | { unavailable: string };

export interface ToolchainFile {
    format: number;
    pulumiVersion: string;
    goVersion: string | null;
    tools: Record<string, BuiltTool>;
}

export type ToolName = "pulumi" | "pulumi-language-yaml" | "pulumi-resource-okta" | "pulumi-language-nodejs" | "pulumi-language-python";

export function toolchainDir(pulumiVersion: string): string {
    const cache = process.env.KIRO_TOOLCHAIN_CACHE ?? path.join(os.homedir(), ".cache", "kiro-okta", "toolchain");
    return path.join(cache, `pulumi-v${pulumiVersion}`);
}

/** Reads toolchain.json; undefined (and why) when `npm run toolchain` has not written one for this Pulumi. */
export function readToolchain(pulumiVersion: string): ToolchainFile | { missing: string } {
    const file = path.join(toolchainDir(pulumiVersion), "toolchain.json");
    if (!fs.existsSync(file)) return { missing: `no toolchain for Pulumi ${pulumiVersion} at ${file}: run \`npm run toolchain\`` };
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as ToolchainFile;
    if (parsed.format !== TOOLCHAIN_FILE_VERSION)
        return { missing: `${file} was written by an older toolchain: run \`npm run toolchain\`` };
    return parsed;
}
