import { afterAll, describe, expect, it } from "vitest";
import { emptyOrg, programDir, toolchain, Workspace } from "./harness";

/**
 * What a `pulumi up` and a `pulumi preview --refresh` cost in Okta API requests (the fake org's request
 * log) and wall time, for 1, 10 and 50 assigned groups: the README's "Cost" table comes from this
 * test's output. The provider double makes the calls the provider's source makes (oktaProvider.ts),
 * so the counts are the provider's as read, not measured against Okta.
 */

const tools = toolchain();
const ready = !("missing" in tools);
const rows: string[] = [];
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

    it("grows linearly: each further group costs the same number of requests", () => {
        const perGroup = (a: number, b: number, key: "up" | "refresh") => (measured[b][key] - measured[a][key]) / (b - a);
        for (const key of ["up", "refresh"] as const) expect(perGroup(10, 50, key)).toBeCloseTo(perGroup(1, 10, key), 5);
    });
});
