import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { projectConfig, renderConfigTable, TABLE_END, TABLE_START } from "../commands/docs/configTable";

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
        const run = spawnSync(
            process.execPath,
            [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "commands/docs/configTable.ts"],
            {
                cwd: root,
                encoding: "utf8",
            },
        );
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
