import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Route53State } from "../tests/support/route53Double";
import { emptyOrg, notRunBecause, type Result, ROOT, STACK_TOOLS, toolchain, Workspace } from "./harness";

/**
 * The component as a package: `pulumi package add` of this checkout from a Pulumi YAML program and from
 * a Python program, then preview and up against the fake org, with the real CLI, language hosts and Okta
 * provider (`npm run toolchain`). pulumi-language-yaml asks the engine for KiroOkta's schema and
 * constructs it through the component plugin (PulumiPlugin.yaml, components/provider.ts), which the real
 * Node.js host runs in the *program's* folder, so @pulumi/pulumi's run-plugin type-checks the component
 * with its own defaults (tsconfig.plugin.json). pulumi-language-python generates the SDK from KiroOkta's
 * schema and installs it with pip from PyPI.
 */

const tools = toolchain();
const noYaml = notRunBecause(tools, "component-as-a-package scenario (YAML)", [...STACK_TOOLS, "pulumi-language-yaml"]);
const noPython = notRunBecause(tools, "component-as-a-package scenario (Python)", [...STACK_TOOLS, "pulumi-language-python"]);

const ROUTE53: Route53State = { zones: [{ id: "ZPUBLIC123", name: "example.com" }], recordSets: [] };
const EXAMPLE = path.join(ROOT, "examples", "yaml", "Pulumi.yaml");
const PY_EXAMPLE = path.join(ROOT, "examples", "python");

interface Step {
    op: string;
    urn: string;
}
const stepsOf = (res: Result): Step[] => (JSON.parse(res.stdout) as { steps?: Step[] }).steps ?? [];
const typeOf = (urn: string) => urn.split("::")[2].split("$").pop()!;

function program(resources: string): string {
    return `name: kiro-okta-yaml-e2e
runtime: yaml
packages:
  kiro-okta: ${ROOT}
resources:
${resources}
outputs:
  issuerMetadataUrl: \${kiro.issuerMetadataUrl}
  clientId: \${kiro.clientId}
`;
}

const KIRO = `  kiro:
    type: kiro-okta:index:KiroOkta
    properties:
      assignGroups: [Kiro-Users]
      pushGroups: []
      scimApp: catalog
      oktaOrgName: acme
      protect: false
`;

const STACK = ["--stack", "e2e"];
const PHASE1_TYPES = [
    "kiro-okta:index:KiroOkta",
    "okta:app/oAuth:OAuth",
    "okta:auth/server:Server",
    "okta:app/groupAssignment:GroupAssignment",
];

/** `pulumi preview --json`'s creates, which include a resource of each of these types. */
async function previewCreates(ws: Workspace, dir: string, types: string[]): Promise<Step[]> {
    const created = stepsOf(await ws.must(["preview", "--json", ...STACK], dir)).filter((s) => s.op === "create");
    const made = new Set(created.map((s) => typeOf(s.urn)));
    for (const t of types) expect(made, t).toContain(t);
    return created;
}

/** Preview: KiroOkta and its Okta children, each parented under it, nothing made yet; up makes them, with
 * the outputs as the org has them; a refresh preview after it is empty. */
async function previewUpRefresh(ws: Workspace, dir: string): Promise<void> {
    const created = await previewCreates(ws, dir, PHASE1_TYPES);
    // Children of the component: their URNs carry KiroOkta in the parent chain.
    expect(created.find((s) => typeOf(s.urn) === "okta:app/oAuth:OAuth")?.urn).toContain("kiro-okta:index:KiroOkta$");
    expect(ws.org.apps).toEqual([]);

    await ws.must(["up", "--yes", "--skip-preview", ...STACK], dir);
    const outputs = JSON.parse((await ws.must(["stack", "output", "--json", ...STACK], dir)).stdout) as Record<string, string>;
    const server = ws.org.authServers.find((s) => s.name === "Kiro");
    // The server's issuer as Okta reports it (here the fake org's own address), as the stack's output.
    expect(outputs.issuerMetadataUrl).toBe(`${ws.okta.url}/oauth2/${server?.id}/.well-known/openid-configuration`);
    expect(ws.org.apps.find((a) => a.id === outputs.clientId)?.label).toBe("Kiro-OIDC");

    const again = await ws.pulumi(["preview", "--refresh", "--expect-no-changes", ...STACK], dir);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(ws.okta.specViolations).toEqual([]);
}

/** A program whose oktaOrgName is the admin console's name: the preview fails naming the component's argument. */
async function refusesAdminOrgName(ws: Workspace, dir: string): Promise<void> {
    const res = await ws.pulumi(["preview", ...STACK], dir);
    expect(res.code).not.toBe(0);
    expect(res.stdout).toContain("KiroOkta: the arguments are invalid (1 problem):");
    expect(res.stdout).toContain(
        "oktaOrgName: \"acme-admin\" is the admin console's name; expected the org's name without -admin: set the oktaOrgName argument to acme",
    );
    expect(res.stdout).not.toContain("pulumi config");
}

