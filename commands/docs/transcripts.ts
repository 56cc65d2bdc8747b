import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The command runs shown in docs/ are golden files (tests/golden/<name>.txt), which the tests write
 * from real runs against the test servers, with the servers' addresses and the temporary paths shown
 * as the ones they stand for. A doc shows one after its marker line, in a fenced block:
 *
 *     <!-- transcript: tests/golden/<name>.txt (npm run docs:transcripts) -->
 *
 * `npm run docs:transcripts` copies each golden file into its block; tests/configDocs.test.ts fails
 * when a block differs from its file.
 */

const MARKER = /^<!-- transcript: tests\/golden\/([\w.-]+)\.txt \(npm run docs:transcripts\) -->\n```\n([\s\S]*?)```$/gm;

export interface TranscriptBlock {
    name: string;
    body: string;
}

/** The transcript blocks of a doc, in order. */
export function transcriptBlocks(doc: string): TranscriptBlock[] {
    return [...doc.matchAll(MARKER)].map((m) => ({ name: m[1], body: m[2] }));
}

/** The doc with each block's body replaced by its golden file's text. */
export function withTranscripts(doc: string, golden: (name: string) => string): string {
    return doc.replace(MARKER, (whole: string, name: string) => `${whole.slice(0, whole.indexOf("\n") + 1)}\`\`\`\n${golden(name)}\`\`\``);
}

export function readGolden(root: string): (name: string) => string {
    return (name) => {
        const text = fs.readFileSync(path.join(root, "tests", "golden", `${name}.txt`), "utf8");
        return text.endsWith("\n") ? text : `${text}\n`;
    };
}

/** Every Markdown file under docs/ that shows a transcript. */
export function docsWithTranscripts(root: string): string[] {
    const dir = path.join(root, "docs");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.join(dir, f))
        .filter((f) => transcriptBlocks(fs.readFileSync(f, "utf8")).length > 0);
}

if (require.main === module) {
    const root = path.resolve(__dirname, "../..");
    const golden = readGolden(root);
    for (const file of docsWithTranscripts(root)) {
        const doc = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, withTranscripts(doc, golden));
        const names = transcriptBlocks(doc).map((b) => b.name);
        process.stdout.write(`${path.relative(root, file)}: ${names.join(", ")}\n`);
    }
}
