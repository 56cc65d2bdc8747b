import * as grpc from "@grpc/grpc-js";
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { engineProtocol } from "../components/pulumiInternals";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OIDC_APP_SETTINGS } from "../components/oidcApp";
import { policies } from "../policy/policies";

/**
 * The pack as `pulumi preview --policy-pack policy` loads it: the CLI starts
 * `node @pulumi/pulumi/cmd/run-policy-pack <engine> <pack>` (ts-node, type-checking on), the pack
 * prints its analyzer's port, and the engine asks it over gRPC. Here a test is the engine.
 */

const ROOT = process.cwd();
const requireFromProject = createRequire(path.join(ROOT, "package.json"));
const { analyzerGrpc, analyzerProto, policyPackEntry } = engineProtocol();
const structProto = requireFromProject("google-protobuf/google/protobuf/struct_pb.js");
const emptyProto = requireFromProject("google-protobuf/google/protobuf/empty_pb.js");

const LEVELS = ["advisory", "mandatory", "disabled", "remediate"];

let pack: ChildProcess;
let client: grpc.Client & Record<string, (req: unknown, cb: (err: Error | null, res: any) => void) => void>;
let stderr = "";
const cache = fs.mkdtempSync(path.join(os.tmpdir(), "kiro-okta-pack-"));

function call<T>(method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method](request, (err, res) => (err ? reject(err) : resolve(res as T))));
}

beforeAll(async () => {
    const runner = policyPackEntry;
    pack = spawn(process.execPath, [runner, "127.0.0.1:1", "."], {
        cwd: path.join(ROOT, "policy"),
        env: { PATH: process.env.PATH, HOME: process.env.HOME, TS_NODE_CACHE_DIRECTORY: cache },
        stdio: ["ignore", "pipe", "pipe"],
    });
    pack.stderr!.on("data", (d) => (stderr += d));
    const port = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the pack printed no port:\n${stderr}`)), 30_000);
        pack.stdout!.on("data", (d: Buffer) => {
            const line = d.toString().trim().split("\n")[0];
            if (/^\d+$/.test(line)) {
                clearTimeout(timer);
                resolve(line);
            }
        });
        pack.on("exit", (code) => reject(new Error(`the pack exited (${code}):\n${stderr}`)));
    });
    client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 40_000);

afterAll(() => {
    client?.close();
    pack?.kill();
    fs.rmSync(cache, { recursive: true, force: true });
});

async function analyze(
    type: string,
    name: string,
    props: Record<string, unknown>,
    parentChain = "",
): Promise<{ policy: string; level: string; message: string }[]> {
    const req = new analyzerProto.AnalyzeRequest();
    req.setType(type);
    req.setName(name);
    req.setUrn(`urn:pulumi:dev::kiro-okta::${parentChain}${type}::${name}`);
    req.setProperties(structProto.Struct.fromJavaScript(props));
    req.setOptions(new analyzerProto.AnalyzerResourceOptions());
    const res = await call<{ getDiagnosticsList(): any[] }>("analyze", req);
    return res
        .getDiagnosticsList()
        .map((d) => ({ policy: d.getPolicyname(), level: LEVELS[d.getEnforcementlevel()], message: d.getMessage() }));
}

describe("the policy pack, loaded as the Pulumi CLI loads it", () => {
    it("serves every policy with its enforcement level", async () => {
        const info = await call<{ getName(): string; getPoliciesList(): any[] }>("getAnalyzerInfo", new emptyProto.Empty());
        expect(info.getName()).toBe("kiro-okta");
        // What the CLI is served is exactly what policies.ts defines (tests/policy.test.ts pins those levels).
        const served = Object.fromEntries(info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()]]));
        expect(served).toEqual(Object.fromEntries(policies.map((p) => [p.name, p.enforcementLevel])));
        expect(Object.keys(served)).toHaveLength(8);
    });

    it("passes the stack's OIDC app and reports a web app with an https redirect", async () => {
        const good = {
            label: "Kiro-OIDC",
            ...OIDC_APP_SETTINGS,
            redirectUris: ["http://localhost:3128/oauth/callback", "kiro://kiro.oauth/callback"],
        };
        expect(await analyze("okta:app/oAuth:OAuth", "kiro-oidc", good, "kiro:okta:OidcApp$")).toEqual([]);
        const bad = await analyze("okta:app/oAuth:OAuth", "web-app", {
            ...good,
            type: "web",
            redirectUris: ["https://app.example.com/cb"],
            refreshTokenRotation: "STATIC",
        });
        expect(bad).toEqual([
            { policy: "kiro-oidc-app-native-public-pkce", level: "mandatory", message: expect.stringContaining('type is "web"') },
            {
                policy: "kiro-oidc-redirect-uris-rfc8252",
                level: "mandatory",
                message: expect.stringContaining('redirect URI "https://app.example.com/cb" uses the https scheme'),
            },
            {
                policy: "kiro-refresh-token-rotation",
                level: "advisory",
                message: expect.stringContaining('refreshTokenRotation is "STATIC"'),
            },
        ]);
    });

    it("reports a TXT record that overwrites a set outside the Kiro component", async () => {
        const props = { type: "TXT", name: "example.com", zoneId: "Z1", allowOverwrite: true, records: ["kiro=1"] };
        expect(await analyze("aws:route53/record:Record", "kiro-domain", props, "kiro:aws:DomainVerification$")).toEqual([]);
        expect((await analyze("aws:route53/record:Record", "other", props)).map((d) => d.policy)).toEqual([
            "txt-record-keeps-existing-values",
        ]);
    });
});
