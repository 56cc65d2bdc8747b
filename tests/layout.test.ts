import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The rule of the tree: each command (plan, verify, adopt, drift, bench) imports only from below it
 * (cli/, net/, mock/, internals/, components/), never from another command, so a command can change
 * without breaking the others. Code two commands need moves down into cli/.
 */

const ROOT = path.resolve(__dirname, "..");
const COMMANDS = ["plan", "verify", "adopt", "drift", "bench"];

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
    });
}

describe("layout", () => {
    it.each(COMMANDS)("%s imports no other command", (command) => {
        const offending = sources(path.join(ROOT, command)).flatMap((file) =>
            [...fs.readFileSync(file, "utf8").matchAll(/from "(\.{1,2}\/[^"]+)"/g)]
                .map((m) => path.relative(ROOT, path.resolve(path.dirname(file), m[1])).split(path.sep)[0])
                .filter((top) => COMMANDS.includes(top) && top !== command)
                .map((top) => `${path.relative(ROOT, file)} -> ${top}/`),
        );
        expect(offending).toEqual([]);
    });
});

describe("start-up: a command loads the heavy SDKs only when it uses them", () => {
    it.concurrent.each(["verify/cli.ts", "adopt/cli.ts", "plan/cli.ts"])(
        "%s loads neither the Okta SDK nor @pulumi/pulumi on import",
        async (entry) => {
            const script = `require(${JSON.stringify(path.join(ROOT, entry))}); const loaded = Object.keys(require.cache); console.log(JSON.stringify(loaded.filter((f) => /@okta[\\\\/]okta-sdk-nodejs|@pulumi[\\\\/]pulumi[\\\\/]/.test(f)).length));`;
            const out = await promisify(execFile)(process.execPath, ["--require", "tsx/cjs", "-e", script], {
                cwd: ROOT,
                encoding: "utf8",
            });
            expect(Number(out.stdout.trim())).toBe(0);
        },
    );
});
