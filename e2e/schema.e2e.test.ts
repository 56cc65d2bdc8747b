import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { notRunBecause, OKTA_SDK_VERSION, ROOT, toolchain } from "./harness";

/**
 * The Okta provider the suite runs is built from source at 6.8.0; the program's SDK, @pulumi/okta, is
 * 7.0.0 (the newest the registry serves here). For every resource type and lookup the stack uses, the
 * built provider's schema (`pulumi package get-schema`) and the SDK agree on the token, the inputs, the
 * required inputs, the outputs and the secret outputs, so what the suite proves holds for 7.0.0's program.
 */

const tools = toolchain();
const notRun = notRunBecause(tools, "the provider's schema against @pulumi/okta", ["pulumi", "pulumi-resource-okta"]);

/** The stack's nine resource types and two lookups, with the SDK module that declares each. */
const RESOURCES: [token: string, module: string][] = [
    ["okta:app/oAuth:OAuth", "app/oauth.js"],
    ["okta:app/saml:Saml", "app/saml.js"],
    ["okta:app/groupAssignment:GroupAssignment", "app/groupAssignment.js"],
    ["okta:app/user:User", "app/user.js"],
    ["okta:auth/server:Server", "auth/server.js"],
    ["okta:auth/serverScope:ServerScope", "auth/serverScope.js"],
    ["okta:auth/serverPolicy:ServerPolicy", "auth/serverPolicy.js"],
    ["okta:auth/serverPolicyRule:ServerPolicyRule", "auth/serverPolicyRule.js"],
    ["okta:index/pushGroup:PushGroup", "pushGroup.js"],
];
const FUNCTIONS: [token: string, module: string][] = [
    ["okta:group/getGroup:getGroup", "group/getGroup.js"],
    ["okta:user/getUser:getUser", "user/getUser.js"],
];

interface SchemaResource {
    inputProperties?: Record<string, unknown>;
    requiredInputs?: string[];
    properties?: Record<string, { secret?: boolean }>;
}
interface Schema {
    name: string;
    version: string;
    resources: Record<string, SchemaResource>;
    functions: Record<string, { inputs?: { properties?: Record<string, unknown> } }>;
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const all = (text: string, re: RegExp) => [...text.matchAll(re)].map((m) => m[1]);

/** What the SDK's generated JavaScript says of a resource: its token, inputs, required inputs, outputs and secrets. */
function sdkResource(module: string) {
    const js = fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "okta", module), "utf8");
    const [stateBranch, argsBranch] = js.split(/\n\s*else \{\n/);
    return {
        token: /static __pulumiType = '([^']+)'/.exec(js)?.[1],
        inputs: sorted(all(argsBranch, /resourceInputs\["(\w+)"\] = args\?\.\w+/g)),
        required: sorted(all(js, /Missing required property '(\w+)'/g)),
        outputs: sorted(all(stateBranch, /resourceInputs\["(\w+)"\] = state\?\.\w+/g)),
        secrets: sorted(all(/additionalSecretOutputs: \[([^\]]*)\]/.exec(js)?.[1] ?? "", /"(\w+)"/g)),
    };
}

describe.skipIf(!!notRun)(`the built Okta provider's schema agrees with @pulumi/okta ${OKTA_SDK_VERSION} for what the stack uses`, () => {
    const okta = "missing" in tools ? undefined : tools.record("pulumi-resource-okta");
    const schema = (): Schema =>
        JSON.parse(
            execFileSync((tools as Exclude<typeof tools, { missing: string }>).path("pulumi")!, ["package", "get-schema", okta!.path], {
                encoding: "utf8",
                // Not in the checkout: the CLI refuses a folder with both Pulumi.yaml and PulumiPlugin.yaml.
                cwd: os.tmpdir(),
                maxBuffer: 256 * 1024 * 1024,
                env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
            }),
        ) as Schema;
    let cached: Schema | undefined;
    const get = () => (cached ??= schema());

    it("is the provider named okta at the version it was built at", () => {
        expect(get().name).toBe("okta");
        expect(get().version).toBe(okta!.version);
    });

    it.each(RESOURCES)("%s: same token, inputs, required inputs, outputs and secret outputs", (token, module) => {
        const built = get().resources[token];
        expect(built, `${token} in the provider's schema`).toBeDefined();
        const sdk = sdkResource(module);
        expect(sdk.token).toBe(token);
        // The SDK's JavaScript was read: every type has inputs and outputs.
        expect(sdk.inputs.length * sdk.outputs.length).toBeGreaterThan(0);
        expect(sdk.inputs, "inputs").toEqual(sorted(Object.keys(built.inputProperties ?? {})));
        expect(sdk.required, "required inputs").toEqual(sorted(built.requiredInputs ?? []));
        // The state branch lists every output the SDK reads back (it includes the inputs).
        expect(sdk.outputs, "outputs").toEqual(sorted(Object.keys(built.properties ?? {})));
        expect(sdk.secrets, "secret outputs").toEqual(
            sorted(
                Object.entries(built.properties ?? {})
                    .filter(([, p]) => p.secret)
                    .map(([k]) => k),
            ),
        );
    });

    it.each(FUNCTIONS)("%s: same token and arguments", (token, module) => {
        const built = get().functions[token];
        expect(built, `${token} in the provider's schema`).toBeDefined();
        const js = fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "okta", module), "utf8");
        expect(js).toContain(`invoke("${token}"`);
        const invoke = js.slice(js.indexOf(`invoke("${token}"`));
        const args = sorted(all(invoke.slice(0, invoke.indexOf("}")), /"(\w+)": args\.\w+/g));
        expect(args).toEqual(sorted(Object.keys(built.inputs?.properties ?? {})));
    });
});
