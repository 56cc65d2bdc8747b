import { Record as DnsRecord } from "@pulumi/aws/route53";
import { OAuth } from "@pulumi/okta/app";
import { ServerPolicy, ServerPolicyRule, ServerScope } from "@pulumi/okta/auth";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Policies that hold a Kiro stack to the guide and to safe practice. Plain objects, so they can be
 * tested without the Pulumi CLI; the pack itself is built in index.ts.
 *
 * A guard states its limits itself: every threshold and allowed list below is a literal with its
 * source, never a constant of the components it checks, so a wrong component constant is caught.
 */

/** Grants a native public client must not have (OAuth 2.0 Security BCP, RFC 9700 sections 2.1.2 and 2.4). */
const FORBIDDEN_GRANTS = ["implicit", "password", "client_credentials"];
/** Kiro's Okta guide: the two scopes, "User consent: Implicit". */
const KIRO_SCOPES = ["codewhisperer:completions", "codewhisperer:conversations"];
/** Kiro's Okta guide, the rule's "Scopes requested": the two Kiro scopes and offline_access. */
const RULE_SCOPES = [...KIRO_SCOPES, "offline_access"];
/** Kiro's Okta guide, Token Preview: "Authorization Code"; refresh tokens come from offline_access. */
const RULE_GRANTS = ["authorization_code"];
/** Okta's console defaults for a new rule (docs/okta-behaviour.md): access token 60 min, refresh token window 7 days. */
const MAX_ACCESS_TOKEN_MINUTES = 60;
const MAX_REFRESH_WINDOW_MINUTES = 10080;
/** RFC 8252 section 7.3: loopback redirect URIs; section 8.3: "localhost" is allowed by Okta and Kiro's clients use it. */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];
/** Schemes that are not private-use (RFC 8252 section 7.1). */
const PUBLIC_SCHEMES = ["https:", "javascript:", "data:", "file:", "ftp:", "ws:", "wss:", "about:", "blob:"];

/** Why a redirect URI is not one a native app may use, or undefined. */
function redirectUriProblem(uri: string): string | undefined {
    let url: URL;
    try {
        url = new URL(uri);
    } catch {
        return "is not a URI";
    }
    // RFC 6749 section 3.1.2: no fragment.
    if (uri.includes("#")) return "has a fragment";
    if (url.protocol === "http:")
        return LOOPBACK_HOSTS.includes(url.hostname) ? undefined : `uses http with host "${url.hostname}", which is not loopback`;
    if (PUBLIC_SCHEMES.includes(url.protocol)) return `uses the ${url.protocol.slice(0, -1)} scheme`;
    return undefined;
}

export const oidcAppIsNativePublicClient: ResourceValidationPolicy = {
    name: "kiro-oidc-app-native-public-pkce",
    description: "The Kiro OIDC app is a native public client with PKCE: no implicit or password grant, no client secret.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(OAuth, (app, _args, report) => {
        if (app.type !== "native") report(`type is "${app.type}"; Kiro clients need a native app ("native").`);
        if (app.tokenEndpointAuthMethod !== "none") {
            report(
                `tokenEndpointAuthMethod is "${app.tokenEndpointAuthMethod ?? "client_secret_basic (the provider's default)"}"; a public client needs "none".`,
            );
        }
        if (app.pkceRequired !== true) report("pkceRequired is not true; Kiro clients use PKCE (S256).");
        for (const grant of app.grantTypes ?? []) {
            if (FORBIDDEN_GRANTS.includes(grant))
                report(`grant type "${grant}" is allowed; only authorization_code and refresh_token belong on the Kiro app.`);
        }
        if (app.clientBasicSecret !== undefined || app.clientBasicSecretWo !== undefined) {
            report("a client secret is set; a public client has none (native apps cannot keep one).");
        }
    }),
};

export const redirectUrisAreLoopbackOrPrivateUse: ResourceValidationPolicy = {
    name: "kiro-oidc-redirect-uris-rfc8252",
    description: "The Kiro OIDC app's redirect URIs are loopback http or a private-use scheme (RFC 8252).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(OAuth, (app, _args, report) => {
        for (const uri of app.redirectUris ?? []) {
            const problem = redirectUriProblem(uri);
            if (problem) report(`redirect URI "${uri}" ${problem}; expected http://localhost:PORT/... or a private-use scheme.`);
        }
    }),
};

