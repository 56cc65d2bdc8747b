import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runAdopt } from "../commands/adopt/cli";
import type { Fault, OktaDoubleState } from "../tests/support/oktaDouble";
import type { Route53State } from "../tests/support/route53Double";
import { startScim } from "../tests/support/verifyServers";
import { emptyOrg, notRunBecause, ok, programDir, type Result, toolchain, verifyStack, Workspace } from "./harness";

/**
 * Faults during `pulumi up`, met by the real provider's retries and error handling and the real
 * engine: throttling and server errors, a create Okta did whose answer was lost, an up interrupted
 * (SIGINT) or killed (SIGKILL) at each kind of step, two ups at once, a token revoked halfway. Each
 * scenario ends the same way: one of each Kiro object in the org, the state as the org
 * (`preview --refresh --expect-no-changes`), and `npm run verify` passing; where a human step is
 * needed, the test runs it as docs/ci-and-drift.md ("When an up fails") writes it.
 */

const tools = toolchain();
const ready = !notRunBecause(tools, "faults during pulumi up");

const STACK = ["--stack", "e2e"];
/** The provider's waits, shortened so a retry costs a second (its defaults: 30 s, 300 s; docs/okta-behaviour.md). */
const FAST_RETRIES = { "okta:minWaitSeconds": 1, "okta:maxWaitSeconds": 2 };

const figures = { faults: 0, converged: 0, duplicatesLeft: 0, lost: 0, longestRecovery: 0 };
const rows: string[] = [];
afterAll(() => {
    if (!rows.length) return;
    console.log(["scenario | faults | commands typed to recover | converged", ...rows].join("\n"));
    console.log(
        `faults injected ${figures.faults}; runs converged ${figures.converged}; duplicates left ${figures.duplicatesLeft}; lost ${figures.lost}; longest recovery ${figures.longestRecovery} commands`,
    );
});

/** How many of each Kiro object the org holds. */
function census(org: OktaDoubleState) {
    const servers = org.authServers.filter((s) => s.name === "Kiro");
    return {
        oidcApps: org.apps.filter((a) => a.label === "Kiro-OIDC").length,
        scimApps: org.apps.filter((a) => a.label === "Kiro-SAML").length,
        servers: servers.length,
        scopes: servers.flatMap((s) => s.scopes).length,
        policies: servers.flatMap((s) => s.policies).length,
        rules: servers.flatMap((s) => s.policies.flatMap((p) => p.rules)).length,
    };
}
const ONE_EACH = { oidcApps: 1, scimApps: 1, servers: 1, scopes: 2, policies: 1, rules: 1 };

/** The SCIM server a phase-3 workspace's stack names. */
const scims = new Map<Workspace, Awaited<ReturnType<typeof startScim>>>();
const SCIM_TOKEN = "e2e-scim-token-do-not-print";

function verifyPasses(ws: Workspace, dir: string): Promise<{ code: number; stdout: string }> {
    const scim = scims.get(ws);
    return verifyStack(ws, dir, scim ? ["--ca-file", scim.caFile] : []);
}

/** The end every scenario must reach: one of each, the state as the org, verify passing. */
async function converged(ws: Workspace, dir: string, what: string): Promise<void> {
    const counted = census(ws.org);
    figures.duplicatesLeft += Object.entries(ONE_EACH).reduce(
        (n, [k, one]) => n + Math.max(0, counted[k as keyof typeof ONE_EACH] - one),
        0,
    );
    // Kiro's apps and servers in Okta that the state does not know.
    const known = new Set(((await exported(ws, dir)).resources ?? []).map((r) => r.id));
    const unknown = [
        ...ws.org.apps.filter((a) => ["Kiro-OIDC", "Kiro-SAML"].includes(a.label)),
        ...ws.org.authServers.filter((x) => x.name === "Kiro"),
    ].filter((x) => !known.has(x.id));
    figures.lost += unknown.length;
    expect(
        unknown.map((x) => x.id),
        `${what}: objects in Okta the state does not know`,
    ).toEqual([]);
    expect(counted, `${what}: one of each Kiro object`).toEqual(ONE_EACH);
    const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", ...STACK], dir);
    expect(again.code, `${what}: preview --refresh after recovery\n${again.stdout}\n${again.stderr}`).toBe(0);
    const verify = await verifyPasses(ws, dir);
    expect(verify.stdout, what).toContain("✔ OIDC app active with every redirect URI");
    expect(verify.stdout, what).toContain("✔ One OIDC app, SCIM app and authorization server");
    expect(verify.code, verify.stdout).toBe(0);
    figures.converged++;
}

