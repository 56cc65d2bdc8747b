import * as pulumi from "@pulumi/pulumi";
import { type AliasProto, observeRegistrations, outputPromise, waitForRPCs } from "../../components/pulumiInternals";

/**
 * Runs index.ts under Pulumi's mock runtime, the way pulumi/examples' testing-unit-ts does
 * (program imported after the mocks are set), against a World: what lookups find and what the
 * engine answers (the tests' fakes, or the plan's placeholders).
 * Records what the engine would receive: every resource with its inputs and options.
 * Used by the tests, `npm run bench` and `npm run plan`; needs no credentials and no CLI.
 */

export const PROJECT = "kiro-okta";
export const STACK = "test";

/** What the program's lookups find and what the engine answers for each resource. */
export interface World {
    call(token: string, inputs: Record<string, any>): Record<string, any>;
    newResource(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> };
}

export interface Scenario {
    /** Project keys without namespace (`assignGroups`), provider keys with it (`okta:orgName`). */
    config: Record<string, unknown>;
    /** Keys stored as secrets, written the same way as in `config`. */
    secretKeys?: string[];
    /** What lookups find and what the engine answers. */
    world: World;
    /** The stack name the program sees (`pulumi.getStack()`). */
    stack?: string;
}

export interface Registered {
    type: string;
    name: string;
    urn: string;
    inputs: Record<string, any>;
    /** The parent's URN ("" for none) and type. */
    parent: string;
    parentType?: string;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** URNs this resource waits for (dependsOn and input dependencies). */
    dependencies: string[];
    /** The URNs its `aliases` stand for, resolved as the engine resolves them. */
    aliases: string[];
    /** The provider reference (`<provider urn>::<id>`) when one is set or inherited. */
    provider?: string;
}

export interface ProgramRun {
    resources: Registered[];
    outputs: Record<string, unknown>;
    /** Outputs Pulumi would store as secrets. */
    secretOutputs: string[];
    invokes: { token: string; inputs: Record<string, any>; provider?: string }[];
    error?: Error;
}

function toConfigValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function fullKey(key: string): string {
    return key.includes(":") ? key : `${PROJECT}:${key}`;
}

/** An export's value, and whether Pulumi would store it as a secret. */
async function resolve(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    const settled = await value;
    if (!pulumi.Output.isInstance(settled)) return { value: settled, secret: false };
    return { value: await outputPromise(settled), secret: await pulumi.isSecret(settled) };
}

/** The qualified type part of a URN: `kiro:okta:Assignments$okta:app/user:User`. */
function qualifiedType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

/** An alias as the engine turns it into a URN: unset parts are the resource's own (pulumi/pulumi pkg/resource/deploy). */
export function aliasUrn(
    alias: AliasProto,
    resource: { type: string; name: string; parent: string },
    stack: string,
    project: string,
    toEngineUrn: (urn: string) => string = (urn) => urn,
): string {
    const spec = alias.getSpec();
    if (!spec) return alias.getUrn();
    const parent = spec.getNoparent() ? "" : spec.getParenturn() ? toEngineUrn(spec.getParenturn()) : resource.parent;
    return urnOf(
        stack,
        project,
        parent ? qualifiedType(parent) : "",
        spec.getType() || resource.type,
        spec.getName() || resource.name,
        spec,
    );
}

function urnOf(
    stack: string,
    project: string,
    parentType: string,
    type: string,
    name: string,
    spec?: { getStack(): string; getProject(): string },
): string {
    const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    return `urn:pulumi:${spec?.getStack() || stack}::${spec?.getProject() || project}::${qualified}::${name}`;
}

/**
 * The aliases a child gets from its parent's: for each URN the parent had, the child under it with
 * its name and with each of its own aliases' names and types (the engine's generateAliases and
 * inheritedChildAlias, pulumi/pulumi pkg/resource/deploy/step_generator.go), so a child follows its
 * parent's move without aliases of its own.
 */
export function inheritedAliases(
    child: { type: string; name: string; ownAliases: string[] },
    parent: { name: string; aliases: string[] },
    stack: string,
    project: string,
): string[] {
    const variants = [
        { type: child.type, name: child.name },
        ...child.ownAliases.map((urn) => ({ type: urn.split("::")[2].split("$").pop()!, name: urn.split("::").pop()! })),
    ];
    return parent.aliases.flatMap((parentAlias) => {
        const parentAliasName = parentAlias.split("::").pop()!;
        return variants.map(({ type, name }) => {
            // A child named after its parent ("{parent}-x") is renamed with it.
            const aliasName = name.startsWith(parent.name) ? parentAliasName + name.slice(parent.name.length) : name;
            return urnOf(stack, project, qualifiedType(parentAlias), type, aliasName);
        });
    });
}

/** Imports index.ts afresh: a test resets its module registry first, a script imports it once. */
export type ProgramImporter = () => Promise<Record<string, unknown>>;

export const importProgram: ProgramImporter = () => import("../../index.js");

/** The run under way in this process: Pulumi's mock runtime (setMocks) is one per process. */
let running: string | undefined;

/**
 * Evaluates index.ts once with the scenario's config; never throws for the program (a failed run has
 * `error`). A second run started before the first has finished is refused: it would share the one
 * mock runtime and mix the two programs' resources.
 */
