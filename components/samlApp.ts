import * as pulumi from "@pulumi/pulumi";
import { Saml } from "@pulumi/okta/app";

export interface SamlAppArgs {
    label: string;
    /** "Single sign-on URL": Kiro does not use it, Okta requires a URL. */
    ssoUrl: string;
    /** "Audience URI (SP Entity ID)": Kiro does not use it, Okta requires a value. */
    audience: string;
}

/**
 * Settings Okta would otherwise default, set so a refresh reads back what the stack wrote and the
 * app is never updated without a config change: an update from the provider once reset a
 * UI-enabled "Provisioning: SCIM" (provider issue #655).
 */
export const SAML_APP_SETTINGS = {
    status: "ACTIVE",
    samlVersion: "2.0",
    subjectNameIdTemplate: "${user.userName}",
    subjectNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    responseSigned: true,
    assertionSigned: true,
    signatureAlgorithm: "RSA_SHA256",
    digestAlgorithm: "SHA256",
    honorForceAuthn: false,
    authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    // Users sign in to Kiro through the OIDC app; a tile here would post assertions to the placeholder URL.
    hideWeb: true,
    hideIos: true,
} as const;

/**
 * Guide: "SAML 2.0" app ("Kiro-SAML") whose SCIM provisioning syncs users and groups to Kiro.
 * Provisioning itself is switched on by hand (scimRunbook output): Okta's API cannot do it for a
 * custom SAML app, and `features` is read-only in the provider, so the stack never writes it.
 */
export class SamlApp extends pulumi.ComponentResource {
    readonly appId: pulumi.Output<string>;
    /** Okta's app name (e.g. `kiro_saml_1`), part of the admin console's URL for the app. */
    readonly appName: pulumi.Output<string>;

    constructor(name: string, args: SamlAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:SamlApp", name, {}, opts);
        const app = new Saml(
            name,
            {
                label: args.label,
                ssoUrl: args.ssoUrl,
                recipient: args.ssoUrl,
                destination: args.ssoUrl,
                audience: args.audience,
                ...SAML_APP_SETTINGS,
            },
            // The username push setting belongs to the provisioning settings the admin owns.
            { parent: this, ignoreChanges: ["userNameTemplatePushStatus"] },
        );
        this.appId = app.id;
        this.appName = app.name;
        this.registerOutputs({ appId: this.appId, appName: this.appName });
    }
}