const ROUTE53: Route53State = { zones: [], recordSets: [] };

async function phase1(extra: Record<string, unknown> = {}): Promise<{ ws: Workspace; dir: string }> {
    const ws = await Workspace.start(tools, { org: emptyOrg(), route53: structuredClone(ROUTE53) });
    const dir = programDir();
    await ws.initStack(dir, { ...ws.oktaConfig(), ...FAST_RETRIES, assignGroups: ["Kiro-Users"], protect: false, ...extra });
    return { ws, dir };
}

/** Okta's answer, as the provider reports a failed call. */
const OKTA_ANSWER = /Service Unavailable|Internal Server Error|Too Many Requests|rate limit|\b(429|500|502|503)\b/;

/**
 * The contract for a fault during `pulumi up`: the up succeeds within the provider's retries, or fails
 * naming Okta's answer and the next up converges. Returns how many ups it took.
 */
async function upThroughFaults(ws: Workspace, dir: string, what: string, extra: string[] = []): Promise<number> {
    const first = await ws.pulumi(["up", "--yes", "--skip-preview", ...extra, ...STACK], dir);
    if (first.code === 0) return 1;
    expect(first.stdout, `${what}: a failed up names Okta's answer`).toMatch(OKTA_ANSWER);
    // --refresh: a failed update can be stored as if it had been made (the provider returns the planned
    // state with its error), and only a refresh sees that Okta still has the old value.
    ok(await ws.pulumi(["up", "--refresh", "--yes", "--skip-preview", ...STACK], dir), `${what}: the next up --refresh`);
    return 2;
}

describe.skipIf(!ready)("rate limits and server errors: the provider's retries, and a second up", () => {
    it("429 with Okta's headers, and 502/503 on create, read, update and delete: each up succeeds within the provider's retries or fails naming Okta's answer, and the next converges", async () => {
        const { ws, dir } = await phase1();
        try {
            const outcomes: string[] = [];
            const run = async (what: string, faults: Fault[], change?: () => Promise<void>, extra: string[] = []) => {
                ws.org.faults = faults;
                await change?.();
                const ups = await upThroughFaults(ws, dir, what, extra);
                expect(
                    faults.every((f) => (f.seen ?? 0) >= (f.nth ?? 1)),
                    `${what}: every fault met`,
                ).toBe(true);
                figures.faults += faults.reduce((n, f) => n + (f.times ?? 1), 0);
                outcomes.push(`${what}: ${ups === 1 ? "retried by the provider" : "failed, next up --refresh converged"}`);
                figures.longestRecovery = Math.max(figures.longestRecovery, ups - 1);
            };
            await run("429 on the server's create", [{ method: "POST", path: /^\/api\/v1\/authorizationServers$/, status: 429 }]);
            await ws.pulumi(["destroy", "--yes", ...STACK], dir);
            await run("503 on an app's create", [{ method: "POST", path: /^\/api\/v1\/apps$/, status: 503 }]);
            await run(
                "502 on an app's read, 429 twice on an assignment",
                [
                    { method: "GET", path: /^\/api\/v1\/apps\/[^/]+$/, status: 502 },
                    { method: "PUT", path: /^\/api\/v1\/apps\/[^/]+\/groups\/[^/]+$/, status: 429, times: 2 },
                ],
                () => ws.setConfig(dir, { assignGroups: ["Kiro-Users", "Kiro-Push"] }),
                // `up --refresh` reads every resource first: the read meets its fault there.
                ["--refresh"],
            );
            await run("503 on an app's update", [{ method: "PUT", path: /^\/api\/v1\/apps\/[^/]+$/, status: 503 }], () =>
                ws.setConfig(dir, { extraRedirectUris: ["http://localhost:7777/oauth/callback"] }),
            );
            expect(ws.org.apps.find((a) => a.label === "Kiro-OIDC")?.oauth?.redirectUris).toContain("http://localhost:7777/oauth/callback");
            await converged(ws, dir, "after retried faults");
            ws.org.faults = [{ method: "DELETE", path: /\/rules\/[^/]+$/, status: 502 }];
            const destroy = await ws.pulumi(["destroy", "--yes", ...STACK], dir);
            if (destroy.code !== 0) {
                expect(destroy.stdout).toMatch(OKTA_ANSWER);
                ok(await ws.pulumi(["destroy", "--yes", ...STACK], dir), "the next destroy");
            }
            outcomes.push(`502 on the rule's delete: ${destroy.code === 0 ? "retried by the provider" : "failed, next destroy converged"}`);
            expect(ws.org.apps).toEqual([]);
            expect(ws.org.authServers).toEqual([]);
            rows.push(...outcomes.map((o) => `${o} | 1 | ${o.includes("failed") ? "1 (pulumi up --refresh)" : "0"} | yes`));
            console.log(outcomes.join("\n"));
        } finally {
            await scims.get(ws)?.close();
            await ws.close();
        }
    });

    it("a 500 is not retried: the up fails naming Okta's answer; the next up converges", async () => {
        const { ws, dir } = await phase1();
        try {
            ws.org.faults = [{ method: "POST", path: /\/policies\/[^/]+\/rules$/, status: 500 }];
            const up = await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir);
            expect(up.code).not.toBe(0);
            expect(up.stdout).toContain("Internal Server Error");
            figures.faults += 1;
            ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir), "second up");
            rows.push("500 on the rule's create | 1 | 1 (pulumi up) | yes");
            await converged(ws, dir, "after a 500");
        } finally {
            await scims.get(ws)?.close();
            await ws.close();
        }
    });
});

