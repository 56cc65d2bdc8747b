/** Okta's org and credentials from the provider's own environment variables (docs/okta-behaviour.md, "Provider configuration"). */

export type OktaAuth = { token: string } | { clientId: string; privateKey: string; keyId?: string; scopes: string[] };

/**
 * OKTA_HTTP_PROXY, else OKTA_ORG_URL, else OKTA_ORG_NAME + OKTA_BASE_URL (no default for the base URL, as in the provider);
 * OKTA_API_TOKEN, or the service app's OKTA_API_CLIENT_ID + OKTA_API_PRIVATE_KEY (+ key ID, scopes).
 */
export function oktaFromEnv(env: Record<string, string | undefined>): { orgUrl?: string; auth?: OktaAuth } {
    // okta:httpProxy / OKTA_HTTP_PROXY replaces the org's URL for every call, as in the provider (okta/api/api.go ~74-77).
    const orgUrl =
        env.OKTA_HTTP_PROXY ??
        env.OKTA_ORG_URL ??
        (env.OKTA_ORG_NAME && env.OKTA_BASE_URL ? `https://${env.OKTA_ORG_NAME}.${env.OKTA_BASE_URL}` : undefined);
    if (env.OKTA_API_TOKEN) return { orgUrl, auth: { token: env.OKTA_API_TOKEN } };
    if (env.OKTA_API_CLIENT_ID && env.OKTA_API_PRIVATE_KEY) {
        return {
            orgUrl,
            auth: {
                clientId: env.OKTA_API_CLIENT_ID,
                privateKey: env.OKTA_API_PRIVATE_KEY,
                keyId: env.OKTA_API_PRIVATE_KEY_ID,
                scopes: (env.OKTA_API_SCOPES ?? "").split(/[\s,]+/).filter(Boolean),
            },
        };
    }
    return { orgUrl };
}
