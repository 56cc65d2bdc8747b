import * as grpc from "@grpc/grpc-js";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONFIG_KEYS, SCIM_APPS } from "../components/config";
import { engineProtocol } from "../components/pulumiInternals";
import { OUTPUTS } from "./support/harness";

/**
 * The repository as a Pulumi package: its plugin started from package.json's main (as the CLI starts
 * a source-based nodejs plugin) and asked for its schema over gRPC (what `pulumi package add` asks;
 * the plugin builds it with Pulumi's component analyzer), and the examples that use it.
 */

const ROOT = process.cwd();
const TOKEN = "kiro-okta:index:KiroOkta";

type Property = { type?: string; $ref?: string; items?: { type?: string }; description?: string; plain?: boolean };
type Schema = {
    name: string;
    version: string;
    resources: Record<
        string,
        {
            isComponent: boolean;
            inputProperties: Record<string, Property>;
            requiredInputs: string[];
            properties: Record<string, Property>;
            required: string[];
        }
    >;
    types: Record<string, { properties: Record<string, Property>; type?: string; enum?: { name: string; value: string }[] }>;
};

/**
 * The plugin type-checks and analyses the repository before it answers (about 3 s of CPU). Measured for
 * this whole file on the 2-core machine: 5.7 s idle, 16.9 s beside five CPU-bound processes; the bound
 * leaves room for a machine busier still (load 6-7), where 40 s was not enough.
 */
const SETUP_MS = 90_000;

