import { afterAll, describe, expect, it } from "vitest";
import { emptyOrg, notRunBecause, programDir, toolchain, Workspace } from "./harness";

/**
 * What a `pulumi up` and a `pulumi preview --refresh` cost in Okta API requests (the fake org's request
 * log) and wall time, for 1, 10 and 50 assigned groups, with the real Okta provider: CONTRIBUTING's
 * "Performance" table comes from this test's output. Okta's rate limits count these requests.
 */

const tools = toolchain();
const ready = !notRunBecause(tools, "cost in Okta requests");
const rows: string[] = [];
/** Requests per assigned group, and the fixed part, that a change to the program must not exceed without saying so. */
const PER_GROUP_BOUND = { up: 6, refresh: 3.5 };
const FIXED_BOUND = { up: 30, refresh: 20 };
afterAll(() => {
    if (rows.length) console.log(["groups | up: requests, s | preview --refresh: requests, s", ...rows].join("\n"));
});

describe.skipIf(!ready)("cost in Okta requests as the number of assigned groups grows", () => {
    const measured: Record<number, { up: number; refresh: number }> = {};

    it.each([1, 10, 50])("%i groups", async (n) => {
        const org = emptyOrg();
        const names = Array.from({ length: n }, (_, i) => `Kiro-Team-${String(i).padStart(2, "0")}`);
        org.groups.push(...names.map((name, i) => ({ id: `00g-team${i}`, name })));
        const ws = await Workspace.start(tools, {
            org,
            route53: { zones: [], recordSets: [] },
        });
        try {
            const dir = programDir();
            await ws.initStack(dir, {
                ...ws.oktaConfig(),
                assignGroups: names,
                protect: false,
            });
            const count = async (args: string[]) => {
                const before = ws.okta.requests.length;
                const start = Date.now();
                const res = await ws.pulumi([...args, "--stack", "e2e"], dir);
                if (res.code !== 0) throw new Error(`${args.join(" ")}: ${res.stdout.slice(-2000)} ${res.stderr.slice(-2000)}`);
                return { requests: ws.okta.requests.length - before, seconds: (Date.now() - start) / 1000 };
            };
            const up = await count(["up", "--yes", "--skip-preview"]);
            const refresh = await count(["preview", "--refresh", "--expect-no-changes"]);
            measured[n] = { up: up.requests, refresh: refresh.requests };
            rows.push(`${n} | ${up.requests}, ${up.seconds.toFixed(1)} | ${refresh.requests}, ${refresh.seconds.toFixed(1)}`);
            expect(ws.okta.specViolations).toEqual([]);
        } finally {
            await ws.close();
        }
    });

    // The model: a fixed part (the app, the server and its children, the lookups) plus a part per group
    // (its lookup and two assignments, each created or read). Bounds, not equalities: the provider's
    // reads are not all per group (a list answers several), so the per-group cost wanders by a fraction.
    it("grows linearly: a fixed part plus at most a bounded cost per group, the same at 10 groups as at 50", () => {
        for (const key of ["up", "refresh"] as const) {
            const perGroup = (measured[50][key] - measured[1][key]) / 49;
            const fixed = measured[1][key] - perGroup;
            rows.push(`${key}: ${fixed.toFixed(1)} + ${perGroup.toFixed(2)} per group`);
            expect(perGroup, `${key}: requests per group`).toBeLessThanOrEqual(PER_GROUP_BOUND[key]);
            expect(fixed, `${key}: fixed requests`).toBeLessThanOrEqual(FIXED_BOUND[key]);
            // At 10 groups the line through 1 and 50 is off by at most two requests.
            expect(Math.abs(measured[10][key] - (fixed + perGroup * 10)), `${key} at 10 groups`).toBeLessThanOrEqual(2);
        }
    });
});
