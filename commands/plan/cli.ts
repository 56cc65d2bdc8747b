import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, EXIT, parseOptions } from "../common/command";
import type { ProgramImporter } from "../common/runProgram";
import { buildPlan, renderMermaid, renderText } from "./render";
import { readStackConfig } from "../common/stackConfig";
import { placeholderWorld } from "../common/placeholderWorld";

export const USAGE = "usage: npm run plan -- [--stack NAME | --config FILE] [--json | --mermaid [--update-readme]]";

export const README_START = "<!-- plan:mermaid:start (Pulumi.dev.yaml; regenerate: npm run plan -- --mermaid --update-readme) -->";
export const README_END = "<!-- plan:mermaid:end -->";

export interface PlanIo extends CommandIo {
    projectDir: string;
    load?: ProgramImporter;
}

/** The README with its generated graph replaced by `graph`. */
export function withReadmeGraph(readme: string, graph: string): string {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} ... ${README_END} block`);
    return `${readme.slice(0, start)}${README_START}\n\`\`\`mermaid\n${graph}\`\`\`\n${readme.slice(end)}`;
}

/** `npm run plan`: evaluates index.ts under the mock runtime with a stack's config file. Returns the exit code. */
export async function runPlan(argv: string[], io: PlanIo): Promise<number> {
    const args = parseOptions(
        argv,
        {
            stack: { type: "string" },
            config: { type: "string" },
            json: { type: "boolean", default: false },
            mermaid: { type: "boolean", default: false },
            "update-readme": { type: "boolean", default: false },
            help: { type: "boolean", default: false },
        },
        USAGE,
        io,
    );
    if (!args) return 2;
    if (args.help) {
        io.stdout(`${USAGE}\n`);
        return 0;
    }
    if ((args.json && args.mermaid) || (args.stack && args.config) || (args["update-readme"] && !args.mermaid)) {
        io.stderr(`${USAGE}\n`);
        return 2;
    }
    const stack = args.config ? undefined : (args.stack ?? "dev");
    let stackConfig;
    try {
        stackConfig = readStackConfig(io.projectDir, args.config ?? `Pulumi.${stack}.yaml`);
    } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        return 2;
    }
    // @pulumi/pulumi takes most of a second to load: not for a usage error.
    const { importProgram, isUserError, runProgram } = await import("../common/runProgram.js");
    const run = await runProgram(
        { config: stackConfig.config, secretKeys: stackConfig.secretKeys, world: placeholderWorld, stack: stack ?? "plan" },
        io.load ?? importProgram,
    );
    if (run.error) {
        // Anything but the program's own RunError is a bug: runCommand prints its trace and exits 3.
        if (!isUserError(run.error)) throw run.error;
        const problems = (run.error as { problems?: string[] }).problems ?? [run.error.message];
        if (args.json) io.stdout(JSON.stringify({ ok: false, configFile: stackConfig.file, errors: problems }, null, 2) + "\n");
        else io.stderr(`${run.error.message}\n`);
        return EXIT.failed;
    }
    const prefix = `${stackConfig.project}:`;
    const configured = new Set(
        Object.entries(stackConfig.config)
            .filter(([key, value]) => key.startsWith(prefix) && !["", "false", "[]"].includes(value))
            .map(([key]) => key.slice(prefix.length)),
    );
    const plan = buildPlan(run, {
        stack,
        configFile: stackConfig.file,
        configured,
        scimApp: stackConfig.config[`${prefix}scimApp`] || "custom-saml",
    });
    if (args.json) {
        io.stdout(JSON.stringify({ ok: true, ...plan }, null, 2) + "\n");
    } else if (args.mermaid && args["update-readme"]) {
        const readmePath = path.join(io.projectDir, "README.md");
        fs.writeFileSync(readmePath, withReadmeGraph(fs.readFileSync(readmePath, "utf8"), renderMermaid(plan)));
        io.stdout(`updated the graph in README.md from ${stackConfig.file}\n`);
    } else if (args.mermaid) {
        io.stdout(renderMermaid(plan));
    } else {
        io.stdout(renderText(plan));
    }
    return 0;
}
