import * as pulumi from "@pulumi/pulumi";
import { createRequire } from "node:module";

/**
 * Runs index.ts under Pulumi's mock runtime, the way pulumi/examples' testing-unit-ts does
 * (program imported after the mocks are set), against a fake Okta directory and Route53 account.
 * Records what the engine would receive: every resource with its inputs and options.
 * Used by the tests, `npm run bench` and `npm run plan`; needs no credentials and no CLI.
 */

// Internal to @pulumi/pulumi (how `pulumi up` itself waits before disconnecting); typed here narrowly.
const settings = createRequire(__filename)("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };

export const PROJECT = "kiro-okta";
export const STACK = "test";

export interface FakeOkta {
    groups: { id: string; name: string }[];
    users: { id: string; login: string }[];
}

export interface FakeRecordSet {
    zoneId: string;
    /** As Route53 lists it: lower case with a trailing dot. */
    name: string;
    type: string;
    ttl: number;
    /** As Route53's API returns TXT values: quoted strings. */
    values: string[];
    setIdentifier?: string;
}

export interface FakeRoute53 {
    zones: { id: string; name: string; private?: boolean }[];
    recordSets: FakeRecordSet[];
}

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
    okta?: FakeOkta;
    route53?: FakeRoute53;
    /** Replaces the fake Okta directory and Route53 account altogether. */
    world?: World;
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
}

export interface ProgramRun {
    resources: Registered[];
    outputs: Record<string, unknown>;
    /** Outputs Pulumi would store as secrets. */
    secretOutputs: string[];
    invokes: { token: string; inputs: Record<string, any> }[];
    error?: Error;
}

export const DEFAULT_OKTA: FakeOkta = {
    groups: [
        { id: "00g-users", name: "Kiro-Users" },
        { id: "00g-admins", name: "Kiro-Admins" },
        { id: "00g-eng", name: "Engineering" },
        { id: "00g-push", name: "Kiro-Push" },
    ],
    users: [{ id: "00u-ada", login: "ada@example.com" }],
};

export const DEFAULT_ROUTE53: FakeRoute53 = {
    zones: [
        { id: "ZPUBLIC123", name: "example.com" },
        { id: "ZPRIVATE99", name: "example.com", private: true },
    ],
    recordSets: [],
};

/** Config a phase-1 stack needs. */
export const PHASE1: Record<string, unknown> = {
    "okta:orgName": "acme",
    "okta:baseUrl": "okta.com",
    assignGroups: ["Kiro-Users", "Kiro-Admins"],
};

export const SCIM_TOKEN = "scim-token-0123456789-do-not-print";
export const PHASE2: Record<string, unknown> = {
    ...PHASE1,
    domain: "example.com",
    domainVerificationToken: "kiro-verification=abc123",
    scimEndpoint: "https://scim.us-east-1.amazonaws.com/abcd/scim/v2/",
    scimToken: SCIM_TOKEN,
};
export const PHASE2_SECRETS = ["scimToken"];
export const PHASE3: Record<string, unknown> = { ...PHASE2, pushGroups: ["Kiro-Push"] };

function toConfigValue(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function fullKey(key: string): string {
    return key.includes(":") ? key : `${PROJECT}:${key}`;
}

function route53Name(name: string): string {
    return `${name.toLowerCase().replace(/\.$/, "")}.`;
}

export function fakeInvoke(okta: FakeOkta, route53: FakeRoute53, token: string, inputs: Record<string, any>): Record<string, any> {
    switch (token) {
        case "okta:group/getGroup:getGroup": {
            // Okta's group search matches by name prefix (facts file).
            const matches = okta.groups.filter((g) => g.name.startsWith(inputs.name));
            const exact = matches.find((g) => g.name === inputs.name);
            const group = exact ?? (matches.length === 1 ? matches[0] : undefined);
            if (!group) throw new Error(`group with name "${inputs.name}" does not exist`);
            return { id: group.id, name: group.name, description: "", users: [] };
        }
        case "okta:user/getUser:getUser": {
            const login = inputs.searches?.[0]?.value;
            const user = okta.users.find((u) => u.login === login);
            if (!user) throw new Error(`no users found using search criteria`);
            return { id: user.id, login: user.login };
        }
        case "aws:route53/getZone:getZone": {
            const zone = route53.zones.find((z) => route53Name(z.name) === route53Name(inputs.name) && !!z.private === !!inputs.privateZone);
            if (!zone) throw new Error(`no matching Route 53 Hosted Zone found`);
            return { id: zone.id, zoneId: zone.id, name: route53Name(zone.name), privateZone: !!zone.private };
        }
        case "aws:route53/getRecords:getRecords": {
            const regex = inputs.nameRegex ? new RegExp(inputs.nameRegex) : undefined;
            const sets = route53.recordSets.filter((s) => s.zoneId === inputs.zoneId && (!regex || regex.test(s.name)));
            return {
                zoneId: inputs.zoneId,
                resourceRecordSets: sets.map((s) => ({
                    name: s.name,
                    type: s.type,
                    ttl: s.ttl,
                    setIdentifier: s.setIdentifier ?? "",
                    resourceRecords: s.values.map((value) => ({ value })),
                })),
            };
        }
        default:
            throw new Error(`unexpected invoke ${token}`);
    }
}

export function fakeState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
    const id = `${name}-id`;
    switch (type) {
        case "okta:app/oAuth:OAuth":
            return { id, state: { ...inputs, clientId: `${name}-client-id` } };
        case "okta:auth/server:Server":
            return { id, state: { ...inputs, issuer: `https://acme.okta.com/oauth2/${id}` } };
        case "okta:app/saml:Saml":
            // Okta names a catalog app by its catalog key, a custom one after its label.
            return { id, state: { ...inputs, name: inputs.preconfiguredApp ?? "acme_kirosaml_1" } };
        case "aws:route53/record:Record":
            return { id, state: { ...inputs, fqdn: inputs.name } };
        default:
            return { id, state: inputs };
    }
}

