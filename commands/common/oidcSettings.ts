import type { OidcClientSettings } from "./net/okta";
import { OIDC_APP } from "./expected";

/**
 * How an OIDC app differs from what Kiro's clients need, in verify's words, with where to change it
 * in the admin console. verify reports these; adopt names them as the updates the stack will make.
 */
/** "Okta Admin > Applications > <label>": where an app's settings are. */
export const appAdmin = (label: string) => `Okta Admin > Applications > ${label}`;

export interface Mismatch {
    found: string;
    fix: string;
}

/** Each way the app differs from what Kiro's clients need, with where to change it. */
export function oidcMismatches(app: OidcClientSettings, label: string): Mismatch[] {
    const general = `${appAdmin(label)} > General`;
    const mismatches: Mismatch[] = [];
    if (app.applicationType !== OIDC_APP.applicationType) {
        mismatches.push({
            found: `application type is ${app.applicationType ?? "(none)"}, not native`,
            fix: `Okta cannot change an app's type: make a native app (\`pulumi up\` replaces it) and paste its client ID into the Kiro profile.`,
        });
    }
    if (app.tokenEndpointAuthMethod !== OIDC_APP.tokenEndpointAuthMethod) {
        mismatches.push({
            found: `client authentication is ${app.tokenEndpointAuthMethod ?? "(none)"}, not none (a public client)`,
            fix: `${general} > Client Credentials: Client authentication: None (or run \`pulumi up --refresh\`).`,
        });
    }
    if (app.pkceRequired !== true) {
        mismatches.push({
            found: "PKCE is not required",
            fix: `${general} > Client Credentials: Require PKCE as additional verification. Run verify after every change here: \`pulumi preview --refresh\` may not show it (terraform-provider-okta#2732).`,
        });
    }
    const missing = OIDC_APP.requiredGrants.filter((g) => !app.grantTypes.includes(g));
    const forbidden = OIDC_APP.forbiddenGrants.filter((g) => app.grantTypes.includes(g));
    if (missing.length || forbidden.length) {
        mismatches.push({
            found: [
                missing.length && `grant types lack ${missing.join(", ")}`,
                forbidden.length && `grant types include ${forbidden.join(", ")}`,
            ]
                .filter(Boolean)
                .join("; "),
            fix: `${general} > General Settings > Grant type: Authorization Code and Refresh Token only (or run \`pulumi up --refresh\`).`,
        });
    }
    if (app.responseTypes.length !== 1 || app.responseTypes[0] !== "code") {
        mismatches.push({
            found: `response types are ${app.responseTypes.join(", ") || "(none)"}, not code alone`,
            fix: `${general} > General Settings: no implicit grant, so the only response type is code (or run \`pulumi up --refresh\`).`,
        });
    }
    if (app.refreshTokenRotation !== OIDC_APP.refreshTokenRotation) {
        mismatches.push({
            found: `refresh token rotation is ${app.refreshTokenRotation ?? "(none)"}, not ROTATE`,
            fix: `${general} > General Settings > Refresh Token: Rotate token after every use (or run \`pulumi up --refresh\`).`,
        });
    }
    return mismatches;
}
