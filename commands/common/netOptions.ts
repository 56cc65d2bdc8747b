import * as fs from "node:fs";
import type { NetOptions } from "./net/retry";

/** The network options verify and adopt share: a timeout per attempt, retries, one deadline, extra CAs. */
export function networkOptions(defaults: { timeoutMs: number; deadlineSeconds: number }) {
    return {
        "ca-file": { type: "string" },
        timeout: { type: "string", default: String(defaults.timeoutMs) },
        retries: { type: "string", default: "2" },
        deadline: { type: "string", default: String(defaults.deadlineSeconds) },
    } as const;
}

const wholeAbove0 = /^[1-9]\d*$/;

/** The options as NetOptions, or the problem with one of them (a usage error). */
export function netOptionsFrom(
    values: { timeout: string; retries: string; deadline: string; "ca-file"?: string },
    clock: { now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
): NetOptions | string {
    for (const key of ["timeout", "deadline"] as const)
        if (!wholeAbove0.test(values[key])) return `--${key} ${values[key]}: expected a whole number above 0`;
    if (!/^\d+$/.test(values.retries)) return `--retries ${values.retries}: expected a whole number`;
    let ca: string | undefined;
    try {
        ca = values["ca-file"] ? fs.readFileSync(values["ca-file"], "utf8") : undefined;
    } catch (e) {
        return `--ca-file: ${(e as Error).message}`;
    }
    const now = clock.now ?? Date.now;
    return {
        timeoutMs: Number(values.timeout),
        retries: Number(values.retries),
        deadline: now() + Number(values.deadline) * 1000,
        ca,
        now,
        sleep: clock.sleep,
    };
}
