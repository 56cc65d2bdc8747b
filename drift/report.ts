/**
 * The drift check's job summary, from `pulumi preview --refresh --expect-no-changes --json`
 * (its previewDigest: steps with op, urn, diffReasons, detailedDiff; see pulumi's display/json.go).
 */

export interface PreviewStep {
    op: string;
    urn: string;
    diffReasons?: string[];
    replaceReasons?: string[];
    detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }>;
}

export interface PreviewDigest {
    steps?: PreviewStep[];
    changeSummary?: Record<string, number>;
    diagnostics?: { message?: string; severity?: string }[];
}

export interface DriftedResource {
    type: string;
    name: string;
    op: string;
    properties: string[];
}

const NO_CHANGE = new Set(["same", "read", "refresh"]);

export function parseUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: parts[2]?.split("$").pop() ?? urn, name: parts.slice(3).join("::") || urn };
}

export function driftedResources(digest: PreviewDigest): DriftedResource[] {
    return (digest.steps ?? [])
        .filter((s) => !NO_CHANGE.has(s.op))
        .map((s) => ({
            ...parseUrn(s.urn),
            op: s.op,
            properties: [...new Set([...Object.keys(s.detailedDiff ?? {}), ...(s.diffReasons ?? []), ...(s.replaceReasons ?? [])])].sort(),
        }));
}

/** Markdown for $GITHUB_STEP_SUMMARY. exitCode: the preview's; 7 means it found changes. */
export function driftSummary(stack: string, exitCode: number, digest: PreviewDigest | undefined): string {
    if (exitCode !== 0 && exitCode !== 7) {
        const errors = (digest?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => `- ${d.message?.trim()}`);
        return [
            `## Drift check for \`${stack}\`: the preview failed (exit ${exitCode})`,
            "",
            ...(errors.length ? errors : ["See the job log."]),
            "",
        ].join("\n");
    }
    const drifted = digest ? driftedResources(digest) : [];
    if (exitCode === 0 && drifted.length === 0) return `## Drift check for \`${stack}\`: no drift\n`;
    const rows = drifted.map(
        (d) => `| \`${d.type}\` | \`${d.name}\` | ${d.op} | ${d.properties.map((p) => `\`${p}\``).join(", ") || "-"} |`,
    );
    return [
        `## Drift check for \`${stack}\`: ${drifted.length} resource${drifted.length === 1 ? "" : "s"} drifted`,
        "",
        "| type | resource | to bring it back, `pulumi up` would | properties |",
        "| --- | --- | --- | --- |",
        ...rows,
        "",
        "Re-apply the code with `pulumi up`, or, if the change made in Okta or AWS is wanted, put it into the config or code " +
            "and open a pull request (README: CI and drift).",
        "",
    ].join("\n");
}
