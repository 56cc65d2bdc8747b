import { parseArgs, type ParseArgsConfig } from "node:util";
import { formatProblems } from "../../components/config";

/** What the repo's commands (plan, verify) share: output streams, option parsing, the process exit. */

export interface CommandIo {
    stdout(text: string): void;
    stderr(text: string): void;
}

type Options = NonNullable<ParseArgsConfig["options"]>;
type Values<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true }>>["values"];

/** The parsed options, or undefined once the problem and the usage are on stderr (exit 2). */
export function parseOptions<const T extends Options>(argv: string[], options: T, usage: string, io: CommandIo): Values<T> | undefined {
    try {
        return parseArgs({ args: argv, options, strict: true }).values;
    } catch (e) {
        io.stderr(`${(e as Error).message}\n${usage}\n`);
        return undefined;
    }
}

/**
 * Exit codes of every command (README, "Commands"): 0 done; 1 a failed check, a blocked adoption or
 * invalid config (the same config is invalid for plan, verify, adopt and `pulumi up`); 2 bad usage or
 * inputs (options, files, a missing CLI); 3 a bug in the command, with its trace.
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, bug: 3 } as const;

/** Exit code for a bug in the command itself (not bad usage, not a failed check): the trace goes to stderr. */
export const EXIT_BUG = EXIT.bug;

/** The stack's config breaks the program's rules: exit 1, as `pulumi up` would fail on it. */
export class InvalidConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(formatProblems(problems));
        this.name = "InvalidConfigError";
    }
}

/** Runs a command with the process's arguments and streams, and exits with its code. */
export function runCommand(run: (argv: string[], io: CommandIo) => Promise<number>): void {
    const io: CommandIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) };
    run(process.argv.slice(2), io).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error("kiro-okta: internal error (a bug; please report it with this trace):");
            console.error(error instanceof Error ? (error.stack ?? error.message) : error);
            process.exit(EXIT_BUG);
        },
    );
}
