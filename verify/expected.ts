/**
 * What a working Kiro setup has, stated by verify itself (not taken from the components it checks,
 * so a wrong component constant shows up as a failed check). Sources: docs/okta-behaviour.md.
 */

/** Kiro's Okta guide: the two scopes, "User consent: Implicit". */
export const KIRO_SCOPES = ["codewhisperer:completions", "codewhisperer:conversations"] as const;
/** Kiro's Okta guide, the rule's "Scopes requested"; offline_access brings the refresh token. */
export const RULE_SCOPES = [...KIRO_SCOPES, "offline_access"] as const;
/** Kiro's Okta guide, Token Preview: grant type "Authorization Code". */
export const RULE_GRANT = "authorization_code";