async function destroyLeavesNothing(ws: Workspace, dir: string): Promise<void> {
    await ws.must(["destroy", "--yes", ...STACK], dir);
    expect(ws.org.apps).toEqual([]);
    expect(ws.org.authServers).toEqual([]);
}

describe.skipIf(!!noYaml)("the component as a package: pulumi package add from a YAML program", () => {
    let ws: Workspace;
    let dir: string;

    beforeAll(async () => {
        ws = await Workspace.start(tools, { org: emptyOrg(), route53: structuredClone(ROUTE53) });
        dir = fs.mkdtempSync(path.join(ws.home, "yaml-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: kiro-okta-yaml-e2e\nruntime: yaml\nresources: {}\n");
    });
    afterAll(async () => {
        await ws?.close();
    });

    it("package add records the package: the engine got KiroOkta's schema from the component plugin", async () => {
        const add = await ws.must(["package", "add", ROOT], dir);
        expect(add.stderr).toContain("Added package kiro-okta");
        expect(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")).toContain(`kiro-okta: ${ROOT}`);
    });

    it("the YAML example itself, copied with its package path, previews phase 3 against the fake org: every child under KiroOkta", async () => {
        const example = fs.mkdtempSync(path.join(ws.home, "example-"));
        // examples/yaml names the package by relative path (../..): the same path from the copy.
        const text = fs.readFileSync(EXAMPLE, "utf8");
        expect(text).toMatch(/^ {2}kiro-okta: \.\.\/\.\.$/m);
        fs.writeFileSync(
            path.join(example, "Pulumi.yaml"),
            text.replace(/^( {2}kiro-okta: )\.\.\/\.\.$/m, `$1${path.relative(example, ROOT)}`),
        );
        ws.org.groups.push({ id: "00g-admins", name: "Kiro-Admins" });
        await ws.initStack(example, ws.oktaConfig(), { scimToken: "e2e-scim-token" });
        const created = await previewCreates(ws, example, [...PHASE1_TYPES, "okta:index/pushGroup:PushGroup", "aws:route53/record:Record"]);
        const children = created.filter((s) => !/^(kiro-okta:index:KiroOkta|pulumi:pulumi:Stack|pulumi:providers:.*)$/.test(typeOf(s.urn)));
        expect(children.length).toBeGreaterThan(10);
        for (const step of children) expect(step.urn, step.urn).toContain("kiro-okta:index:KiroOkta$");
        expect(ws.org.apps).toEqual([]);
        expect(ws.okta.specViolations).toEqual([]);
    });

    it("preview constructs KiroOkta and its Okta children, each parented under it; up makes them; a second preview is empty", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(KIRO));
        await ws.initStack(dir, ws.oktaConfig());
        await previewUpRefresh(ws, dir);
    });

    it("a value outside the ScimApp enum is refused by the YAML type checker, with the allowed values (the schema's enum)", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(KIRO.replace("scimApp: catalog", "scimApp: saml-app")));
        const res = await ws.pulumi(["preview", ...STACK], dir);
        expect(res.code).not.toBe(0);
        expect(res.stdout).toMatch(/scimApp: Cannot assign type 'string' to type 'kiro-okta:index:ScimApp'/);
        expect(res.stdout).toContain('Allowed values are CustomSaml ("custom-saml"), Catalog ("catalog")');
    });

    it("a wrong argument the component validates fails the preview naming the argument, with no `pulumi config` advice", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(KIRO.replace("oktaOrgName: acme", "oktaOrgName: acme-admin")));
        await refusesAdminOrgName(ws, dir);
    });

    it("destroy removes what the YAML program made", async () => {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program(KIRO));
        await destroyLeavesNothing(ws, dir);
    });
});

/** The Python SDK's version: the one @pulumi/pulumi is pinned to, as the CLI is built at. */
const PULUMI_PYTHON = `pulumi==${"missing" in tools ? "" : tools.pulumiVersion}`;

function pythonProgram(args: string): string {
    return `import pulumi
import pulumi_kiro_okta as kiro_okta

kiro = kiro_okta.KiroOkta(
    "kiro",
${args}
)
pulumi.export("issuerMetadataUrl", kiro.issuer_metadata_url)
pulumi.export("clientId", kiro.client_id)
`;
}

const KIRO_PY = `    assign_groups=["Kiro-Users"],
    push_groups=[],
    scim_app="catalog",
    okta_org_name="acme",
    protect=False,`;

