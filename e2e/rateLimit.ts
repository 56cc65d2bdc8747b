import { emptyOrg, programDir, toolchain, Workspace } from "./harness";

/**
 * npm run e2e:rate-limit: the longest phase-1 `pulumi up` (50 assigned groups) with the real provider
 * against an org on an Integrator Free budget: 20 requests a minute for `/api/v1/apps` and everything
 * under it. Once with the provider's defaults, once with `okta:maxApiCapacity` 50. Each takes over ten
 * minutes, so it is a measurement to run by hand (CONTRIBUTING, "Performance"), not part of `npm run e2e`.
 */

const GROUPS = 50;
const PER_MINUTE = 20;

async function measure(label: string, config: Record<string, unknown>): Promise<string> {
    const tools = toolchain();
    if ("missing" in tools) throw new Error(tools.missing);
    const org = emptyOrg();
    const names = Array.from({ length: GROUPS }, (_, i) => `Kiro-Team-${String(i).padStart(2, "0")}`);
    org.groups.push(...names.map((name, i) => ({ id: `00g-team${i}`, name })));
    const bucket: NonNullable<typeof org.bucket> = { path: /^\/api\/v1\/apps(\/|$)/, perMinute: PER_MINUTE };
    org.bucket = bucket;
    const ws = await Workspace.start(tools, { org, route53: { zones: [], recordSets: [] } });
    try {
        const dir = programDir();
        await ws.initStack(dir, { ...ws.oktaConfig(), assignGroups: names, protect: false, ...config });
        const start = Date.now();
        const up = await ws.pulumi(["up", "--yes", "--skip-preview", "--stack", "e2e"], dir, 60 * 60_000);
        const seconds = ((Date.now() - start) / 1000).toFixed(0);
        const appRequests = ws.okta.requests.filter((r) => /^\S+ \/api\/v1\/apps(\/|\?|$)/.test(r)).length;
        // The provider's own reasons (the lines after "N errors occurred:"), once each.
        const reasons = [...new Set(up.stdout.match(/^\s*\* .*$/gm)?.map((l) => l.trim()) ?? [])];
        const outcome = up.code === 0 ? "succeeded" : `failed: ${reasons.join("; ") || up.stdout.slice(-500)}`;
        return `${label} | ${outcome} | ${seconds} s | ${appRequests} app requests, ${bucket.refused ?? 0} answered 429`;
    } finally {
        await ws.close();
    }
}

/** `npm run e2e:rate-limit [defaults|capacity]`: both, or one of them. */
async function main(): Promise<void> {
    const which = process.argv[2];
    const rows = ["settings | outcome | wall time | requests in the bucket"];
    if (which !== "capacity") rows.push(await measure("provider defaults", {}));
    if (which !== "defaults") rows.push(await measure("okta:maxApiCapacity 50", { "okta:maxApiCapacity": 50 }));
    console.log(rows.join("\n"));
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
