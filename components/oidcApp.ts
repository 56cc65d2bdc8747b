import * as pulumi from "@pulumi/pulumi";
import { OAuth } from "@pulumi/okta/app";

export interface OidcAppArgs {
    label: string;
    /** Sign-in redirect URIs, in the order Okta should keep them (see redirectUris.ts). */
    redirectUris: string[];
    /** Protect the app from deletion and replacement: its client ID is pasted into the Kiro profile. */
    protect: boolean;
}

/** Guide: "Create App integration" > OIDC > Native Application ("Kiro-OIDC"). */
export const OIDC_APP_SETTINGS = {
    type: "native",
    grantTypes: ["authorization_code", "refresh_token"],
    responseTypes: ["code"],
    // Kiro clients are public clients using PKCE; the provider's default is client_secret_basic.
    tokenEndpointAuthMethod: "none",
    pkceRequired: true,
    omitSecret: true,
    // Okta's recommendation for public clients; the provider defaults to STATIC.
    refreshTokenRotation: "ROTATE",
    refreshTokenLeeway: 30,
    // Explicit: Okta's default changes once the org has a custom domain (docs/okta-behaviour.md, "OIDC app").
    issuerMode: "ORG_URL",
    status: "ACTIVE",
} as const;

export class OidcApp extends pulumi.ComponentResource {
    readonly appId: pulumi.Output<string>;
    readonly clientId: pulumi.Output<string>;

    constructor(name: string, args: OidcAppArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kiro:okta:OidcApp", name, {}, opts);
        // No assignments here ("Skip group assignment for now"): see assignments.ts.
        const app = new OAuth(
            name,
            {
                label: args.label,
                ...OIDC_APP_SETTINGS,
                grantTypes: [...OIDC_APP_SETTINGS.grantTypes],
                responseTypes: [...OIDC_APP_SETTINGS.responseTypes],
                redirectUris: args.redirectUris,
            },
            { parent: this, protect: args.protect },
        );
        this.appId = app.id;
        this.clientId = app.clientId;
        this.registerOutputs({ appId: this.appId, clientId: this.clientId });
    }
}
