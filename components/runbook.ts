import type { OktaOrg, Phase } from "./config";

/**
 * The text the admin follows for what Okta's API cannot do (SCIM on a custom SAML app) and for
 * what comes next at each phase. Pure: plain values in, text out; no secret ever goes in.
 */

export interface ScimRunbookInput {
    samlAppLabel: string;
    /** Link to the SAML app in the Okta admin console, when the org's domain is known. */
    samlAppAdminUrl?: string;
    scimEndpoint?: string;
    /** Whether a SCIM token is configured; the token itself never reaches this text. */
    scimTokenConfigured: boolean;
    groups: readonly string[];
    pushGroups: boolean;
}

/** The SAML app's page in the Okta admin console ("General" tab), or undefined without an org name. */
export function oktaAdminAppUrl(org: OktaOrg, appName: string, appId: string): string | undefined {
    if (!org.orgName) return undefined;
    return `https://${org.orgName}-admin.${org.baseUrl}/admin/app/${appName}/instance/${appId}/#tab-general`;
}

export const SCIM_UNIQUE_ID_FIELD = "userName";
export const SCIM_PROVISIONING_ACTIONS = ["Push New Users", "Push Profile Updates", "Push Groups"] as const;
export const TO_APP_SETTINGS = ["Create Users", "Update User Attributes"] as const;

export function scimRunbook(input: ScimRunbookInput): string {
    const endpoint = input.scimEndpoint ?? "(not configured yet: `pulumi config set scimEndpoint <SCIM endpoint from the Kiro console>`)";
    const token = input.scimTokenConfigured
        ? "the token in this stack's secret config: `pulumi config get scimToken` prints it (it is in no stack output)"
        : "(not configured yet: generate it in the Kiro console, Settings > Identity management > Access Tokens, then `pulumi config set --secret scimToken <token>`)";
    const lines = [
        `SCIM provisioning for "${input.samlAppLabel}" (manual: Okta's API cannot switch SCIM on for a custom SAML app)`,
        ...(input.samlAppAdminUrl ? [`Open: ${input.samlAppAdminUrl}`] : []),
        `1. General > App Settings > Edit: Provisioning = SCIM. Save.`,
        `2. Provisioning > Integration > Edit (SCIM Connection):`,
        `   SCIM connector base URL: ${endpoint}`,
        `   Unique identifier field for users: ${SCIM_UNIQUE_ID_FIELD}`,
        `   Supported provisioning actions: ${SCIM_PROVISIONING_ACTIONS.join(", ")}`,
        `   Authentication Mode: HTTP Header`,
        `   Authorization: ${token}`,
        `   Test Connector Configuration, then Save.`,
        `3. Provisioning > To App > Edit: enable ${TO_APP_SETTINGS.join(" and ")}. Save.`,
        `4. Assignments: done by this stack (groups: ${input.groups.join(", ")}).`,
        input.pushGroups
            ? `5. Push Groups: done by this stack (one push per assigned group).`
            : `5. Push Groups: after steps 1-3, \`pulumi config set pushGroups true\` and \`pulumi up\` push every assigned group.`,
        `Later \`pulumi up\` runs do not change these provisioning settings.`,
    ];
    return lines.join("\n");
}

export interface NextStepsInput {
    phase: Phase;
    issuerMetadataUrl: string;
    clientId: string;
    domain?: string;
    domainVerificationToken?: string;
    recordName?: string;
    scimConfigured: boolean;
    pushGroups: boolean;
}

/** What the admin does next, given how far the config has come. */
export function nextSteps(input: NextStepsInput): string[] {
    const steps: string[] = [];
    steps.push(
        `Kiro console > Set up application as Admin > Connect an existing external Identity provider: ` +
            `Issuer URL = ${input.issuerMetadataUrl}, Application Id = ${input.clientId}.`,
    );
    if (!input.domain) {
        steps.push("Kiro console > Settings > Identity management > Domains > Add domain, then `pulumi config set domain <domain>`.");
    }
    if (!input.domainVerificationToken) {
        steps.push(
            `Copy the domain's verification token from the Kiro console: \`pulumi config set domainVerificationToken <token>\`, then \`pulumi up\`.`,
        );
    } else {
        steps.push(`Wait for the domain ${input.domain} to show "Verified" in the Kiro console (TXT record ${input.recordName}).`);
    }
    if (!input.scimConfigured) {
        steps.push(
            "Kiro console > Settings > Identity management: copy the SCIM endpoint and generate an access token, then " +
                "`pulumi config set scimEndpoint <url>`, `pulumi config set --secret scimToken <token>`, `pulumi up`.",
        );
    } else {
        steps.push("Follow the scimRunbook output (`pulumi stack output scimRunbook`) to switch SCIM provisioning on in Okta.");
        if (!input.pushGroups) {
            steps.push("Once provisioning is on: `pulumi config set pushGroups true` and `pulumi up` to push the assigned groups to Kiro.");
        }
    }
    if (input.phase === 3 && input.domainVerificationToken) {
        steps.push("Setup complete: subscribe users and groups in the Kiro console.");
    }
    return steps;
}