/** The state's resources and pending operations (`pulumi stack export`). */
interface Deployment {
    resources?: { urn: string; type: string; id?: string }[];
    pending_operations?: { type: string; resource: { urn: string; type: string; inputs?: Record<string, any> } }[];
}
async function exported(ws: Workspace, dir: string): Promise<Deployment> {
    return (JSON.parse(ok(await ws.pulumi(["stack", "export", ...STACK], dir), "stack export").stdout) as { deployment: Deployment })
        .deployment;
}

/**
 * The object a pending create made, looked up in Okta as docs/ci-and-drift.md says (by the label or name,
 * or the app and group, in Okta Admin), or undefined when Okta has none. Never one the state has already.
 */
function madeInOkta(org: OktaDoubleState, type: string, inputs: Record<string, any>, known: Set<string>): string | undefined {
    const server = org.authServers.find((x) => x.id === inputs.authServerId);
    const fresh = <T extends { id?: string }>(xs: T[] | undefined) => xs?.find((x) => x.id && !known.has(x.id))?.id;
    switch (type) {
        case "okta:app/oAuth:OAuth":
        case "okta:app/saml:Saml":
            return fresh(org.apps.filter((a) => a.label === inputs.label));
        case "okta:auth/server:Server":
            return fresh(org.authServers.filter((x) => x.name === inputs.name));
        case "okta:auth/serverScope:ServerScope":
            return fresh(server?.scopes.filter((x) => x.name === inputs.name));
        case "okta:auth/serverPolicy:ServerPolicy":
            return fresh(server?.policies.filter((x) => x.name === inputs.name));
        case "okta:auth/serverPolicyRule:ServerPolicyRule":
            return fresh(server?.policies.find((x) => x.id === inputs.policyId)?.rules.filter((x) => x.name === inputs.name));
        case "okta:app/groupAssignment:GroupAssignment":
            return org.apps.find((a) => a.id === inputs.appId)?.groups?.includes(inputs.groupId) ? inputs.groupId : undefined;
        case "okta:index/pushGroup:PushGroup":
            return fresh(org.apps.find((a) => a.id === inputs.appId)?.pushes?.filter((x) => x.sourceGroupId === inputs.sourceGroupId));
        default:
            return undefined;
    }
}

/**
 * The way back after a killed up, as docs/ci-and-drift.md ("When an up fails") writes it: `pulumi cancel`
 * when the stack is locked; `pulumi stack export` for the pending creates; what each made in Okta is
 * removed with the API calls the docs give (an assignment is left: the next up assigns the same group
 * again); `pulumi refresh --clear-pending-creates`; `pulumi up`. Returns what was typed.
 */
