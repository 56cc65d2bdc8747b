import * as fs from "node:fs";
import { type CommandIo, parseOptions } from "../cli/command";
import { type CheckResult, runChecks } from "./checks";
import { InputError, inputsFromEnv, inputsFromStack, type VerifyInputs } from "./inputs";

export const USAGE =
    "usage: npm run verify -- (--stack NAME | --outputs FILE) [--resolver IP[:PORT]] [--ca-file PEM] [--timeout MS] [--retries N] [--json]";

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
}

/** `npm run verify`: 0 when every check that applies passes, 1 when one fails, 2 for bad usage or inputs, 3 for a bug. */
export async function runVerify(argv: string[], io: VerifyIo): Promise<number> {
    const args = parseOptions(
        argv,
        {
            stack: { type: "string" },
            outputs: { type: "string" },
            resolver: { type: "string" },
            "ca-file": { type: "string" },
            timeout: { type: "string", default: "5000" },
            retries: { type: "string", default: "2" },
            json: { type: "boolean", default: false },
        },
        USAGE,
        io,
    );
    if (!args) return 2;
    let ca: string | undefined;
    try {
        ca = args["ca-file"] ? fs.readFileSync(args["ca-file"], "utf8") : undefined;
    } catch (e) {
        io.stderr(`--ca-file: ${(e as Error).message}\n`);
        return 2;
    }
    const net = { timeoutMs: Number(args.timeout), retries: Number(args.retries), ca };
    if (!!args.stack === !!args.outputs || !(net.timeoutMs > 0) || !(Number.isInteger(net.retries) && net.retries >= 0)) {
        io.stderr(`${USAGE}\n`);
        return 2;
    }
    let inputs: VerifyInputs;
    try {
        inputs = args.stack ? await inputsFromStack(args.stack, io.env) : inputsFromEnv(args.outputs!, io.env);
    } catch (e) {
        // Anything else is a bug: runCommand prints its trace and exits 3.
        if (!(e instanceof InputError)) throw e;
        io.stderr(`${e.message}\n`);
        return 2;
    }
    // The Okta SDK takes about 0.4 s to load: only once there is something to ask it.
    const okta =
        inputs.oktaOrgUrl && inputs.oktaAuth ? (await import("./okta.js")).sdkReader(inputs.oktaOrgUrl, inputs.oktaAuth, net) : undefined;
    const checks = await runChecks({ inputs, net, okta, resolver: args.resolver ?? io.env.KIRO_VERIFY_RESOLVER });
    const ok = checks.every((c) => c.status !== "fail");
    io.stdout(args.json ? JSON.stringify({ ok, checks }, null, 2) + "\n" : renderText(checks));
    return ok ? 0 : 1;
}
