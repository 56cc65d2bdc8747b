import { describe, expect, it } from "vitest";
import { accessMessage, classifyAccess } from "../components/oktaAccess";

/**
 * What the real provider reports when the org refuses its credential or is not an Okta org, and the one
 * message the stack gives for it. The reasons are the provider's own texts (e2e/stack.e2e.test.ts runs
 * it against the fake org answering 401, 403 and 404).
 */

const ORG = "https://acme.okta.com";

describe("classifyAccess: the org or the credential, not the lookup", () => {
    it.each([
        ["[ERROR] failed validate configuration: error with v3 SDK client: 401 Unauthorized", "credential"],
        ["failed validate configuration: error with v3 SDK client: the API returned an error: Invalid token provided", "credential"],
        ['oauth2: cannot fetch token: 401 Unauthorized Response: {"error":"invalid_client"}', "credential"],
        ["[ERROR] failed validate configuration: error with v3 SDK client: 403 Forbidden", "permission"],
        ["the API returned an error: You do not have permission to perform the requested action (E0000006)", "permission"],
        ["[ERROR] failed validate configuration: error with v3 SDK client: 404 Not Found", "org"],
        ['Get "https://acme.okta.com/api/v1/users/me": dial tcp: lookup acme.okta.com: no such host', "org"],
    ])("%s -> %s", (reason, kind) => {
        expect(classifyAccess(reason)?.kind).toBe(kind);
    });

    it.each(['group with name "Kiro-Users" does not exist', "failed to query for groups: no group found", "user not found"])(
        "a lookup's own failure is left to the lookup: %s",
        (reason) => {
            expect(classifyAccess(reason)).toBeUndefined();
        },
    );

    it("keeps Okta's answer without the provider's prefix", () => {
        expect(classifyAccess("[ERROR] failed validate configuration: error with v3 SDK client: 401 Unauthorized")?.answer).toBe(
            "401 Unauthorized",
        );
    });
});

describe("accessMessage: one message, naming the setting to fix", () => {
    it("a refused token names okta:apiToken and how to set it as a secret", () => {
        expect(accessMessage({ kind: "credential", answer: "401 Unauthorized" }, "stack", ORG)).toBe(
            "okta:apiToken: https://acme.okta.com refused the Okta provider's credential (401 Unauthorized); expected a valid API token of an admin of that org: `pulumi config set --secret okta:apiToken <token>` (or, for a service app, okta:clientId with its private key)",
        );
    });

    it("a refused permission names okta:scopes", () => {
        expect(accessMessage({ kind: "permission", answer: "403 Forbidden" }, "stack", ORG)).toMatch(
            /^okta:scopes: https:\/\/acme\.okta\.com answered/,
        );
    });

    it("no Okta org names okta:orgName and okta:baseUrl", () => {
        expect(accessMessage({ kind: "org", answer: "404 Not Found" }, "stack", ORG)).toMatch(
            /^okta:orgName, okta:baseUrl: the Okta provider found no Okta org at https:\/\/acme\.okta\.com \(404 Not Found\)/,
        );
    });

    it("from the component (any language) it names the Okta provider's settings, with no `pulumi config`", () => {
        for (const kind of ["credential", "permission", "org"] as const) {
            const text = accessMessage({ kind, answer: "x" }, "arguments", ORG);
            expect(text).toMatch(/^the Okta provider's \w+ \(okta:\w+\)/);
            expect(text).not.toContain("pulumi config");
        }
    });

    it("never sends the reader looking for a group or a user", () => {
        for (const kind of ["credential", "permission", "org"] as const)
            for (const reader of ["stack", "arguments"] as const)
                expect(accessMessage({ kind, answer: "x" }, reader, ORG)).not.toMatch(/group|user|assign/i);
    });
});