async function recoverAfterKill(ws: Workspace, dir: string): Promise<string[]> {
    const typed: string[] = [];
    const run = async (args: string[]) => {
        typed.push(`pulumi ${args[0]}`);
        return ws.pulumi([...args, ...STACK], dir);
    };
    const deployment = await exported(ws, dir);
    typed.push("pulumi stack");
    const known = new Set((deployment.resources ?? []).map((r) => r.id).filter((id): id is string => !!id));
    for (const op of (deployment.pending_operations ?? []).filter((o) => o.type === "creating")) {
        const inputs = op.resource.inputs ?? {};
        const id = madeInOkta(ws.org, op.resource.type, inputs, known);
        for (const [method, p, body] of id ? removal(op.resource.type, id, inputs) : []) {
            typed.push(`${method} ${p}`);
            const res = await fetch(`${ws.okta.url}${p}`, {
                method,
                headers: { Authorization: `SSWS ${ws.org.token}`, "content-type": "application/json" },
                body: body && JSON.stringify(body),
            });
            expect(res.status, `${method} ${p}`).toBeLessThan(300);
        }
    }
    // The dead run's lock shows on the first command that writes: `pulumi cancel`, then that command again.
    const clear = await run(["refresh", "--yes", "--clear-pending-creates"]);
    if (clear.code !== 0) {
        expect(clear.stderr + clear.stdout).toContain("the stack is currently locked");
        ok(await run(["cancel", "--yes"]), "pulumi cancel");
        ok(await run(["refresh", "--yes", "--clear-pending-creates"]), "pulumi refresh --clear-pending-creates");
    }
    ok(await run(["up", "--yes", "--skip-preview"]), "up after recovery");
    return typed;
}

/** The API calls docs/ci-and-drift.md gives to remove what a killed create made. */
function removal(type: string, id: string, inputs: Record<string, any>): [string, string, object?][] {
    const server = `/api/v1/authorizationServers/${inputs.authServerId}`;
    switch (type) {
        case "okta:app/oAuth:OAuth":
        case "okta:app/saml:Saml":
            return [
                ["POST", `/api/v1/apps/${id}/lifecycle/deactivate`],
                ["DELETE", `/api/v1/apps/${id}`],
            ];
        case "okta:auth/server:Server":
            return [
                ["POST", `/api/v1/authorizationServers/${id}/lifecycle/deactivate`],
                ["DELETE", `/api/v1/authorizationServers/${id}`],
            ];
        case "okta:auth/serverScope:ServerScope":
            return [["DELETE", `${server}/scopes/${id}`]];
        case "okta:auth/serverPolicy:ServerPolicy":
            return [["DELETE", `${server}/policies/${id}`]];
        case "okta:auth/serverPolicyRule:ServerPolicyRule":
            return [["DELETE", `${server}/policies/${inputs.policyId}/rules/${id}`]];
        case "okta:index/pushGroup:PushGroup":
            return [
                ["PATCH", `/api/v1/apps/${inputs.appId}/group-push/mappings/${id}`, { status: "INACTIVE" }],
                ["DELETE", `/api/v1/apps/${inputs.appId}/group-push/mappings/${id}?deleteTargetGroup=false`],
            ];
        default:
            // An assignment: the next up's PUT assigns the same group again.
            return [];
    }
}

const GROUP_PUSH = ["IMPORT_NEW_USERS", "PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"];

/** Each kind of step an up can be stopped in: the request it sends, held until the signal has gone. */
const STEPS: { step: string; fault: Pick<Fault, "method" | "path" | "where">; phase3?: boolean }[] = [
    {
        step: "the OIDC app's create",
        fault: { method: "POST", path: /^\/api\/v1\/apps$/, where: (b) => b.signOnMode === "OPENID_CONNECT" },
    },
    { step: "the server's create", fault: { method: "POST", path: /^\/api\/v1\/authorizationServers$/ } },
    { step: "the rule's create", fault: { method: "POST", path: /\/policies\/[^/]+\/rules$/ } },
    { step: "an assignment", fault: { method: "PUT", path: /^\/api\/v1\/apps\/[^/]+\/groups\/[^/]+$/ } },
    { step: "a group push", fault: { method: "POST", path: /\/group-push\/mappings$/ }, phase3: true },
];

/** A workspace ready for the step: a new stack, or (for a push) one at phase 2 with provisioning on, and pushGroups set. */
async function readyFor(phase3: boolean | undefined): Promise<{ ws: Workspace; dir: string }> {
    const { ws, dir } = await phase1();
    if (phase3) {
        ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir), "phase 1");
        ws.org.apps.find((a) => a.label === "Kiro-SAML")!.features = GROUP_PUSH;
        const scim = await startScim(SCIM_TOKEN);
        scims.set(ws, scim);
        await ws.setConfig(dir, { scimEndpoint: scim.endpoint, pushGroups: ["Kiro-Push"] }, { scimToken: SCIM_TOKEN });
    }
    return { ws, dir };
}

