import type { Reader } from "./config/messages";

/**
 * A lookup that failed because the Okta org refused the provider's credential, or because the provider
 * does not reach an Okta org at all, is not a missing group or user: it is one problem for the whole run,
 * named by the setting to fix (docs/okta-behaviour.md, "Provider configuration").
 *
 * With an API token the provider checks it at configure with GET /api/v1/users/me and fails every call
 * after it with "failed validate configuration: error with v3 SDK client: <status>"
 * (terraform-provider-okta v6.12.0 okta/provider/provider.go ~148-150, okta/config/config.go ~257-268).
 * With a service app's key, a refused grant fails the token request ("invalid_client"), and a missing
 * scope answers 403 on the call that needs it.
 */

export type AccessKind = "credential" | "permission" | "org";

export interface AccessProblem {
    kind: AccessKind;
    /** Okta's or the network's answer, as the provider reported it. */
    answer: string;
}

const CONFIGURE = /failed validate configuration:\s*(?:error with v[23] SDK client:\s*)?(.*)/i;
const CREDENTIAL = /\b401\b|E0000011|Invalid token provided|invalid_client|invalid_token|invalid_grant|unauthorized_client/i;
const PERMISSION = /\b403\b|E0000006|insufficient_scope|invalid_scope|E0000015/i;
const NO_ORG = /no such host|connection refused|x509|certificate|i\/o timeout/i;

/** What a lookup's error says of the org and the credential, or undefined when it is about the lookup itself. */
export function classifyAccess(message: string): AccessProblem | undefined {
    const lines = message.split("\n").map((l) => l.replace(/^\s*\*\s*/, "").trim());
    const configure = lines.map((l) => CONFIGURE.exec(l)?.[1]).find((a) => a !== undefined);
    const line = (re: RegExp) => configure ?? lines.find((l) => re.test(l));
    if (configure !== undefined ? CREDENTIAL.test(configure) : lines.some((l) => CREDENTIAL.test(l)))
        return { kind: "credential", answer: line(CREDENTIAL)!.trim() };
    if (configure !== undefined ? PERMISSION.test(configure) : lines.some((l) => PERMISSION.test(l)))
        return { kind: "permission", answer: line(PERMISSION)!.trim() };
    // Anything else that fails the configure check, or no Okta org at the address: the org's name or domain.
    if (configure !== undefined) return { kind: "org", answer: configure.trim() };
    const unreachable = lines.find((l) => NO_ORG.test(l));
    return unreachable ? { kind: "org", answer: unreachable } : undefined;
}

/** The settings a reader changes for each kind of problem: the stack's `okta:` config, or the component's Okta provider. */
function settingNames(reader: Reader) {
    const p = (key: string) => (reader === "stack" ? `okta:${key}` : `the Okta provider's ${key} (okta:${key})`);
    return { token: p("apiToken"), scopes: p("scopes"), orgName: p("orgName"), baseUrl: p("baseUrl"), clientId: p("clientId") };
}

/** One message for the run, naming the setting to fix and never a group or user. */
export function accessMessage(problem: AccessProblem, reader: Reader, orgUrl: string | undefined): string {
    const keys = settingNames(reader);
    const org = orgUrl ?? "the Okta org";
    const set = (how: string) => (reader === "stack" ? `: ${how}` : "");
    switch (problem.kind) {
        case "credential":
            return (
                `${keys.token}: ${org} refused the Okta provider's credential (${problem.answer}); ` +
                `expected a valid API token of an admin of that org${set("`pulumi config set --secret okta:apiToken <token>`")}` +
                ` (or, for a service app, ${keys.clientId} with its private key)`
            );
        case "permission":
            return (
                `${keys.scopes}: ${org} answered that the Okta provider's credential may not do this (${problem.answer}); ` +
                `expected an admin's API token allowed to manage apps and authorization servers, or a service app granted ` +
                `the scopes in README, "Permissions"${set("`pulumi config set --path 'okta:scopes[0]' <scope>`")}`
            );
        case "org":
            return (
                `${keys.orgName}, ${keys.baseUrl}: the Okta provider found no Okta org at ${org} (${problem.answer}); ` +
                `expected your org's name and domain, as in https://<orgName>.<baseUrl>` +
                `${set("`pulumi config set okta:orgName <org>` and `pulumi config set okta:baseUrl okta.com`")}`
            );
    }
}
