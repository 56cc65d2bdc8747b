import { Record as DnsRecord } from "@pulumi/aws/route53";
import { OAuth } from "@pulumi/okta/app";
import { ServerPolicy, ServerPolicyRule, ServerScope } from "@pulumi/okta/auth";
import { type ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { KIRO_SCOPES, RULE_SCOPES, RULE_SETTINGS } from "../components/authorizationServer";
import { redirectUriProblem } from "../components/redirectUris";

/**
 * Policies that hold a Kiro stack to the guide and to safe practice. Plain objects, so they can be
 * tested without the Pulumi CLI; the pack itself is built in index.ts.
 */

const FORBIDDEN_GRANTS = ["implicit", "password", "client_credentials"];

export const oidcAppIsNativePublicClient: ResourceValidationPolicy = {
    name: "kiro-oidc-app-native-public-pkce",
    description: "The Kiro OIDC app is a native public client with PKCE: no implicit or password grant, no client secret.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(OAuth, (app, _args, report) => {
        if (app.type !== "native") report(`type is "${app.type}"; Kiro clients need a native app ("native").`);
        if (app.tokenEndpointAuthMethod !== "none") {
            report(`tokenEndpointAuthMethod is "${app.tokenEndpointAuthMethod ?? "client_secret_basic (the provider's default)"}"; a public client needs "none".`);
        }
        if (app.pkceRequired !== true) report("pkceRequired is not true; Kiro clients use PKCE (S256).");
        for (const grant of app.grantTypes ?? []) {
            if (FORBIDDEN_GRANTS.includes(grant)) report(`grant type "${grant}" is allowed; only authorization_code and refresh_token belong on the Kiro app.`);
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
            if (!(RULE_SCOPES as readonly string[]).includes(scope)) report(`scope "${scope}" is granted; only ${RULE_SCOPES.join(", ")} are.`);
        }
        for (const grant of rule.grantTypeWhitelists ?? []) {
            if (!(RULE_SETTINGS.grantTypeWhitelists as readonly string[]).includes(grant)) {
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
        if (clients.includes("ALL_CLIENTS")) report("clientWhitelists includes ALL_CLIENTS; assign the policy to the Kiro OIDC app's client ID only.");
    }),
};

export const kiroScopesHaveImplicitConsent: ResourceValidationPolicy = {
    name: "kiro-scopes-implicit-consent",
    description: `The Kiro scopes (${KIRO_SCOPES.join(", ")}) have implicit consent (guide: "User consent: Implicit").`,
    enforcementLevel: "mandatory",
    validateResource: validateResourceOfType(ServerScope, (scope, _args, report) => {
        if ((KIRO_SCOPES as readonly string[]).includes(scope.name ?? "") && scope.consent !== "IMPLICIT") {
            report(`scope "${scope.name}" has consent "${scope.consent ?? "(Okta's default)"}"; Kiro's clients cannot show a consent screen, set "IMPLICIT".`);
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
            report(`refreshTokenRotation is "${app.refreshTokenRotation ?? "STATIC (the provider's default)"}"; "ROTATE" limits a leaked refresh token.`);
        }
    }),
};

export const tokenLifetimesWithinConsoleDefaults: ResourceValidationPolicy = {
    name: "kiro-token-lifetimes",
    description: "Token lifetimes are no longer than Okta's console defaults (access 60 min; refresh expires after 7 days unused).",
    enforcementLevel: "advisory",
    validateResource: validateResourceOfType(ServerPolicyRule, (rule, _args, report) => {
        const access = rule.accessTokenLifetimeMinutes ?? RULE_SETTINGS.accessTokenLifetimeMinutes;
        const window = rule.refreshTokenWindowMinutes ?? RULE_SETTINGS.refreshTokenWindowMinutes;
        if (access > RULE_SETTINGS.accessTokenLifetimeMinutes) report(`accessTokenLifetimeMinutes is ${access}; the console default is ${RULE_SETTINGS.accessTokenLifetimeMinutes}.`);
        if (window > RULE_SETTINGS.refreshTokenWindowMinutes) {
            report(`refreshTokenWindowMinutes is ${window}; the console default is ${RULE_SETTINGS.refreshTokenWindowMinutes} (7 days).`);
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