// Output.promise() is internal to @pulumi/pulumi, but unlike apply() it rejects when the program
// fails, which is what a test of a failing program needs to see.
type OutputInternals = { promise(): Promise<unknown> };

/** The fake directory and account the tests use. */
export function fakeWorld(okta: FakeOkta = DEFAULT_OKTA, route53: FakeRoute53 = DEFAULT_ROUTE53): World {
    return { call: (token, inputs) => fakeInvoke(okta, route53, token, inputs), newResource: fakeState };
}

/** An export's value, and whether Pulumi would store it as a secret. */
async function resolve(value: unknown): Promise<{ value: unknown; secret: boolean }> {
    const settled = await value;
    if (!pulumi.Output.isInstance(settled)) return { value: settled, secret: false };
    const output = settled as pulumi.Output<unknown>;
    return { value: await (output as unknown as OutputInternals).promise(), secret: await pulumi.isSecret(output) };
}

type Monitor = { registerResource(req: any, cb: (err: unknown, res: unknown) => void): Promise<void> };

/** The qualified type part of a URN: `kiro:okta:Assignments$okta:app/user:User`. */
function qualifiedType(urn: string): string {
    return urn.split("::")[2] ?? "";
}

interface AliasProto {
    getUrn(): string;
    getSpec(): { getName(): string; getType(): string; getStack(): string; getProject(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** An alias as the engine turns it into a URN: unset parts are the resource's own (pulumi/pulumi pkg/resource/deploy). */
export function aliasUrn(alias: AliasProto, resource: { type: string; name: string; parent: string }, stack: string, project: string): string {
    const spec = alias.getSpec();
    if (!spec) return alias.getUrn();
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || resource.parent;
    const parentType = parent ? qualifiedType(parent) : "";
    const type = spec.getType() || resource.type;
    const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
    return `urn:pulumi:${spec.getStack() || stack}::${spec.getProject() || project}::${qualified}::${spec.getName() || resource.name}`;
}

/** Imports index.ts afresh: a test resets its module registry first, a script imports it once. */
export type ProgramImporter = () => Promise<Record<string, unknown>>;

export const importProgram: ProgramImporter = () => import("../index.js");

/** Evaluates index.ts once with the scenario's config; never throws (a failed run has `error`). */
export async function runProgram(scenario: Scenario, load: ProgramImporter = importProgram): Promise<ProgramRun> {
    const world = scenario.world ?? fakeWorld(scenario.okta, scenario.route53);
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
                invokes.push({ token: args.token, inputs: args.inputs });
                return world.call(args.token, args.inputs);
            },
        },
        PROJECT,
        scenario.stack ?? STACK,
        false,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = async (req, cb) => {
        await register(req, (err, res: any) => {
            if (!err) {
                const parent: string = req.getParent();
                const self = { type: req.getType(), name: req.getName(), parent };
                resources.push({
                    type: req.getType(),
                    name: req.getName(),
                    urn: res.getUrn(),
                    inputs: inputsByUrnKey.get(`${req.getType()}::${req.getName()}`) ?? {},
                    parent,
                    parentType: parent ? parent.split("::")[2]?.split("$").pop() : undefined,
                    protect: req.getProtect() === true,
                    retainOnDelete: req.getRetainondelete() === true,
                    ignoreChanges: req.getIgnorechangesList(),
                    dependencies: req.getDependenciesList(),
                    aliases: (req.getAliasesList() as AliasProto[]).map((a) => aliasUrn(a, self, scenario.stack ?? STACK, PROJECT)),
                });
            }
            cb(err, res);
        });
    };

    const config = Object.fromEntries(Object.entries(scenario.config).map(([k, v]) => [fullKey(k), toConfigValue(v)]));
    pulumi.runtime.setAllConfig(config, (scenario.secretKeys ?? []).map(fullKey));

    const outputs: Record<string, unknown> = {};
    const secretOutputs: string[] = [];
    let error: Error | undefined;
    try {
        const program = await load();
        // Settle every export, so a failed program leaves no rejection unhandled.
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
    }
    // Registrations no output depends on (group pushes) may still be in flight: wait for every RPC.
    await settings.waitForRPCs();
    return { resources, outputs, secretOutputs, invokes, error };
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