/**
 * An up stopped by `signal` as it sends the step's request, which Okta answers after the signal (it had
 * reached Okta). Resolves once Okta has answered, with the CLI's result.
 */
async function upStoppedAt(ws: Workspace, dir: string, step: Pick<Fault, "method" | "path" | "where">, signal: "interrupt" | "kill") {
    const stop: { now?: () => void } = {};
    let answered!: () => void;
    const okta = new Promise<void>((resolve) => (answered = resolve));
    const holdMs = 1500;
    ws.org.faults = [
        {
            ...step,
            holdMs,
            onArrive: () => {
                stop.now?.();
                setTimeout(answered, holdMs + 500);
            },
        },
    ];
    const up = ws.start(["up", "--yes", "--skip-preview", ...STACK], dir);
    stop.now = signal === "interrupt" ? up.interrupt : up.kill;
    const result = await up.done;
    expect(ws.org.faults[0].seen, "the step was reached").toBeGreaterThanOrEqual(1);
    await okta;
    ws.org.faults = [];
    figures.faults++;
    return result;
}

function pushes(org: OktaDoubleState): number {
    return org.apps.flatMap((a) => a.pushes ?? []).length;
}

describe.skipIf(!ready)("an interrupted up: SIGINT (a cancelled job) at each kind of step", () => {
    it.each(STEPS)("$step: the engine finishes what is in flight; the next up converges", async ({ step, fault, phase3 }) => {
        const { ws, dir } = await readyFor(phase3);
        try {
            const stopped = await upStoppedAt(ws, dir, fault, "interrupt");
            // Nothing the engine had started is left pending.
            expect((await exported(ws, dir)).pending_operations ?? [], stopped.stdout).toEqual([]);
            ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir), "the next up");
            if (phase3) expect(pushes(ws.org)).toBe(1);
            rows.push(`SIGINT in ${step} | 1 | 1 (pulumi up) | yes`);
            figures.longestRecovery = Math.max(figures.longestRecovery, 1);
            await converged(ws, dir, "after SIGINT");
        } finally {
            await scims.get(ws)?.close();
            await ws.close();
        }
    });
});

describe.skipIf(!ready)("a killed up: SIGKILL (a runner that died) at each kind of step", () => {
    it.each(STEPS)(
        "$step: what the pending creates made is removed and they are cleared, as the docs say; nothing doubled, nothing lost",
        async ({ step, fault, phase3 }) => {
            const { ws, dir } = await readyFor(phase3);
            try {
                await upStoppedAt(ws, dir, fault, "kill");
                const typed = await recoverAfterKill(ws, dir);
                if (phase3) expect(pushes(ws.org)).toBe(1);
                rows.push(
                    `SIGKILL in ${step} | 1 | ${typed.length} (${typed.map((t) => t.split(" ").slice(0, 2).join(" ")).join(", ")}) | yes`,
                );
                figures.longestRecovery = Math.max(figures.longestRecovery, typed.length);
                await converged(ws, dir, "after SIGKILL");
            } finally {
                await ws.close();
            }
        },
    );
});

