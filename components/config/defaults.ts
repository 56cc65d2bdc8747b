/** Every optional setting's default, once: fields.ts applies them, a test keeps Pulumi.yaml equal to them. */

/** Ports the guide lists, plus 3128: the port Kiro's CLI binds first (docs/okta-behaviour.md, "Redirect URIs"). */
export const DEFAULT_REDIRECT_PORTS = [3128, 2128, 4649, 6588, 8008, 9091, 49153, 50153, 51153, 52153, 53153];
export const DEFAULT_EXTRA_REDIRECT_URIS = ["kiro://kiro.oauth/callback"];

export const DEFAULTS = {
    assignUsers: [] as string[],
    oidcAppLabel: "Kiro-OIDC",
    samlAppLabel: "Kiro-SAML",
    redirectPorts: DEFAULT_REDIRECT_PORTS,
    extraRedirectUris: DEFAULT_EXTRA_REDIRECT_URIS,
    authServerName: "Kiro",
    authServerDescription: "Issues the codewhisperer scopes Kiro clients request (managed by Pulumi)",
    authServerAudience: "api://kiro",
    // Okta's console defaults for a new rule: a 60-minute access token, an unlimited (0) refresh token
    // that expires after 7 days unused (docs/okta-behaviour.md, "Authorization server, scopes, policy, rule").
    accessTokenLifetimeMinutes: 60,
    refreshTokenLifetimeMinutes: 0,
    refreshTokenWindowMinutes: 10080,
    samlSsoUrl: "https://okta.com",
    samlAudience: "kiro",
    scimApp: "custom-saml",
    pushGroups: [] as string[],
    deletePushedGroupsOnDestroy: false,
    protect: true,
} as const;

/** Which Okta app provisions users and groups to Kiro over SCIM (an enum in the package's schema). */
export const ScimApp = {
    /** The guide's custom SAML 2.0 app (needs Okta's ADVANCED_SSO feature). */
    CustomSaml: "custom-saml",
    /** Okta's "AWS IAM Identity Center" catalog app, as in Kiro's current guide. */
    Catalog: "catalog",
} as const;
export type ScimApp = (typeof ScimApp)[keyof typeof ScimApp];
export const SCIM_APPS = [ScimApp.CustomSaml, ScimApp.Catalog] as const;
export type ScimAppKind = ScimApp;

/**
 * Okta's limits on a rule's token lifetimes, in minutes (docs/okta-behaviour.md, "Token lifetimes"):
 * access 5 to 1440; refresh 10 to 2628000 (5 years) or 0, unlimited; the window it expires in unused,
 * 10 to 2628000. The provider says the window may be 5 (resource_okta_auth_server_policy_rule.go
 * ~87-91); Okta's minimum for a refresh token is 10, and a window shorter than that is one.
 */
export const TOKEN_LIMITS = {
    accessTokenLifetimeMinutes: { min: 5, max: 1440 },
    refreshTokenLifetimeMinutes: { min: 10, max: 2628000, unlimited: 0 },
    refreshTokenWindowMinutes: { min: 10, max: 2628000 },
} as const;
