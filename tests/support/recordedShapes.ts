import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";

/**
 * The shapes real Okta orgs answer in, from the HTTP interactions terraform-provider-okta's acceptance
 * tests recorded (okta/terraform-provider-okta v6.12.0, `test/fixtures/vcr/idaas/<Test>/<org>.yaml`,
 * go-vcr YAML): for each endpoint (the path as Okta's spec writes it) and status, the fields every
 * recorded answer has, top level and one level down. The fake org's answers must have them too.
 *
 * tests/fixtures/okta-recorded-shapes.json is written from the recordings by
 * `npx tsx tests/support/recordedShapes.ts <folder of .yaml recordings>`.
 */

export interface RecordedShape {
    /** "GET /api/v1/apps/{appId} 200", with an app's sign-on mode after it */
    endpoint: string;
    /** Fields every recorded answer has: `key`, or `key.sub` one level down. */
    fields: string[];
    /** The recordings it comes from. */
    from: string[];
}

export interface RecordedShapes {
    source: string;
    shapes: RecordedShape[];
}

interface SpecPaths {
    paths: Record<string, unknown>;
}

const TEMPLATES = Object.keys((createRequire(__filename)("@okta/openapi/dist/spec.json") as SpecPaths).paths).map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`),
}));

/**
 * Paths the provider calls that @okta/openapi 2.15.0's spec lacks: the internal groups claim (in no spec),
 * and paths only the newer management spec has (okta-management-openapi-spec fdda229e).
 */
const UNPUBLISHED = [
    "/api/v1/internal/apps/{appId}/settings/oauth/idToken",
    "/api/v1/apps/{appId}/sso/saml/metadata",
    "/api/v1/apps/{appId}/group-push/mappings",
    "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
    "/.well-known/okta-organization",
].map((template) => ({ template, pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));

/** The path as the spec writes it: the most specific template that matches (a literal segment beats a parameter). */
export function templateOf(pathname: string): string | undefined {
    const matches = [...TEMPLATES, ...UNPUBLISHED].filter((t) => t.pattern.test(pathname));
    matches.sort((a, b) => b.template.replace(/\{[^}]+\}/g, "").length - a.template.replace(/\{[^}]+\}/g, "").length);
    return matches[0]?.template;
}

/** An app's answers differ by sign-on mode: its shapes are kept apart ("GET /api/v1/apps/{appId} 200 SAML_2_0"). */
export function endpointOf(method: string, template: string, status: number, body: unknown): string {
    const item = (Array.isArray(body) ? body[0] : body) as { signOnMode?: unknown } | undefined;
    const mode = item && typeof item === "object" && typeof item.signOnMode === "string" ? ` ${item.signOnMode}` : "";
    return `${method} ${template} ${status}${mode}`;
}

/** The fields of an answer's body: each top-level key, and each key one level down in an object (the first item of a list). */
export function fieldsOf(body: unknown): string[] {
    const item = Array.isArray(body) ? body[0] : body;
    if (!item || typeof item !== "object") return [];
    const fields: string[] = [];
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
        fields.push(key);
        if (value && typeof value === "object" && !Array.isArray(value) && !key.startsWith("_"))
            for (const sub of Object.keys(value)) fields.push(`${key}.${sub}`);
    }
    return fields.sort();
}

/** What the fake org answered that lacks a field every recorded answer of that endpoint has. */
export function shapeViolations(
    answers: { method: string; path: string; status: number; body: unknown }[],
    recorded: RecordedShapes,
): string[] {
    const byEndpoint = new Map(recorded.shapes.map((s) => [s.endpoint, s]));
    const problems = new Set<string>();
    for (const answer of answers) {
        const template = templateOf(answer.path);
        const shape = template && byEndpoint.get(endpointOf(answer.method, template, answer.status, answer.body));
        if (!shape) continue;
        const have = new Set(fieldsOf(answer.body));
        const missing = shape.fields.filter((f) => !have.has(f));
        if (missing.length) problems.add(`${shape.endpoint}: lacks ${missing.join(", ")} (recorded in ${shape.from.join(", ")})`);
    }
    return [...problems];
}

export function loadRecordedShapes(): RecordedShapes {
    return JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "okta-recorded-shapes.json"), "utf8")) as RecordedShapes;
}

/** Reads go-vcr recordings and writes the fixture (the recordings themselves stay where they are). */
function extract(folder: string): RecordedShapes {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const yaml = require("js-yaml") as { load(text: string): unknown };
    const seen = new Map<string, { fields: Set<string>; from: Set<string> }>();
    for (const file of fs
        .readdirSync(folder)
        .filter((f) => f.endsWith(".yaml"))
        .sort()) {
        const doc = yaml.load(fs.readFileSync(path.join(folder, file), "utf8")) as {
            interactions: { request: { method: string; url: string }; response: { code: number; body: string } }[];
        };
        for (const { request, response } of doc.interactions) {
            const template = templateOf(new URL(request.url).pathname);
            if (!template || (!response.body.trim().startsWith("{") && !response.body.trim().startsWith("["))) continue;
            const body = JSON.parse(response.body) as unknown;
            const fields = fieldsOf(body);
            if (!fields.length) continue;
            const endpoint = endpointOf(request.method, template, response.code, body);
            const entry = seen.get(endpoint);
            const test = file.replace(/__.*$/, "");
            if (!entry) seen.set(endpoint, { fields: new Set(fields), from: new Set([test]) });
            else {
                for (const f of entry.fields) if (!fields.includes(f)) entry.fields.delete(f);
                entry.from.add(test);
            }
        }
    }
    return {
        source: "okta/terraform-provider-okta v6.12.0 (commit e59c130b), test/fixtures/vcr/idaas/<Test>/<org>.yaml: responses recorded from real orgs by the provider's acceptance tests",
        shapes: [...seen.entries()]
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([endpoint, { fields, from }]) => ({ endpoint, fields: [...fields].sort(), from: [...from].sort() })),
    };
}

if (require.main === module) {
    const folder = process.argv[2];
    if (!folder) throw new Error("usage: tsx tests/support/recordedShapes.ts <folder of go-vcr .yaml recordings>");
    const out = path.join(__dirname, "..", "fixtures", "okta-recorded-shapes.json");
    fs.writeFileSync(out, JSON.stringify(extract(folder), null, 2) + "\n");
    process.stdout.write(`${out}\n`);
}
