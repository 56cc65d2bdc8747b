import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fakeWorld, PHASE1, PHASE2, SCIM_TOKEN } from "./support/fakes";
import { type EngineRun, runUnderFakeEngine } from "./support/fakeEngine";

/**
 * `pulumi up` runs `node @pulumi/pulumi/cmd/run` with ts-node and the project's tsconfig and
 * TypeScript, type-checking on. vitest strips types with esbuild, so a program can pass every
 * other test and still fail here: these tests start the program that way.
 */

const ROOT = process.cwd();

function configFor(values: Record<string, unknown>): Record<string, string> {
    return Object.fromEntries(
        Object.entries(values).map(([k, v]) => [k.includes(":") ? k : `kiro-okta:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
    );
}

const tmpDirs: string[] = [];
afterAll(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tmpDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    tmpDirs.push(dir);
    return dir;
}

// Fresh for this run: the first load compiles and type-checks everything, later ones reuse it.
const tsNodeCacheDir = tmpDir("kiro-okta-ts-node-");

function load(projectDir: string, values: Record<string, unknown>, secretKeys: string[] = []): Promise<EngineRun> {
    return runUnderFakeEngine({
        tsNodeCacheDir,
        projectDir,
        project: "kiro-okta",
        stack: "dev",
        config: configFor(values),
        secretKeys,
        ...fakeWorld(),
    });
}

// The two cold loads (the project, the broken copy) run side by side; the bad-config load waits
// for the first so it reuses that compile.
let phase2: Promise<EngineRun> | undefined;
const loadPhase2 = () => (phase2 ??= load(ROOT, PHASE2, ["kiro-okta:scimToken"]));

describe.concurrent("the program under Pulumi's own TypeScript loader", () => {
    it("runs a phase-2 stack: resources, protection and outputs as the engine receives them", async () => {
        const run = await loadPhase2();
        expect(
            run.logs.filter((l) => l.severity === "error"),
            run.stderr,
        ).toEqual([]);
        expect(run.exitCode).toBe(0);
        const types = run.resources.map((r) => r.type);
        expect(types).toContain("pulumi:pulumi:Stack");
        for (const t of [
            "okta:app/oAuth:OAuth",
            "okta:auth/server:Server",
            "okta:auth/serverPolicyRule:ServerPolicyRule",
            "okta:app/saml:Saml",
            "aws:route53/record:Record",
        ]) {
            expect(types).toContain(t);
        }
        expect(
            run.resources
                .filter((r) => r.protect)
                .map((r) => r.type)
                .sort(),
        ).toEqual(["okta:app/oAuth:OAuth", "okta:auth/server:Server"]);
        expect(run.outputs).toMatchObject({
            issuerMetadataUrl: "https://acme.okta.com/oauth2/kiro-auth-id/.well-known/openid-configuration",
            clientId: "kiro-oidc-client-id",
            phase: 2,
            domainVerificationRecord: { name: "example.com", zoneId: "ZPUBLIC123", type: "TXT", values: ["kiro-verification=abc123"] },
        });
        expect(JSON.stringify(run.rawOutputs)).not.toContain(SCIM_TOKEN);
    });

    it("bad config: exits non-zero, the engine logs the message without a stack trace, nothing is created", async () => {
        await loadPhase2();
        const run = await load(ROOT, { ...PHASE1, redirectPorts: [0, 3128] });
        expect(run.exitCode).not.toBe(0);
        const errors = run.logs.filter((l) => l.severity === "error").map((l) => l.message);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toContain(
            "kiro-okta configuration is invalid (1 problem):\n  - redirectPorts[0]: 0 is out of range; expected an integer from 1 to 65535",
        );
        expect(errors[0]).not.toMatch(/\n\s+at /);
        expect(run.resources.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
    });

    it("with this project's tsconfig, package.json and TypeScript, a type error fails the load", async () => {
        // A type error esbuild (and so vitest) strips without complaint.
        const copy = tmpDir("kiro-okta-loader-");
        for (const file of ["Pulumi.yaml", "package.json", "tsconfig.json"]) fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
        fs.writeFileSync(
            path.join(copy, "index.ts"),
            // No imports: the check is on the loader's settings, not on a large type graph.
            'const port: number = "3128";\nexport const out = port;\n',
        );
        const run = await load(copy, PHASE1);
        expect(run.exitCode).not.toBe(0);
        expect(run.logs.map((l) => l.message).join("\n")).toContain(
            "index.ts(1,7): error TS2322: Type 'string' is not assignable to type 'number'.",
        );
        expect(run.resources.filter((r) => r.type !== "pulumi:pulumi:Stack")).toEqual([]);
    });
});