export const ruleGrantsOnlyKiroScopes: ResourceValidationPolicy = {
    name: "kiro-rule-grants-only-kiro-scopes",
    description: `The Kiro policy rule grants only ${RULE_SCOPES.join(", ")}, with the authorization code grant.`,
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(ServerPolicyRule, (rule, _args, report) => {
        const scopes = rule.scopeWhitelists ?? [];
        if (scopes.length === 0) report('scopeWhitelists is empty, which Okta reads as "any scope"; list the Kiro scopes.');
        for (const scope of scopes) {
            if (!RULE_SCOPES.includes(scope)) report(`scope "${scope}" is granted; only ${RULE_SCOPES.join(", ")} are.`);
        }
        for (const grant of rule.grantTypeWhitelists ?? []) {
            if (!RULE_GRANTS.includes(grant)) {
                report(`grant type "${grant}" is allowed; Kiro clients use authorization_code (refresh tokens come from offline_access).`);
            }
        }
    }),
};

export const policyNamesSpecificClients: ResourceValidationPolicy = {
    name: "kiro-policy-specific-clients",
    description: "The Kiro access policy is assigned to specific clients, never to all clients.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(ServerPolicy, (policy, _args, report) => {
        const clients = policy.clientWhitelists ?? [];
        if (clients.length === 0) report("clientWhitelists is empty; assign the policy to the Kiro OIDC app's client ID.");
        if (clients.includes("ALL_CLIENTS"))
            report("clientWhitelists includes ALL_CLIENTS; assign the policy to the Kiro OIDC app's client ID only.");
    }),
};

export const kiroScopesHaveImplicitConsent: ResourceValidationPolicy = {
    name: "kiro-scopes-implicit-consent",
    description: `The Kiro scopes (${KIRO_SCOPES.join(", ")}) have implicit consent (guide: "User consent: Implicit").`,
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(ServerScope, (scope, _args, report) => {
        if (KIRO_SCOPES.includes(scope.name ?? "") && scope.consent !== "IMPLICIT") {
            report(
                `scope "${scope.name}" has consent "${scope.consent ?? "(Okta's default)"}"; Kiro's clients cannot show a consent screen, set "IMPLICIT".`,
            );
        }
    }),
};

export const txtRecordsKeepExistingValues: ResourceValidationPolicy = {
    name: "txt-record-keeps-existing-values",
    description: "No Route53 TXT record overwrites an existing set without keeping its values.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(DnsRecord, (record, args, report) => {
        // Only kiro:aws:DomainVerification reads the existing set and merges into it (txtRecord.ts).
        if (record.type === "TXT" && record.allowOverwrite === true && !args.urn.includes("kiro:aws:DomainVerification$")) {
            report(
                `TXT record "${record.name}" may overwrite an existing record set (allowOverwrite) without merging its values; ` +
                    "create it with the kiro:aws:DomainVerification component, which keeps them.",
            );
        }
    }),
};

export const refreshTokenRotation: ResourceValidationPolicy = {
    name: "kiro-refresh-token-rotation",
    description: "Refresh token rotation is on for the Kiro OIDC app (Okta's recommendation for public clients).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(OAuth, (app, _args, report) => {
        if (app.refreshTokenRotation !== "ROTATE") {
            report(
                `refreshTokenRotation is "${app.refreshTokenRotation ?? "STATIC (the provider's default)"}"; "ROTATE" limits a leaked refresh token.`,
            );
        }
    }),
};

export const tokenLifetimesWithinConsoleDefaults: ResourceValidationPolicy = {
    name: "kiro-token-lifetimes",
    description: "Token lifetimes are no longer than Okta's console defaults (access 60 min; refresh expires after 7 days unused).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(ServerPolicyRule, (rule, _args, report) => {
        // Unset means the provider's defaults (60 min; window 10080), which are within these.
        const access = rule.accessTokenLifetimeMinutes ?? MAX_ACCESS_TOKEN_MINUTES;
        const window = rule.refreshTokenWindowMinutes ?? MAX_REFRESH_WINDOW_MINUTES;
        if (access > MAX_ACCESS_TOKEN_MINUTES)
            report(`accessTokenLifetimeMinutes is ${access}; the console default is ${MAX_ACCESS_TOKEN_MINUTES}.`);
        if (window > MAX_REFRESH_WINDOW_MINUTES) {
            report(`refreshTokenWindowMinutes is ${window}; the console default is ${MAX_REFRESH_WINDOW_MINUTES} (7 days).`);
        }
    }),
};

export const policies: ResourceValidationPolicy[] = [
    oidcAppIsNativePublicClient,
    redirectUrisAreLoopbackOrPrivateUse,
    ruleGrantsOnlyKiroScopes,
    policyNamesSpecificClients,
    kiroScopesHaveImplicitConsent,
    txtRecordsKeepExistingValues,
    refreshTokenRotation,
    tokenLifetimesWithinConsoleDefaults,
];
