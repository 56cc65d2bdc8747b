// Loads the program the way `pulumi up` does: @pulumi/pulumi's own `run()` (cmd/run/run.js), which
// registers ts-node with the project's tsconfig and TypeScript (type-checking on) and require()s
// the entry point inside a Stack. The engine is replaced by Pulumi's mock monitor.
// Usage: node pulumi-loader.cjs <projectDir> <configJson> <secretKeysJson>
// Prints one JSON line: { ok, resources, outputs } or { ok: false, runError, message }.
"use strict";
const path = require("node:path");

const [projectDir, configJson, secretKeysJson] = process.argv.slice(2);
process.chdir(projectDir);
process.env.PULUMI_NODEJS_TYPESCRIPT = "true";

const fromProject = (id) => require(require.resolve(id, { paths: [projectDir] }));
const pulumi = fromProject("@pulumi/pulumi");
const { run } = fromProject("@pulumi/pulumi/cmd/run/run");

const resources = [];
async function main() {
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                resources.push({ type: args.type, name: args.name });
                const id = `${args.name}-id`;
                const extra = { clientId: `${args.name}-client-id`, issuer: `https://acme.okta.com/oauth2/${id}`, name: args.inputs.name ?? args.name };
                return { id, state: { ...extra, ...args.inputs } };
            },
            call(args) {
                if (args.token === "okta:group/getGroup:getGroup") return { id: `id-${args.inputs.name}`, name: args.inputs.name };
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        "kiro-okta",
        "loader",
        false,
    );
    pulumi.runtime.setAllConfig(JSON.parse(configJson), JSON.parse(secretKeysJson));
    const outputs = await run({ _: ["."] }, () => {}, () => {}, () => false);
    const plain = {};
    for (const [key, value] of Object.entries(outputs ?? {})) {
        plain[key] = pulumi.Output.isInstance(value) ? await new Promise((res) => value.apply(res)) : value;
    }
    return plain;
}

main().then(
    (outputs) => {
        process.stdout.write(JSON.stringify({ ok: true, resources, outputs }) + "\n");
        process.exit(0);
    },
    (error) => {
        process.stdout.write(
            JSON.stringify({ ok: false, runError: pulumi.RunError.isInstance(error), name: error?.name, message: String(error?.message ?? error) }) + "\n",
        );
        process.exit(0);
    },
);
