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
