/**
 * Who reads a message, and so how it says to change a setting. The KiroOkta component is used from
 * any language (TypeScript, Python, YAML, ...), so its own messages name its arguments; this
 * repository's stack (index.ts) gives each setting as stack config, and says `pulumi config set`.
 */
export type Reader = "arguments" | "stack";

export interface SetHow {
    /** A list: the stack sets its first item with --path. */
    list?: boolean;
    secret?: boolean;
    /** A stack value the CLI would take for a secret (a "token"): `--plaintext` (pkg/cmd/pulumi/config/config.go looksLikeSecret). */
    plaintext?: boolean;
}

/** How the reader gives `key` the value `example` (a placeholder such as <group>, or a real value). */
export function howToSet(reader: Reader, key: string, example: string, how: SetHow = {}): string {
    if (reader === "arguments") return `set the ${key} argument to ${how.list ? `[${example}]` : example}`;
    const flags = [how.secret && "--secret", how.plaintext && "--plaintext", how.list && "--path"].filter(Boolean);
    return `\`pulumi config set ${[...flags, how.list ? `'${key}[0]'` : key, example].join(" ")}\``;
}

/** The Okta org's name and domain: the provider's config for the stack, the component's own arguments. */
export const ORG_KEYS: Record<Reader, { orgName: string; baseUrl: string }> = {
    stack: { orgName: "okta:orgName", baseUrl: "okta:baseUrl" },
    arguments: { orgName: "oktaOrgName", baseUrl: "oktaBaseUrl" },
};

/** The heading and closing line of a list of problems. */
export function problemsMessage(reader: Reader, problems: readonly string[]): string {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    return [
        reader === "stack" ? `kiro-okta configuration is invalid (${count}):` : `KiroOkta: the arguments are invalid (${count}):`,
        ...problems.map((p) => `  - ${p}`),
        ...(reader === "stack"
            ? [
                  "Set a value with `pulumi config set <key> <value>` (lists: `pulumi config set --path 'assignGroups[0]' <name>`; secrets: add --secret).",
              ]
            : []),
    ].join("\n");
}
