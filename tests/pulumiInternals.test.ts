import * as pulumi from "@pulumi/pulumi";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import { afterEach, describe, expect, it } from "vitest";
import {
    CHECKED_AGAINST,
    engineProtocol,
    installedVersion,
    isConfigSecret,
    MissingInternalError,
    observeRegistrations,
    outputPromise,
    type RegisterRequest,
    waitForRPCs,
} from "../components/pulumiInternals";
import { PHASE2, runProgram } from "./support/harness";

/**
 * The contract for every @pulumi/pulumi internal in components/pulumiInternals.ts. A new SDK version fails the
 * first test on purpose: re-run the rest against it, then move CHECKED_AGAINST.
 */

const sdkConfig = createRequire(createRequire(__filename).resolve("@pulumi/pulumi/package.json"))("./runtime/config") as {
    isConfigSecret?: unknown;
};
const original = sdkConfig.isConfigSecret;
afterEach(() => {
    sdkConfig.isConfigSecret = original;
});

async function mocked(config: Record<string, string> = {}, secretKeys: string[] = []) {
    await pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
        "proj",
        "stack",
        false,
    );
    pulumi.runtime.setAllConfig(config, secretKeys);
}

describe("@pulumi/pulumi internals", () => {
    it(`the installed SDK is the one the contract was checked against (${CHECKED_AGAINST})`, () => {
        expect(installedVersion()).toBe(CHECKED_AGAINST);
    });

    it("isConfigSecret tells a secret config value from a plain one", async () => {
        await mocked({ "proj:token": "t", "proj:name": "n", "okta:apiToken": "a" }, ["proj:token", "okta:apiToken"]);
        expect([
            isConfigSecret("proj:token"),
            isConfigSecret("okta:apiToken"),
            isConfigSecret("proj:name"),
            isConfigSecret("proj:unset"),
        ]).toEqual([true, true, false, false]);
    });

    it("a missing isConfigSecret fails loudly, never open", () => {
        sdkConfig.isConfigSecret = undefined;
        expect(() => isConfigSecret("proj:token")).toThrow(MissingInternalError);
        expect(() => isConfigSecret("proj:token")).toThrow(
            /relies on @pulumi\/pulumi's runtime\/config.isConfigSecret \(checked against 3\.248\.0\)/,
        );
    });

    it("…and so does the program: no config is read without it", async () => {
        sdkConfig.isConfigSecret = undefined;
        const run = await runProgram({ config: PHASE2, secretKeys: ["scimToken"] });
        expect(run.error?.name).toBe("MissingInternalError");
        expect(run.resources).toEqual([]);
    });

    it("outputPromise gives an Output's value, and rejects when the Output failed", async () => {
        await mocked();
        await expect(outputPromise(pulumi.output(Promise.resolve(42)))).resolves.toBe(42);
        // A failed Output also rejects the SDK's own derived promises, which nothing handles: hold
        // vitest's reporter off for them alone.
        const listeners = process.listeners("unhandledRejection");
        process.removeAllListeners("unhandledRejection");
        const stray: unknown[] = [];
        process.on("unhandledRejection", (reason) => stray.push(reason));
        try {
            const failed = pulumi.output(Promise.reject(new Error("lookup failed")));
            await expect(outputPromise(failed)).rejects.toThrow("lookup failed");
            await new Promise((r) => setTimeout(r, 10));
        } finally {
            process.removeAllListeners("unhandledRejection");
            for (const l of listeners) process.on("unhandledRejection", l);
        }
        expect(stray.every((r) => (r as Error).message === "lookup failed")).toBe(true);
    });

    it("observeRegistrations sees each accepted request with its parent, options and aliases; waitForRPCs waits for them", async () => {
        await mocked();
        const seen: { req: RegisterRequest; urn: string }[] = [];
        observeRegistrations((req, urn) => seen.push({ req, urn }));
        const parent = new pulumi.ComponentResource("test:index:Parent", "p");
        class Thing extends pulumi.CustomResource {
            constructor(name: string, opts: pulumi.CustomResourceOptions) {
                super("test:index:Thing", name, {}, opts);
            }
        }
        new Thing("t", { parent, protect: true, retainOnDelete: true, ignoreChanges: ["x"], aliases: [{ name: "old" }] });
        await waitForRPCs();
        const thing = seen.find((s) => s.req.getType() === "test:index:Thing")!;
        expect(thing.urn).toBe("urn:pulumi:stack::proj::test:index:Parent$test:index:Thing::t");
        expect(thing.req.getParent()).toBe("urn:pulumi:stack::proj::test:index:Parent::p");
        expect([thing.req.getProtect(), thing.req.getRetainondelete(), thing.req.getIgnorechangesList()]).toEqual([true, true, ["x"]]);
        const alias = thing.req.getAliasesList()[0].getSpec()!;
        expect([alias.getName(), alias.getParenturn()]).toEqual(["old", "urn:pulumi:stack::proj::test:index:Parent::p"]);
    });

    it("engineProtocol: the services, messages, MockMonitor, serialisation and language host entries the tests use", () => {
        const p = engineProtocol();
        expect(p.resourceGrpc.ResourceMonitorService).toBeDefined();
        expect(p.engineGrpc.EngineService).toBeDefined();
        expect(typeof p.analyzerGrpc.AnalyzerClient).toBe("function");
        expect(typeof p.providerGrpc.ResourceProviderClient).toBe("function");
        expect(typeof p.providerProto.GetSchemaRequest).toBe("function");
        for (const message of ["SupportsFeatureResponse", "RegisterResourceResponse"])
            expect(typeof p.resourceProto[message]).toBe("function");
        for (const message of ["SetRootResourceResponse", "GetRootResourceResponse"])
            expect(typeof p.engineProto[message]).toBe("function");
        for (const message of ["AnalyzeRequest", "AnalyzerResourceOptions"]) expect(typeof p.analyzerProto[message]).toBe("function");
        expect(typeof new p.MockMonitor({ newResource: () => ({}), call: () => ({}) }).registerResource).toBe("function");
        expect([typeof p.rpc.serializeProperties, typeof p.rpc.deserializeProperties]).toEqual(["function", "function"]);
        expect(fs.existsSync(p.programEntry) && fs.existsSync(p.policyPackEntry)).toBe(true);
    });
});
