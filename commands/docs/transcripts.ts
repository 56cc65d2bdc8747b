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

/**
 * A command's run as a doc shows it: the command line, what it printed, its exit code. `shown` maps,
 * in order, what the test servers print (addresses, temporary paths) to what they stand for.
 */
export function transcriptOf(command: string, run: { stdout: string; code: number }, shown: [from: string, to: string][]): string {
    return shown.reduce((text, [from, to]) => text.replaceAll(from, to), `$ ${command}\n${run.stdout.trimEnd()}\n(exit ${run.code})\n`);
}

export function readGolden(root: string): (name: string) => string {
    return (name) => {
        const text = fs.readFileSync(path.join(root, "tests", "golden", `${name}.txt`), "utf8");
        return text.endsWith("\n") ? text : `${text}\n`;
    };
}

/** Every Markdown file under docs/ that shows a transcript, with its text and its blocks. */
export function docsWithTranscripts(root: string): { file: string; doc: string; blocks: TranscriptBlock[] }[] {
    const dir = path.join(root, "docs");
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(".md"))
        .map((f) => {
            const doc = fs.readFileSync(path.join(dir, f), "utf8");
            return { file: path.join(dir, f), doc, blocks: transcriptBlocks(doc) };
        })
        .filter((d) => d.blocks.length > 0);
}

if (require.main === module) {
    const root = path.resolve(__dirname, "../..");
    const golden = readGolden(root);
    for (const { file, doc, blocks } of docsWithTranscripts(root)) {
        fs.writeFileSync(file, withTranscripts(doc, golden));
        process.stdout.write(`${path.relative(root, file)}: ${blocks.map((b) => b.name).join(", ")}\n`);
    }
}
