import * as fs from "node:fs";
import { driftSummary, type PreviewDigest } from "./report";

// npm run drift-summary -- <preview.json> <stack> <preview exit code>: markdown on stdout.
const [file, stack = "(stack)", code = "0"] = process.argv.slice(2);
let digest: PreviewDigest | undefined;
try {
    digest = JSON.parse(fs.readFileSync(file, "utf8")) as PreviewDigest;
} catch {
    digest = undefined;
}
process.stdout.write(driftSummary(stack, Number(code), digest));
