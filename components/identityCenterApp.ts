import * as pulumi from "@pulumi/pulumi";
import { Saml } from "@pulumi/okta/app";

export interface IdentityCenterAppArgs {
    label: string;
}

/** Okta Integration Network key of the "AWS IAM Identity Center" catalog app (docs/okta-behaviour.md). */
export const IDENTITY_CENTER_APP = "amazon_aws_sso";

export const IDENTITY_CENTER_APP_SETTINGS = {
    preconfiguredApp: IDENTITY_CENTER_APP,
    status: "ACTIVE",
    // Kiro signs users in through the OIDC app; this app only provisions, so no tile for users.
    hideWeb: true,
    hideIos: true,
} as const;

/**
 * Fields the stack never writes on the catalog app, by reason: the provider reads every one back
 * from Okta (resource_okta_app_saml.go: setSamlSettings, setAppSettings), so leaving them unset in
 * the program would show Okta's values as drift, and an update would send them back empty.
 */
const IGNORED_BY_REASON: [string, string[]][] = [
    [
        "sign-on settings: Okta fills them in from the catalog template",
        [
            "ssoUrl",
            "recipient",
            "destination",
            "audience",
            "idpIssuer",
            "spIssuer",
            "subjectNameIdTemplate",
            "subjectNameIdFormat",
            "responseSigned",
            "assertionSigned",
            "signatureAlgorithm",
            "digestAlgorithm",
            "honorForceAuthn",
            "authnContextClassRef",
            "requestCompressed",
            "samlSignedRequestEnabled",
            "defaultRelayState",
            "attributeStatements",
            "acsEndpoints",
        ],
    ],
    ["the app's own settings (IAM Identity Center ACS URL, entity ID): the admin's, unused by Kiro", ["appSettingsJson"]],
    ["Okta fills in the catalog app's links", ["appLinksJson"]],
    [
        "the username format is part of the provisioning settings the admin owns",
        ["userNameTemplate", "userNameTemplateType", "userNameTemplateSuffix", "userNameTemplatePushStatus"],
    ],
];

/** Each ignored field with its reason. */
export const IDENTITY_CENTER_IGNORED_FIELDS: Record<string, string> = Object.fromEntries(
    IGNORED_BY_REASON.flatMap(([reason, fields]) => fields.map((field) => [field, reason])),
);

/**
 * Kiro's current guide: the Okta catalog app "AWS IAM Identity Center" as the SCIM app. Kiro's SCIM
 * endpoint is an IAM Identity Center SCIM endpoint, so the catalog app's attribute mappings already
 * match it. Its API integration (provisioning) cannot be switched on by API: scimRunbook.
 */
export class IdentityCenterApp extends pulumi.ComponentResource {
    readonly appId: pulumi.Output<string>;
    /** Okta's app name (`amazon_aws_sso`), part of the admin console's URL for the app. */
    readonly appName: pulumi.Output<string>;

    constructor(name: string, args: IdentityCenterAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:IdentityCenterApp", name, {}, opts);
        const app = new Saml(
            name,
            { label: args.label, ...IDENTITY_CENTER_APP_SETTINGS },
            { parent: this, ignoreChanges: Object.keys(IDENTITY_CENTER_IGNORED_FIELDS) },
        );
        this.appId = app.id;
        this.appName = app.name;
        this.registerOutputs({ appId: this.appId, appName: this.appName });
    }
}
