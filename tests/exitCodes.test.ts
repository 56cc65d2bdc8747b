import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { afterAll, describe, expect, it, vi } from "vitest";
import { runAdopt } from "../commands/adopt/cli";
import { EXIT } from "../commands/common/command";
import { runPlan } from "../commands/plan/cli";
import { checkOidcApp } from "../commands/verify/checks/apps";
import type { CheckContext } from "../commands/verify/checks/result";
import { runVerify } from "../commands/verify/cli";
import type { OktaReader } from "../commands/common/net/okta";

/** Every command gives the same exit code for the same config (commands/common/command.ts EXIT), and never blames Okta for its own bug. */

const ROOT = path.resolve(__dirname, "..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-exit-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A stack file as `pulumi config set` writes it, and the same config as `pulumi config --json` prints it. */
function stack(config: Record<string, unknown>) {
    const file = path.join(tmp, `Pulumi.s${fs.readdirSync(tmp).length}.yaml`);
    fs.writeFileSync(file, yaml.dump({ config }));
    const json = Object.fromEntries(
        Object.entries(config).map(([key, value]) => [
            key,
            typeof value === "string" ? { value, secret: false } : { value: JSON.stringify(value), objectValue: value, secret: false },
        ]),
    );
    return { file, json };
}

async function allThree(config: Record<string, unknown>) {
    const { file, json } = stack(config);
    const collect = () => {
        const out = { stdout: "", stderr: "" };
        return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
    };
    const load = () => {
        vi.resetModules();
        return import("../index.js");
    };
    const p = collect();
    const plan = await runPlan(["--config", file], { ...p.io, projectDir: ROOT, load });
    const v = collect();
    const exec = (_: string, args: string[]) =>
        Promise.resolve({
            stdout: JSON.stringify(
                args[0] === "stack"
                    ? {
                          issuerMetadataUrl: "https://acme.okta.com/oauth2/aus1/.well-known/openid-configuration",
                          clientId: "0oa1",
                          authServerId: "aus1",
                          oidcAppId: "0oa1",
                          samlAppId: "0oa2",
                      }
                    : json,
            ),
        });
    const verify = await runVerify(["--stack", "dev"], { ...v.io, env: { OKTA_API_TOKEN: "t" }, exec });
    const a = collect();
    const adopt = await runAdopt(["--config", file], { ...a.io, projectDir: ROOT, env: { OKTA_API_TOKEN: "t" }, load });
    return { codes: { plan, verify, adopt }, stderr: { plan: p.out.stderr, verify: v.out.stderr, adopt: a.out.stderr } };
}

describe("exit codes agree across plan, verify and adopt", () => {
    it("a stack without okta:baseUrl: invalid config (1) in all three, each naming the key and the command that sets it", async () => {
        const { codes, stderr } = await allThree({ "okta:orgName": "acme", "kiro-okta:assignGroups": ["Kiro-Users"] });
        expect(codes).toEqual({ plan: EXIT.failed, verify: EXIT.failed, adopt: EXIT.failed });
        for (const text of Object.values(stderr)) {
            expect(text).toContain("okta:baseUrl: is not set, and the Okta provider has no default for it");
            expect(text).toContain("`pulumi config set okta:baseUrl okta.com`");
        }
    });

    it("an invalid value: 1 in all three, with the same message", async () => {
        const { codes, stderr } = await allThree({ "okta:orgName": "acme", "okta:baseUrl": "okta.com", "kiro-okta:assignGroups": [] });
        expect(codes).toEqual({ plan: EXIT.failed, verify: EXIT.failed, adopt: EXIT.failed });
        for (const text of Object.values(stderr)) expect(text).toContain("assignGroups: is empty; expected at least one Okta group name");
    });
});

describe("a bug is not an Okta or network error", () => {
    const ctx = (okta: Partial<OktaReader>) =>
        ({
            inputs: {
                outputs: { issuerMetadataUrl: "", clientId: "0oa1", authServerId: "aus1", oidcAppId: "0oa1", samlAppId: "0oa2" },
                config: { oidcAppLabel: "Kiro-OIDC", redirectPorts: [3128], extraRedirectUris: [] },
            },
            okta,
        }) as unknown as CheckContext;

    it("a TypeError inside a check escapes it (runCommand then exits 3 with the trace)", async () => {
        const okta = { getApp: () => Promise.reject(new TypeError("Cannot read properties of undefined (reading 'oauth')")) };
        await expect(checkOidcApp(ctx(okta))).rejects.toThrow(TypeError);
    });

    it("Okta's HTTP error is a failed check that says so", async () => {
        const httpError = Object.assign(new Error("Okta HTTP 500 E0000009 Internal Server Error"), { status: 500 });
        const result = await checkOidcApp(ctx({ getApp: () => Promise.reject(httpError) }));
        expect(result).toMatchObject({ status: "fail", detail: "Okta HTTP 500 E0000009 Internal Server Error" });
    });
});
