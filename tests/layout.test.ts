import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The rule of the tree: what `pulumi up` and the package load lives in components/ (and index.ts, the
 * stack entry); each command in commands/<name>/ imports only from commands/common/ and components/
 * (and index.ts, the program a command runs), never from another command, so a command can change
 * without breaking the others. Code two commands need moves down into commands/common/. components/
 * never imports a command.
 */

const ROOT = path.resolve(__dirname, "..");
const COMMANDS = fs
    .readdirSync(path.join(ROOT, "commands"), { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== "common")
    .map((e) => e.name);

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
    });
}

/** Every relative import of a file as a path from the repository root, with "/" separators. */
function relativeImports(file: string): string[] {
    return [...fs.readFileSync(file, "utf8").matchAll(/(?:from |import\(|^import )"(\.{1,2}\/[^"]+)"/gm)].map((m) =>
        path
            .relative(ROOT, path.resolve(path.dirname(file), m[1]))
            .split(path.sep)
            .join("/"),
    );
}

function violations(dir: string, allowed: (target: string) => boolean): string[] {
    return sources(path.join(ROOT, dir)).flatMap((file) =>
        relativeImports(file)
            .filter((target) => !allowed(target))
            .map((target) => `${path.relative(ROOT, file)} -> ${target}`),
    );
}

describe("layout", () => {
    it("finds the commands in commands/", () => {
        expect(COMMANDS).toEqual(expect.arrayContaining(["adopt", "bench", "drift", "plan", "verify"]));
    });

    it.each(COMMANDS)("commands/%s imports only itself, commands/common, components and index", (command) => {
        const allowed = (t: string) =>
            t.startsWith(`commands/${command}/`) ||
            t.startsWith("commands/common/") ||
            t.startsWith("components/") ||
            /^index(\.js)?$/.test(t);
        expect(violations(`commands/${command}`, allowed)).toEqual([]);
    });

    it("commands/common imports no command", () => {
        const allowed = (t: string) => t.startsWith("commands/common/") || t.startsWith("components/") || /^index(\.js)?$/.test(t);
        expect(violations("commands/common", allowed)).toEqual([]);
    });

    it("components/ (what pulumi up and the package load) imports nothing outside itself", () => {
        expect(violations("components", (t) => t.startsWith("components/"))).toEqual([]);
    });
});

describe("start-up: a command loads the heavy SDKs only when it uses them", () => {
    it.concurrent.each(["commands/verify/cli.ts", "commands/adopt/cli.ts", "commands/plan/cli.ts"])(
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