export async function runProgram(scenario: Scenario, load: ProgramImporter = importProgram): Promise<ProgramRun> {
    if (running) {
        throw new Error(
            `runProgram: another program is running in this process (${running}); Pulumi's mock runtime is one per process, ` +
                "so two runs at once would mix their resources: await each run before starting the next",
        );
    }
    running = `stack ${scenario.stack ?? STACK}, started at ${new Date().toISOString()}`;
    try {
        return await runOnce(scenario, load);
    } finally {
        running = undefined;
    }
}

async function runOnce(scenario: Scenario, load: ProgramImporter): Promise<ProgramRun> {
    const world = scenario.world;
    const inputsByUrnKey = new Map<string, Record<string, any>>();
    const resources: Registered[] = [];
    const invokes: ProgramRun["invokes"] = [];

    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                inputsByUrnKey.set(`${args.type}::${args.name}`, args.inputs);
                return world.newResource(args.type, args.name, args.inputs);
            },
            call(args) {
                invokes.push({ token: args.token, inputs: args.inputs, ...(args.provider ? { provider: args.provider } : {}) });
                return world.call(args.token, args.inputs);
            },
        },
        PROJECT,
        scenario.stack ?? STACK,
        false,
    );
    // Pulumi's MockMonitor names a resource after its parent's last type only; the engine uses the
    // parent's whole type chain (pulumi/pulumi sdk/go/common/resource/urn.go). URNs here are the engine's.
    const byMockUrn = new Map<string, Registered>();
    const stackName = scenario.stack ?? STACK;
    const engineUrn = (mockUrn: string) => byMockUrn.get(mockUrn)?.urn ?? mockUrn;
    observeRegistrations((req, mockUrn) => {
        const parentResource = byMockUrn.get(req.getParent());
        const self = { type: req.getType(), name: req.getName(), parent: parentResource?.urn ?? req.getParent() };
        const urn = urnOf(stackName, PROJECT, parentResource ? qualifiedType(parentResource.urn) : "", self.type, self.name);
        const own = req.getAliasesList().map((a) => aliasUrn(a, self, stackName, PROJECT, engineUrn));
        const inherited = parentResource ? inheritedAliases({ ...self, ownAliases: own }, parentResource, stackName, PROJECT) : [];
        const registered: Registered = {
            ...self,
            urn,
            inputs: inputsByUrnKey.get(`${self.type}::${self.name}`) ?? {},
            parentType: parentResource?.type,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            ignoreChanges: req.getIgnorechangesList(),
            dependencies: req.getDependenciesList().map(engineUrn),
            aliases: [...new Set([...own, ...inherited])].filter((a) => a !== urn),
            ...(req.getProvider() ? { provider: req.getProvider() } : {}),
        };
        byMockUrn.set(mockUrn, registered);
        resources.push(registered);
    });

    const config = Object.fromEntries(Object.entries(scenario.config).map(([k, v]) => [fullKey(k), toConfigValue(v)]));
    pulumi.runtime.setAllConfig(config, (scenario.secretKeys ?? []).map(fullKey));

    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    let error: Error | undefined;
    // A failed program also rejects the SDK's promises derived from its outputs, which nothing awaits
    // (under `pulumi up` they end the program with the same error): collect them for the run.
    const strays = collectUnhandledRejections();
    try {
        const program = await load();
        const settled = await Promise.allSettled(Object.values(program).map(resolve));
        const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
        if (failed) throw failed.reason;
        Object.keys(program).forEach((key, i) => {
            const { value, secret } = (settled[i] as PromiseFulfilledResult<{ value: unknown; secret: boolean }>).value;
            outputs[key] = value;
            if (secret) secretOutputs.push(key);
        });
    } catch (e) {
        error = e as Error;
    } finally {
        // Registrations no output depends on (group pushes) may still be in flight: wait for every RPC.
        await waitForRPCs();
        // Rejections are reported once the microtasks of a turn have run: let two turns pass.
        for (let i = 0; i < 2; i++) await new Promise((r) => setImmediate(r));
        strays.stop(error);
    }
    return { resources, outputs, secretOutputs, invokes, error };
}

/**
 * Holds unhandled rejections back while a program runs. Those carrying the program's own error are
 * its echo; any other is handed to the listeners there were (a test runner reports it).
 */
function collectUnhandledRejections() {
    const listeners = process.listeners("unhandledRejection");
    const seen: [unknown, Promise<unknown>][] = [];
    const collect = (reason: unknown, promise: Promise<unknown>) => void seen.push([reason, promise]);
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", collect);
    return {
        stop(error: Error | undefined) {
            process.removeListener("unhandledRejection", collect);
            for (const listener of listeners) process.on("unhandledRejection", listener);
            const echo = (reason: unknown) => error !== undefined && (reason === error || (reason as Error)?.message === error.message);
            for (const [reason, promise] of seen) if (!echo(reason)) process.emit("unhandledRejection", reason, promise);
        },
    };
}

/**
 * Whether a run failed the way `pulumi up` reports as a user's error (a RunError: invalid config,
 * a failed lookup), as opposed to a bug in the program, which a command reports with its trace.
 */
export function isUserError(error: unknown): boolean {
    return pulumi.RunError.isInstance(error);
}

export function ofType(run: ProgramRun, type: string): Registered[] {
    return run.resources.filter((r) => r.type === type);
}

export function one(run: ProgramRun, type: string): Registered {
    const found = ofType(run, type);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found[0];
}

export function byName(run: ProgramRun, name: string): Registered {
    const found = run.resources.find((r) => r.name === name);
    if (!found) throw new Error(`no resource named ${name}; have ${run.resources.map((r) => r.name).join(", ")}`);
    return found;
}