let schema: Schema;
let plugin: ChildProcess;
afterAll(() => {
    plugin?.kill();
});
beforeAll(async () => {
    const { providerGrpc, providerProto } = engineProtocol();
    const main = (JSON.parse(fs.readFileSync("package.json", "utf8")) as { main: string }).main;
    plugin = spawn(process.execPath, [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), main], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    plugin.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the plugin printed no port:\n${stderr}`)), SETUP_MS);
        plugin.stdout!.on("data", (d: Buffer) => {
            const line = d.toString().trim().split("\n")[0];
            if (/^\d+$/.test(line)) {
                clearTimeout(timer);
                resolve(line);
            }
        });
        plugin.on("exit", (code) => reject(new Error(`the plugin exited (${code}):\n${stderr}`)));
    });
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const response = await new Promise<{ getSchema(): string }>((resolve, reject) =>
        client.getSchema(new providerProto.GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) =>
            err ? reject(err) : resolve(res),
        ),
    );
    client.close();
    schema = JSON.parse(response.getSchema()) as Schema;
}, SETUP_MS);

describe("the package", () => {
    it("is a nodejs plugin beside the stack: PulumiPlugin.yaml, package.json main = the provider entry, Pulumi.yaml main = the stack", () => {
        expect(yaml.load(fs.readFileSync("PulumiPlugin.yaml", "utf8"))).toEqual({ runtime: "nodejs" });
        const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { name: string; main: string; version: string };
        expect(pkg.name).toBe("kiro-okta");
        expect(fs.readFileSync(pkg.main, "utf8")).toContain('componentProviderHost({ components: [KiroOkta], name: "kiro-okta"');
        expect((yaml.load(fs.readFileSync("Pulumi.yaml", "utf8")) as { main: string }).main).toBe("index.ts");
        expect(schema.version).toBe(pkg.version);
    });

    it(`serves one component, ${TOKEN}`, () => {
        expect(schema.name).toBe("kiro-okta");
        expect(Object.keys(schema.resources)).toEqual([TOKEN]);
        expect(schema.resources[TOKEN].isComponent).toBe(true);
    });

    it("takes every config setting of the stack as an input, plus the Okta org for links, each typed and described", () => {
        const inputs = schema.resources[TOKEN].inputProperties;
        expect(Object.keys(inputs).sort()).toEqual([...CONFIG_KEYS, "oktaOrgName", "oktaBaseUrl"].sort());
        const typeOf = (p: Property) => (p.type === "array" ? `${p.items?.type}[]` : (p.type ?? p.$ref));
        expect(Object.fromEntries(Object.entries(inputs).map(([k, p]) => [k, typeOf(p)]))).toEqual({
            assignGroups: "string[]",
            assignUsers: "string[]",
            pushGroups: "string[]",
            oidcAppLabel: "string",
            samlAppLabel: "string",
            scimApp: "#/types/kiro-okta:index:ScimApp",
            redirectPorts: "number[]",
            extraRedirectUris: "string[]",
            authServerName: "string",
            authServerDescription: "string",
            authServerAudience: "string",
            accessTokenLifetimeMinutes: "number",
            refreshTokenLifetimeMinutes: "number",
            refreshTokenWindowMinutes: "number",
            samlSsoUrl: "string",
            samlAudience: "string",
            domain: "string",
            domainVerificationToken: "string",
            verificationRecordName: "string",
            hostedZoneId: "string",
            scimEndpoint: "string",
            scimToken: "string",
            deletePushedGroupsOnDestroy: "boolean",
            protect: "boolean",
            oktaOrgName: "string",
            oktaBaseUrl: "string",
        });
        for (const [key, p] of Object.entries(inputs)) expect(p.description, key).toMatch(/\w{3,}/);
        // Each key is described once: the stack's Pulumi.yaml and the package's schema (KiroOktaArgs) say the same.
        const project = yaml.load(fs.readFileSync("Pulumi.yaml", "utf8")) as { config: Record<string, { description?: string }> };
        const differ = CONFIG_KEYS.filter((k) => project.config[k]?.description?.trim() !== inputs[k].description?.trim()).map(
            (k) => `${k}:\n  Pulumi.yaml:  ${project.config[k]?.description}\n  KiroOktaArgs: ${inputs[k].description}`,
        );
        expect(differ).toEqual([]);
        expect(schema.resources[TOKEN].requiredInputs).toEqual(["assignGroups"]);
        // Python and YAML users see the allowed values: an enum, the values the stack config takes.
        expect(schema.types["kiro-okta:index:ScimApp"]).toMatchObject({
            type: "string",
            enum: SCIM_APPS.map((value) => expect.objectContaining({ value })),
        });
        // A secret from any language: the token is an Input, not a plain value.
        expect(inputs.scimToken.plain).toBeUndefined();
    });

    it("has every output the stack exports, described; the record as a named type", () => {
        const outputs = schema.resources[TOKEN].properties;
        expect(Object.keys(outputs).sort()).toEqual([...OUTPUTS].sort());
        for (const [key, p] of Object.entries(outputs)) expect(p.description, key).toMatch(/\w{3,}/);
        expect(outputs.domainVerificationRecord.$ref).toBe("#/types/kiro-okta:index:DomainVerificationRecord");
        expect(Object.keys(schema.types["kiro-okta:index:DomainVerificationRecord"].properties).sort()).toEqual([
            "name",
            "type",
            "values",
            "zoneId",
        ]);
        expect(schema.resources[TOKEN].required).not.toContain("domainVerificationRecord");
    });
});

describe("the examples", () => {
    const jsonType = (v: unknown): string =>
        Array.isArray(v)
            ? `${v.length ? jsonType(v[0]) : "string"}[]`
            : typeof v === "string" && v.startsWith("${")
              ? "interpolated"
              : typeof v;

    it("Pulumi YAML: the package, a KiroOkta with inputs the schema has, of the schema's types, and its outputs", () => {
        const program = yaml.load(fs.readFileSync("examples/yaml/Pulumi.yaml", "utf8")) as {
            runtime: string;
            packages: Record<string, string>;
            resources: Record<string, { type: string; properties: Record<string, unknown> }>;
            outputs: Record<string, string>;
        };
        expect(program.runtime).toBe("yaml");
        expect(Object.keys(program.packages)).toEqual(["kiro-okta"]);
        const inputs = schema.resources[TOKEN].inputProperties;
        const outputs = schema.resources[TOKEN].properties;
        const kiro = Object.entries(program.resources).filter(([, r]) => r.type === TOKEN);
        expect(kiro).toHaveLength(1);
        const [name, resource] = kiro[0];
        for (const required of schema.resources[TOKEN].requiredInputs) expect(resource.properties).toHaveProperty(required);
        for (const [key, value] of Object.entries(resource.properties)) {
            expect(inputs, `input ${key}`).toHaveProperty(key);
            const type = jsonType(value);
            const ref = inputs[key].$ref?.replace("#/types/", "");
            if (ref)
                expect(
                    schema.types[ref].enum?.map((e) => e.value),
                    key,
                ).toContain(value);
            else if (type !== "interpolated")
                expect(type, key).toBe(inputs[key].type === "array" ? `${inputs[key].items?.type}[]` : inputs[key].type);
        }
        for (const expression of Object.values(program.outputs)) {
            const [, ref, property] = expression.match(/^\$\{(\w+)\.(\w+)\}$/) ?? [];
            if (ref === name) expect(outputs, expression).toHaveProperty(property);
        }
    });

    it("Python: the generated SDK's names (snake_case of the schema's) for inputs and outputs", () => {
        const source = fs.readFileSync("examples/python/__main__.py", "utf8");
        const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
        const inputs = new Set(Object.keys(schema.resources[TOKEN].inputProperties).map(snake));
        const outputs = new Set(Object.keys(schema.resources[TOKEN].properties).map(snake));
        const calls = [...source.matchAll(/kiro_okta\.KiroOkta\(([\s\S]*?)\n\)/g)].map((m) => m[1]);
        expect(calls).toHaveLength(2);
        for (const call of calls) {
            const kwargs = [...call.matchAll(/^\s+(\w+)=/gm)].map((m) => m[1]).filter((k) => k !== "opts");
            for (const kwarg of kwargs) expect(inputs, kwarg).toContain(kwarg);
            expect(kwargs).toContain("assign_groups");
        }
        for (const [, attribute] of source.matchAll(/\b(?:dev|prod)\.(\w+)/g)) expect(outputs, attribute).toContain(attribute);
    });
});
