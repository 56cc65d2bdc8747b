import type { OktaOrg, Phase, ScimAppKind } from "./config";
import { howToSet, type Reader } from "./config/messages";

/**
 * The text the admin follows for what Okta's API cannot do (SCIM on a custom SAML app) and for
 * what comes next at each phase. Pure: plain values in, text out; no secret ever goes in. Settings
 * are named as the reader gives them: the component's arguments, or the stack's config (config/messages.ts).
 */

export interface ScimRunbookInput {
    scimApp: ScimAppKind;
    /** The SCIM app's label: the custom SAML app or the catalog app. */
    appLabel: string;
    /** Link to the SCIM app in the Okta admin console, when the org's domain is known. */
    appAdminUrl?: string;
    scimEndpoint?: string;
    /** Whether a SCIM token is configured; the token itself never reaches this text. */
    scimTokenConfigured: boolean;
    groups: readonly string[];
    users?: readonly string[];
    /** The groups this stack pushes (none before phase 3). */
    pushGroups: readonly string[];
}

/** The SCIM app's page in the Okta admin console ("General" tab), or undefined without an org name. */
export function oktaAdminAppUrl(org: OktaOrg, appName: string, appId: string): string | undefined {
    if (!org.orgName) return undefined;
    return `https://${org.orgName}-admin.${org.baseUrl}/admin/app/${appName}/instance/${appId}/#tab-general`;
}

export const SCIM_UNIQUE_ID_FIELD = "userName";
export const SCIM_PROVISIONING_ACTIONS = ["Push New Users", "Push Profile Updates", "Push Groups"] as const;
export const TO_APP_SETTINGS = ["Create Users", "Update User Attributes"] as const;
/** The catalog app's To App settings in Kiro's current guide. */
export const CATALOG_TO_APP_SETTINGS = ["Create Users", "Update User Attributes", "Deactivate Users"] as const;

/** Where an admin switches provisioning on, per SCIM app: the runbook's steps and verify's fix line. */
export function provisioningFix(scimApp: ScimAppKind, appLabel: string): string {
    return scimApp === "catalog"
        ? `Follow \`pulumi stack output scimRunbook\`: ${appLabel} > Provisioning > Configure API Integration: Enable API integration (Base URL, API Token), then To App: ${CATALOG_TO_APP_SETTINGS.join(", ")}.`
        : `Follow \`pulumi stack output scimRunbook\`: ${appLabel} > General > Provisioning: SCIM, then Provisioning > Integration: ${SCIM_PROVISIONING_ACTIONS.join(", ")}.`;
}

/** Who made what the runbook calls done: the stack, or the component inside someone's own program. */
const maker = (reader: Reader) => (reader === "stack" ? "this stack" : "the KiroOkta component");

function pushStep(input: ScimRunbookInput, step: number, reader: Reader): string {
    if (input.pushGroups.length > 0) {
        return `${step}. Push Groups: done by ${maker(reader)} (${input.pushGroups.join(", ")}); members are pushed only while assigned to this app.`;
    }
    return (
        `${step}. Push Groups: once provisioning works, list the groups to push, none of them in assignGroups ` +
        `(Okta does not support pushing an assigned group): ${howToSet(reader, "pushGroups", "<group>", { list: true })}, then \`pulumi up\`.`
    );
}

