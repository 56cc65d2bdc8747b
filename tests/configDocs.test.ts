import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { projectConfig, renderConfigTable, TABLE_END, TABLE_START } from "../commands/docs/configTable";
import { docsWithTranscripts, readGolden, withTranscripts } from "../commands/docs/transcripts";

/** Runs a docs script with tsx from the repository's root, as npm run does. */
function runScript(script: string) {
    const root = path.resolve(__dirname, "..");
    return spawnSync(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), script], {
        cwd: root,
        encoding: "utf8",
    });
}

describe("docs/configuration.md", () => {
    it("its table of keys is the one Pulumi.yaml makes (regenerate: npm run docs:config)", () => {
        const root = path.resolve(__dirname, "..");
        const doc = fs.readFileSync(path.join(root, "docs", "configuration.md"), "utf8");
        const block = doc.slice(doc.indexOf(TABLE_START) + TABLE_START.length + 1, doc.indexOf(TABLE_END) - 1);
        expect(block).toBe(renderConfigTable(projectConfig(root)));
    });

    it("npm run docs:config rewrites the table in place from the repository's Pulumi.yaml", () => {
        const root = path.resolve(__dirname, "..");
        const doc = path.join(root, "docs", "configuration.md");
        const before = fs.readFileSync(doc, "utf8");
        const run = runScript("commands/docs/configTable.ts");
        expect(run.stderr).toBe("");
        expect(run.stdout).toBe("updated the table in docs/configuration.md from Pulumi.yaml\n");
        expect(fs.readFileSync(doc, "utf8")).toBe(before);
    });

    it("lists every key the program accepts, each once", () => {
        const table = renderConfigTable(projectConfig(path.resolve(__dirname, "..")));
        for (const key of ["assignGroups", "scimApp", "pushGroups", "protect"])
            expect(table.match(new RegExp(`\\| \`${key}\` \\|`, "g"))).toHaveLength(1);
    });
});

describe("the command runs docs/ shows", () => {
    const root = path.resolve(__dirname, "..");

    it("are the golden files the tests write from real runs (copy them in: npm run docs:transcripts)", () => {
        const docs = docsWithTranscripts(root);
        expect(docs.map((d) => path.relative(root, d.file))).toEqual(expect.arrayContaining(["docs/adopt.md", "docs/verify.md"]));
        const golden = readGolden(root);
        for (const { file, blocks } of docs)
            for (const block of blocks) expect(block.body, `${path.relative(root, file)}: ${block.name}`).toBe(golden(block.name));
    });

    it("show no test server's address or temporary path", () => {
        for (const { blocks } of docsWithTranscripts(root))
            for (const block of blocks) expect(block.body).not.toMatch(/127\.0\.0\.1|\/tmp\/|:\d{5}\b/);
    });

    it("a block takes its file's text as written, whatever it holds ($ signs included), and keeps the rest of the doc", () => {
        const doc = "# t\n<!-- transcript: tests/golden/x.txt (npm run docs:transcripts) -->\n```\nold\n```\n\nafter\n";
        expect(withTranscripts(doc, () => "$ run $& $'\n")).toBe(
            "# t\n<!-- transcript: tests/golden/x.txt (npm run docs:transcripts) -->\n```\n$ run $& $'\n```\n\nafter\n",
        );
    });

    it("npm run docs:transcripts rewrites the blocks in place from tests/golden", () => {
        const docs = docsWithTranscripts(root);
        const files = docs.map((d) => d.file);
        const before = docs.map((d) => d.doc);
        const run = runScript("commands/docs/transcripts.ts");
        expect(run.stderr).toBe("");
        expect(run.stdout).toContain("docs/verify.md: verify-users, verify-console-edits\n");
        expect(files.map((f) => fs.readFileSync(f, "utf8"))).toEqual(before);
    });
});
