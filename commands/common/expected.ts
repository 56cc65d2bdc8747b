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

/**
 * The OIDC app Kiro's clients need: a native public client with PKCE (Kiro's OAuth client metadata,
 * https://kiro.dev/oauth/client-metadata.json), the guide's refresh token grant, rotating refresh
 * tokens as the stack sets them (Okta's recommendation for public clients).
 */
export const OIDC_APP = {
    applicationType: "native",
    tokenEndpointAuthMethod: "none",
    requiredGrants: ["authorization_code", "refresh_token"],
    /** OAuth 2.0 Security BCP (RFC 9700): none of these on a public client. */
    forbiddenGrants: ["implicit", "password", "client_credentials"],
    responseTypes: ["code"],
    refreshTokenRotation: "ROTATE",
} as const;

/** Okta's feature names once provisioning is on with the guide's push actions. */
export const PROVISIONING_FEATURES = ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"] as const;

/** A rule that grants Kiro's token: the authorization code grant and every scope Kiro's clients request. */
export function grantsKiroToken(rule: { grantTypes: string[]; scopes: string[] }): boolean {
    return rule.grantTypes.includes(RULE_GRANT) && RULE_SCOPES.every((s) => rule.scopes.includes(s) || rule.scopes.includes("*"));
}