export function scimRunbook(input: ScimRunbookInput, reader: Reader = "arguments"): string {
    const endpoint =
        input.scimEndpoint ?? `(not configured yet: ${howToSet(reader, "scimEndpoint", "<SCIM endpoint from the Kiro console>")})`;
    const token = input.scimTokenConfigured
        ? reader === "stack"
            ? "the token in this stack's secret config: `pulumi config get scimToken` prints it (it is in no stack output)"
            : "the token given as the scimToken argument (it is in no output)"
        : `(not configured yet: generate it in the Kiro console, Settings > Identity management > Access Tokens, then ${howToSet(reader, "scimToken", "<token>", { secret: true })})`;
    const open = input.appAdminUrl ? [`Open: ${input.appAdminUrl}`] : [];
    const who = [...input.groups, ...(input.users ?? [])].join(", ");
    const lines =
        input.scimApp === "catalog"
            ? [
                  `SCIM provisioning for "${input.appLabel}" (AWS IAM Identity Center catalog app; manual: Okta's API cannot enable a catalog app's API integration)`,
                  ...open,
                  `1. Provisioning > Configure API Integration: Enable API integration.`,
                  // AWS's Okta workshop: a Base URL ending in "/" fails Okta's credential test.
                  `   Base URL: ${input.scimEndpoint ? `${input.scimEndpoint.replace(/\/+$/, "")} (without a trailing /: Okta's credential test fails with one)` : endpoint}`,
                  `   API Token: ${token}`,
                  `   Test API Credentials, then Save.`,
                  `2. Provisioning > To App > Edit: enable ${CATALOG_TO_APP_SETTINGS.join(", ")}. Save.`,
                  `3. Assignments: done by ${maker(reader)} (${who}).`,
                  pushStep(input, 4, reader),
              ]
            : [
                  `SCIM provisioning for "${input.appLabel}" (manual: Okta's API cannot switch SCIM on for a custom SAML app)`,
                  ...open,
                  `1. General > App Settings > Edit: Provisioning = SCIM. Save.`,
                  `2. Provisioning > Integration > Edit (SCIM Connection):`,
                  `   SCIM connector base URL: ${endpoint}`,
                  `   Unique identifier field for users: ${SCIM_UNIQUE_ID_FIELD}`,
                  `   Supported provisioning actions: ${SCIM_PROVISIONING_ACTIONS.join(", ")}`,
                  `   Authentication Mode: HTTP Header`,
                  `   Authorization: ${token}`,
                  `   Test Connector Configuration, then Save.`,
                  `3. Provisioning > To App > Edit: enable ${TO_APP_SETTINGS.join(" and ")}. Save.`,
                  `4. Assignments: done by ${maker(reader)} (${who}).`,
                  pushStep(input, 5, reader),
              ];
    lines.push(`Later \`pulumi up\` runs do not change these provisioning settings.`);
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
    pushGroups: readonly string[];
}

/** What the admin does next, given how far the config has come. */
export function nextSteps(input: NextStepsInput, reader: Reader = "arguments"): string[] {
    const steps: string[] = [];
    steps.push(
        `Kiro console > Set up application as Admin > Connect an existing external Identity provider: ` +
            `Issuer URL = ${input.issuerMetadataUrl}, Application Id = ${input.clientId}.`,
    );
    if (!input.domain) {
        steps.push(`Kiro console > Settings > Identity management > Domains > Add domain, then ${howToSet(reader, "domain", "<domain>")}.`);
    }
    if (!input.domainVerificationToken) {
        const plaintext =
            reader === "stack" ? ' (it is published in DNS; without --plaintext the CLI refuses a "token" that looks like a secret)' : "";
        steps.push(
            `Copy the domain's verification token from the Kiro console: ${howToSet(reader, "domainVerificationToken", "<token>", { plaintext: true })}${plaintext}, then \`pulumi up\`.`,
        );
    } else {
        steps.push(`Wait for the domain ${input.domain} to show "Verified" in the Kiro console (TXT record ${input.recordName}).`);
    }
    if (!input.scimConfigured) {
        steps.push(
            "Kiro console > Settings > Identity management: copy the SCIM endpoint and generate an access token, then " +
                `${howToSet(reader, "scimEndpoint", "<url>")}, ${howToSet(reader, "scimToken", "<token>", { secret: true })}, \`pulumi up\`.`,
        );
    } else {
        steps.push(
            reader === "stack"
                ? "Follow the scimRunbook output (`pulumi stack output scimRunbook`) to switch SCIM provisioning on in Okta."
                : "Follow the component's scimRunbook output to switch SCIM provisioning on in Okta.",
        );
        if (input.pushGroups.length === 0) {
            steps.push(
                "Once provisioning is on: list the groups to push to Kiro, none of them in assignGroups (Okta does not support pushing an assigned group): " +
                    `${howToSet(reader, "pushGroups", "<group>", { list: true })}, then \`pulumi up\`.`,
            );
        } else {
            steps.push(
                `Pushed to Kiro by ${maker(reader)}: ${input.pushGroups.join(", ")} (members are pushed only while assigned to the SCIM app).`,
            );
        }
    }
    if (input.phase === 3 && input.domainVerificationToken) {
        steps.push("Setup complete: subscribe users and groups in the Kiro console.");
    }
    return steps;
}