describe.skipIf(!ready)("two ups at once, a token revoked halfway, and the wreckage of a wrong recovery", () => {
    it("a second up on the same stack is refused by the backend's lock, naming `pulumi cancel`; nothing is written twice", async () => {
        const { ws, dir } = await phase1();
        try {
            let second: Promise<Result> | undefined;
            ws.org.faults = [
                {
                    method: "POST",
                    path: /^\/api\/v1\/authorizationServers$/,
                    holdMs: 4000,
                    onArrive: () => {
                        second = ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir);
                    },
                },
            ];
            const first = await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir);
            const refused = await second!;
            figures.faults++;
            ok(first, "the first up");
            expect(refused.code).not.toBe(0);
            expect(refused.stderr + refused.stdout).toContain(
                "the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with `pulumi cancel`.",
            );
            rows.push("a second up at once | 1 | 0 | yes");
            await converged(ws, dir, "after two ups at once");
        } finally {
            await ws.close();
        }
    });

    it("a token revoked halfway: the up stops with Okta's answer about the token; the state keeps what was made; the next up with a new token converges", async () => {
        const { ws, dir } = await phase1();
        try {
            // Revoked while the rule is being created: that request and every one after it get 401.
            ws.org.faults = [
                { method: "POST", path: /\/policies\/[^/]+\/rules$/, status: 401, onArrive: () => (ws.org.token = "rotated-token") },
            ];
            const up = await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir);
            figures.faults++;
            expect(up.code).not.toBe(0);
            expect(up.stdout).toContain("Invalid token provided");
            const kept = ((await exported(ws, dir)).resources ?? []).filter(
                (r) => r.type === "okta:auth/server:Server" || r.type === "okta:app/oAuth:OAuth",
            );
            expect(kept.map((r) => r.type).sort()).toEqual(["okta:app/oAuth:OAuth", "okta:auth/server:Server"]);
            ws.env.OKTA_API_TOKEN = "rotated-token";
            ok(await ws.pulumi(["up", "--refresh", "--yes", "--skip-preview", ...STACK], dir), "up --refresh with the new token");
            rows.push("token revoked halfway | 1 | 1 (pulumi up --refresh, new token) | yes");
            await converged(ws, dir, "after a new token");
        } finally {
            await ws.close();
        }
    });

    it("the wreckage of a SIGKILL cleared without looking: verify names the second OIDC app, adopt refuses to guess, the documented API calls remove it", async () => {
        const { ws, dir } = await phase1();
        try {
            await upStoppedAt(ws, dir, STEPS[0].fault, "kill");
            // Without looking in Okta first (step 3 of the docs skipped): clear, then up.
            await ws.pulumi(["cancel", "--yes", ...STACK], dir);
            ok(await ws.pulumi(["refresh", "--yes", "--clear-pending-creates", ...STACK], dir), "refresh --clear-pending-creates");
            ok(await ws.pulumi(["up", "--yes", "--skip-preview", ...STACK], dir), "up");
            const oidc = ws.org.apps.filter((a) => a.label === "Kiro-OIDC");
            expect(oidc).toHaveLength(2);
            const ours = JSON.parse(
                ok(await ws.pulumi(["stack", "output", "oidcAppId", "--json", ...STACK], dir), "output").stdout,
            ) as string;
            const orphan = oidc.find((a) => a.id !== ours)!.id;

            const verify = await verifyPasses(ws, dir);
            expect(verify.code).toBe(1);
            const line = verify.stdout.split("\n").find((l) => l.startsWith("✘ One OIDC app, SCIM app and authorization server"))!;
            expect(line).toContain("also ACTIVE, not in the stack: ");
            // The killed OIDC create always made one; the SCIM app's and the server's creates, when the kill caught them too.
            expect(line).toContain(`OIDC app "Kiro-OIDC": ${orphan} besides the stack's ${ours}`);
            let adopted = "";
            const code = await runAdopt(
                ["--stack", "e2e", "--out", path.join(ws.home, "import.json"), "--timeout", "3000", "--retries", "0"],
                {
                    projectDir: dir,
                    env: { OKTA_API_TOKEN: ws.org.token },
                    stdout: (t) => (adopted += t),
                    stderr: (t) => (adopted += t),
                },
            );
            expect(code, adopted).not.toBe(0);
            expect(adopted).toContain(`2 OIDC apps are labelled "Kiro-OIDC"`);

            // docs/ci-and-drift.md, "When an up fails": each one verify names, deactivated, then deleted, with the org's API.
            const api = (method: string, p: string) =>
                fetch(`${ws.okta.url}${p}`, { method, headers: { Authorization: `SSWS ${ws.org.token}` } });
            let calls = 0;
            for (const [, kind, ids] of line.matchAll(/(OIDC app|SCIM app|authorization server) "[^"]+": ([^;]+?) besides the stack's/g)) {
                const base = kind === "authorization server" ? "/api/v1/authorizationServers" : "/api/v1/apps";
                for (const id of ids.split(", ")) {
                    expect((await api("POST", `${base}/${id}/lifecycle/deactivate`)).status).toBeLessThan(300);
                    expect((await api("DELETE", `${base}/${id}`)).status).toBe(204);
                    calls += 2;
                }
            }
            rows.push(`SIGKILL, cleared without looking | 1 | ${calls} API calls after verify | yes`);
            await converged(ws, dir, "after removing the orphan");
        } finally {
            await ws.close();
        }
    });
});
