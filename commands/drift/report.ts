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

/**
 * Failures whose cause and way out are known from the provider's source, recognised by the
 * provider's own words (docs/okta-behaviour.md, "When the provider fails").
 */
const KNOWN_FAILURES: { match: RegExp; explain: (urn?: string) => string }[] = [
    {
        // resource_okta_push_group.go Read (v6.12.0 ~227-231): any GET error, a 404 included, fails the refresh.
        match: /Error reading Okta push group mapping/i,
        explain: (urn) =>
            "A group push the stack made is gone from Okta (deleted in the console): the provider fails the refresh on it instead of " +
            `planning to push again. Remove it from the state, then \`pulumi up\` pushes the group again: \`pulumi state delete '${urn ?? "<urn of the okta:index/pushGroup:PushGroup>"}'\`.`,
    },
    {
        // resource_okta_push_group.go Update/Delete (~251-253, ~287-289): only ACTIVE or INACTIVE pushes.
        match: /Group push mapping in disallowed status/i,
        explain: () =>
            "A group push is in a status other than ACTIVE or INACTIVE (ERROR after a failed push): the provider can neither change nor " +
            "remove it. In Okta Admin > Applications > (SCIM app) > Push Groups, retry or unlink the push, then rerun.",
    },
    {
        // resource_okta_app_saml.go description (~60-63); the same E0000015 answers an org without API Access Management.
        match: /You do not have permission to access the feature you are requesting/i,
        explain: (urn) =>
            urn?.includes("okta:app/saml:Saml")
                ? "Okta refuses custom SAML apps in this org until it has the ADVANCED_SSO feature: ask Okta support to enable it, or set `scimApp catalog` (Okta's AWS IAM Identity Center app)."
                : "Okta refuses this feature in this org: custom authorization servers need API Access Management; custom SAML apps need the ADVANCED_SSO feature (ask Okta support).",
    },
];

/** What to do about a failure message, when its cause is known. */
export function explainFailure(message: string): string | undefined {
    const known = KNOWN_FAILURES.find((k) => k.match.test(message));
    // The URN as the engine prints it, without the punctuation that follows it in the message.
    return known?.explain(/urn:pulumi:[^\s"']+/.exec(message)?.[0].replace(/[:,.;]+$/, ""));
}

/** Markdown for $GITHUB_STEP_SUMMARY. exitCode: the preview's; 7 means it found changes. */
export function driftSummary(stack: string, exitCode: number, digest: PreviewDigest | undefined): string {
    if (exitCode !== 0 && exitCode !== 7) {
        const errors = (digest?.diagnostics ?? []).filter((d) => d.severity === "error").map((d) => d.message?.trim() ?? "");
        const known = errors.map(explainFailure).filter((e): e is string => e !== undefined);
        if (known.length) {
            return [
                `## Drift check for \`${stack}\`: the refresh stopped on a known provider failure (exit ${exitCode})`,
                "",
                ...[...new Set(known)].map((k) => `- ${k}`),
                "",
                "The provider's words:",
                "",
                ...errors.map((e) => `- ${e}`),
                "",
            ].join("\n");
        }
        return [
            `## Drift check for \`${stack}\`: the preview failed (exit ${exitCode})`,
            "",
            ...(errors.length ? errors.map((e) => `- ${e}`) : ["See the job log."]),
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
        "| type | resource | to bring it back, `pulumi up --refresh` would | properties |",
        "| --- | --- | --- | --- |",
        ...rows,
        "",
        "Re-apply the code with `pulumi up --refresh` (a plain `pulumi up` compares with the stored state, which does not hold the drift, and changes nothing), or, if the change made in Okta or AWS is wanted, put it into the config or code " +
            "and open a pull request (docs/ci-and-drift.md).",
        "",
    ].join("\n");
}
