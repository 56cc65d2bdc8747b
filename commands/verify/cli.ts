import { type CommandIo, EXIT, InvalidConfigError } from "../common/command";
import { type CheckResult, runChecks } from "./checks";
import { type Exec, InputError, inputsFromEnv, inputsFromStack, type VerifyInputs } from "./inputs";
import { netOptionsFrom, networkOptions } from "../common/netOptions";
import { parseArgs } from "node:util";

export const USAGE =
    "usage: npm run verify -- (--stack NAME | --outputs FILE) [--user LOGIN]... [--resolver IP[:PORT]] [--ca-file PEM] " +
    "[--timeout MS] [--retries N] [--deadline SECONDS] [--max-users N] [--json]";

const MARK = { pass: "✔", fail: "✘", skip: "–" } as const;

export function renderText(checks: CheckResult[]): string {
    const lines = checks.flatMap((c) => [
        `${MARK[c.status]} ${c.title}: ${c.status === "skip" ? `skipped (${c.detail})` : c.detail}`,
        ...(c.fix ? [`    fix: ${c.fix}`] : []),
    ]);
    const count = (s: CheckResult["status"]) => checks.filter((c) => c.status === s).length;
    lines.push(`verify: ${count("pass")} of ${checks.length} checks passed, ${count("fail")} failed, ${count("skip")} skipped`);
    return lines.join("\n") + "\n";
}

export interface VerifyIo extends CommandIo {
    env: Record<string, string | undefined>;
    /** For tests: runs the Pulumi CLI (`pulumi stack output`, `pulumi config`) for --stack. */
    exec?: Exec;
    /** For tests: the clock and the wait the retry layer uses. */
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

const OPTIONS = {
    stack: { type: "string" },
    outputs: { type: "string" },
    user: { type: "string", multiple: true },
    resolver: { type: "string" },
    ...networkOptions({ timeoutMs: 5000, deadlineSeconds: 120 }),
    "max-users": { type: "string", default: "2000" },
    json: { type: "boolean", default: false },
} as const;

/** `npm run verify`: 0 when every check that applies passes, 1 when one fails or the config is invalid, 2 for bad usage or inputs, 3 for a bug. */
export async function runVerify(argv: string[], io: VerifyIo): Promise<number> {
    const json = argv.includes("--json");
    // With --json, a usage or input error is a JSON document on stdout too (exit 2).
    const usageError = (problem: string): number => {
        if (json) io.stdout(JSON.stringify({ ok: false, exitCode: 2, error: problem, usage: USAGE }, null, 2) + "\n");
        io.stderr(`${problem}\n${USAGE}\n`);
        return 2;
    };
    let args;
    try {
        args = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
    } catch (e) {
        return usageError((e as Error).message);
    }
    if (!!args.stack === !!args.outputs) return usageError("give exactly one of --stack NAME and --outputs FILE");
    if (!/^[1-9]\d*$/.test(args["max-users"])) return usageError(`--max-users ${args["max-users"]}: expected a whole number above 0`);
    const net = netOptionsFrom(args, io);
    if (typeof net === "string") return usageError(net);
    let inputs: VerifyInputs;
    try {
        inputs = args.stack ? await inputsFromStack(args.stack, io.env, io.exec) : inputsFromEnv(args.outputs!, io.env);
    } catch (e) {
        if (e instanceof InvalidConfigError) {
            if (json) io.stdout(JSON.stringify({ ok: false, exitCode: EXIT.failed, errors: e.problems }, null, 2) + "\n");
            io.stderr(`${e.message}\n`);
            return EXIT.failed;
        }
        // Anything else is a bug: runCommand prints its trace and exits 3.
        if (!(e instanceof InputError)) throw e;
        return usageError(e.message);
    }
    const users = [...(args.user ?? []), ...(io.env.KIRO_VERIFY_USERS ?? "").split(",")].map((u) => u.trim()).filter(Boolean);
    // The Okta SDK takes about 0.4 s to load: only once there is something to ask it.
    const okta =
        inputs.oktaOrgUrl && inputs.oktaAuth
            ? await import("../common/net/okta.js").then((m) => m.memoized(m.sdkReader(inputs.oktaOrgUrl!, inputs.oktaAuth!, net)))
            : undefined;
    const checks = await runChecks({
        inputs,
        net,
        okta,
        resolver: args.resolver ?? io.env.KIRO_VERIFY_RESOLVER,
        users: [...new Set(users)],
        maxUsers: Number(args["max-users"]),
    });
    const ok = checks.every((c) => c.status !== "fail");
    io.stdout(json ? JSON.stringify({ ok, checks }, null, 2) + "\n" : renderText(checks));
    return ok ? 0 : 1;
}