describe.skipIf(!!noPython)("the component as a package: pulumi package add from a Python program", () => {
    let ws: Workspace;
    let dir: string;

    beforeAll(async () => {
        ws = await Workspace.start(tools, { org: emptyOrg(), route53: structuredClone(ROUTE53) });
        dir = fs.mkdtempSync(path.join(ws.home, "python-"));
        fs.writeFileSync(
            path.join(dir, "Pulumi.yaml"),
            "name: kiro-okta-python-e2e\nruntime:\n  name: python\n  options:\n    virtualenv: venv\n",
        );
        fs.writeFileSync(path.join(dir, "requirements.txt"), `${PULUMI_PYTHON}\n`);
        fs.writeFileSync(path.join(dir, "__main__.py"), pythonProgram(KIRO_PY));
    });
    afterAll(async () => {
        await ws?.close();
    });

    it("package add generates the Python SDK from KiroOkta's schema, links it in requirements.txt and installs it in the venv", async () => {
        const add = await ws.must(["package", "add", ROOT], dir);
        expect(add.stdout).toContain("import pulumi_kiro_okta as kiro_okta");
        const sdk = path.join(dir, "sdks", "kiro-okta");
        expect(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8").split("\n")).toEqual([PULUMI_PYTHON, "sdks/kiro-okta", ""]);
        expect(add.stdout).toMatch(/Successfully installed .*pulumi_kiro_okta-0\.2\.0/);
        // The schema's enum reaches Python as a typed enum with the allowed values.
        const enums = fs.readFileSync(path.join(sdk, "pulumi_kiro_okta", "_enums.py"), "utf8");
        expect(enums).toContain("class ScimApp(_builtins.str, Enum):");
        expect(enums).toContain('CUSTOM_SAML = "custom-saml"');
        expect(fs.existsSync(path.join(dir, "venv", "bin", "python"))).toBe(true);
    });

    it("the Python example itself (two orgs, explicit Okta providers from pulumi-okta on PyPI) previews: two KiroOkta, every child under one", async () => {
        const example = fs.mkdtempSync(path.join(ws.home, "example-"));
        for (const f of ["Pulumi.yaml", "__main__.py", "requirements.txt"])
            fs.copyFileSync(path.join(PY_EXAMPLE, f), path.join(example, f));
        await ws.must(["package", "add", ROOT], example);
        ws.org.groups.push({ id: "00g-admins", name: "Kiro-Admins" });
        // Both explicit providers reach the fake org (OKTA_HTTP_PROXY), which takes its one token.
        await ws.initStack(example, {}, { oktaDevToken: ws.org.token, oktaProdToken: ws.org.token, scimToken: "e2e-scim-token" });
        const created = await previewCreates(ws, example, PHASE1_TYPES);
        expect(
            created
                .filter((s) => typeOf(s.urn) === "kiro-okta:index:KiroOkta")
                .map((s) => s.urn.split("::").pop())
                .sort(),
        ).toEqual(["kiro-dev", "kiro-prod"]);
        const children = created.filter((s) => s.urn.includes("kiro-okta:index:KiroOkta$"));
        for (const name of ["kiro-dev", "kiro-prod"])
            expect(children.filter((s) => s.urn.includes(`::${name}-`)).length, name).toBeGreaterThan(5);
        expect(children.some((s) => typeOf(s.urn) === "okta:index/pushGroup:PushGroup")).toBe(true);
        expect(ws.org.apps).toEqual([]);
        expect(ws.okta.specViolations).toEqual([]);
    });

    it("preview constructs KiroOkta with its children under it; up makes them, with the outputs; a refresh preview is empty", async () => {
        await ws.initStack(dir, ws.oktaConfig());
        await previewUpRefresh(ws, dir);
    });

    it("a wrong argument fails the preview naming the component's argument, with no `pulumi config` advice", async () => {
        fs.writeFileSync(
            path.join(dir, "__main__.py"),
            pythonProgram(KIRO_PY.replace('okta_org_name="acme"', 'okta_org_name="acme-admin"')),
        );
        await refusesAdminOrgName(ws, dir);
    });

    it("a token lifetime outside Okta's range fails the preview naming the component's argument and the range", async () => {
        fs.writeFileSync(path.join(dir, "__main__.py"), pythonProgram(`${KIRO_PY}\n    access_token_lifetime_minutes=4,`));
        const res = await ws.pulumi(["preview", ...STACK], dir);
        expect(res.code).not.toBe(0);
        expect(res.stdout).toContain(
            "accessTokenLifetimeMinutes: 4 is out of Okta's range; expected an integer from 5 to 1440 (the access token's lifetime)",
        );
        expect(res.stdout).not.toContain("pulumi config");
    });

    it("destroy removes what the Python program made", async () => {
        fs.writeFileSync(path.join(dir, "__main__.py"), pythonProgram(KIRO_PY));
        await destroyLeavesNothing(ws, dir);
    });
});
