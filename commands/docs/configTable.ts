import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/**
 * docs/configuration.md's table of config keys, made from Pulumi.yaml (which a test keeps equal to the
 * program's schema, components/config/): the key, its type, its default and its description,
 * so the table can never say other than what `pulumi config` and the program say.
 * `npm run docs:config` rewrites the table; tests/configDocs.test.ts fails when it is stale.
 */

export const TABLE_START = "<!-- config:start (generated from Pulumi.yaml: npm run docs:config) -->";
export const TABLE_END = "<!-- config:end -->";

interface Declared {
    type: "string" | "integer" | "boolean" | "array";
    items?: { type: string };
    description?: string;
    default?: unknown;
}

const TYPES: Record<string, string> = { string: "text", integer: "integer", boolean: "boolean" };

function typeOf(d: Declared): string {
    return d.type === "array" ? `list of ${d.items?.type === "integer" ? "integers" : "text"}` : TYPES[d.type];
}

function defaultOf(d: Declared): string {
    if (!("default" in d)) return "(required)";
    if (d.default === "") return "unset";
    return `\`${typeof d.default === "string" ? d.default : JSON.stringify(d.default)}\``;
}

/** The Markdown table for a parsed Pulumi.yaml's `config:`. */
export function renderConfigTable(project: { config: Record<string, Declared> }): string {
    const rows = Object.entries(project.config).map(
        ([key, d]) => `| \`${key}\` | ${typeOf(d)} | ${defaultOf(d)} | ${(d.description ?? "").replace(/\|/g, "\\|")} |`,
    );
    return ["| key | type | default | what it is |", "| --- | --- | --- | --- |", ...rows].join("\n");
}

export function projectConfig(root: string): { config: Record<string, Declared> } {
    return yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as { config: Record<string, Declared> };
}

/** The doc with its table between the markers replaced. */
export function withConfigTable(doc: string, table: string): string {
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END);
    if (start < 0 || end < start) throw new Error(`docs/configuration.md has no ${TABLE_START} ... ${TABLE_END} block`);
    return `${doc.slice(0, start)}${TABLE_START}\n${table}\n${doc.slice(end)}`;
}

if (require.main === module) {
    const root = path.resolve(__dirname, "../..");
    const file = path.join(root, "docs", "configuration.md");
    fs.writeFileSync(file, withConfigTable(fs.readFileSync(file, "utf8"), renderConfigTable(projectConfig(root))));
    process.stdout.write(`updated the table in ${path.relative(root, file)} from Pulumi.yaml\n`);
}
