import * as pulumi from "@pulumi/pulumi";
import { Assignments } from "./assignments";
import { AuthorizationServer } from "./authorizationServer";
import { ConfigError } from "./config/fromPulumi";
import { baseUrlProblem, orgNameProblem, phaseOf, type Phase, type ScimApp, type Settings, validateSettings } from "./config";
import { findDirectory } from "./directory";
import { DomainVerification, findPublicZone, findTxtSet } from "./domainVerification";
import { GroupPush } from "./groupPush";
import { IdentityCenterApp } from "./identityCenterApp";
import { OidcApp } from "./oidcApp";
import { redirectUris } from "./redirectUris";
import * as runbook from "./runbook";
import type { Reader } from "./config/messages";
import { SamlApp } from "./samlApp";

/** The package's type token: `<package.json name>:index:<class>` (the component analyzer's rule). */
export const KIRO_OKTA_TYPE = "kiro-okta:index:KiroOkta";

/** Everything the guide sets up for one Kiro profile. Defaults and rules: docs/configuration.md. */
export interface KiroOktaArgs {
    /** Okta groups assigned to both Kiro apps, by exact name (looked up; a prefix match is refused); at least one. */
    assignGroups: string[];
    /** Okta user logins assigned to both Kiro apps, in addition to the groups. */
    assignUsers?: string[];
    /** Phase 3: Okta groups to push to Kiro (exact names, none of them in assignGroups; needs SCIM provisioning switched on). The old true/false form is an error that explains the list. */
    pushGroups?: string[];
    /** Label of the OIDC native app users sign in through (default Kiro-OIDC). */
    oidcAppLabel?: string;
    /** Label of the SCIM app (custom SAML or catalog) whose provisioning syncs users and groups to Kiro (default Kiro-SAML). */
    samlAppLabel?: string;
    /** The SCIM app: custom-saml (default, the guide's custom SAML 2.0 app) or catalog (Okta's AWS IAM Identity Center catalog app, Kiro's current guide). Changing it on a deployed setup replaces the SCIM app. */
    scimApp?: ScimApp;
    /** Loopback ports Kiro clients listen on; each becomes http://localhost:PORT/oauth/callback (default: the guide's ten ports and 2128). */
    redirectPorts?: number[];
    /** More sign-in redirect URIs: loopback http or a private-use scheme, RFC 8252 (default kiro://kiro.oauth/callback). */
    extraRedirectUris?: string[];
    /** Name of the custom authorization server (default Kiro). */
    authServerName?: string;
    /** Description of the custom authorization server. */
    authServerDescription?: string;
    /** Audience of the custom authorization server (default api://kiro). */
    authServerAudience?: string;
    /** Minutes an access token lasts, from 5 to 1440 (default 60, Okta's console default). */
    accessTokenLifetimeMinutes?: number;
    /** Minutes a refresh token lasts, from 10 to 2628000, or 0 for unlimited (default 0); at least accessTokenLifetimeMinutes. */
    refreshTokenLifetimeMinutes?: number;
    /** Minutes an unused refresh token stays valid, from accessTokenLifetimeMinutes to refreshTokenLifetimeMinutes (or 2628000 when unlimited); default 10080, 7 days. */
    refreshTokenWindowMinutes?: number;
    /** SAML Single sign-on URL (unused by Kiro, required by Okta; default https://okta.com). */
    samlSsoUrl?: string;
    /** SAML Audience URI (unused by Kiro, required by Okta; default kiro). */
    samlAudience?: string;
    /** Phase 2: the company domain added in the Kiro console. */
    domain?: string;
    /** Phase 2: the domain's verification token from the Kiro console (public: it goes into DNS, so not a secret). */
    domainVerificationToken?: string;
    /** Phase 2: DNS name of the TXT record (default: the domain). */
    verificationRecordName?: string;
    /** Phase 2: Route53 hosted zone ID (default: the public zone found from the domain). */
    hostedZoneId?: string;
    /** Phase 2: the SCIM endpoint from the Kiro console (https). */
    scimEndpoint?: string;
    /** Phase 2: the SCIM access token from the Kiro console, as a secret. Only whether it is set is used; no resource gets it. */
    scimToken?: pulumi.Input<string>;
    /** Delete the pushed groups in Kiro on destroy (default false; the provider's own default is to delete them). */
    deletePushedGroupsOnDestroy?: boolean;
    /** Protect the OIDC app and the authorization server from deletion and replacement: their client ID and issuer are in the Kiro profile (default true). */
    protect?: boolean;
    /** The Okta org's name (the acme of acme.okta.com), for links to the admin console in scimRunbook. */
    oktaOrgName?: string;
    /** The Okta org's domain (okta.com, oktapreview.com, ...), for the same links; okta.com when not given. */
    oktaBaseUrl?: string;
}

/** The domain verification TXT record set as written: the values found there, then the token. */
export interface DomainVerificationRecord {
    name: string;
    zoneId: string;
    type: string;
    values: string[];
}

interface Built {
    issuerMetadataUrl: pulumi.Output<string>;
    clientId: pulumi.Output<string>;
    authServerId: pulumi.Output<string>;
    oidcAppId: pulumi.Output<string>;
    samlAppId: pulumi.Output<string>;
    domainVerificationRecord?: DomainVerificationRecord;
    scimRunbook: pulumi.Output<string>;
    nextSteps: pulumi.Output<string[]>;
}

/** Settings from the args, validated with the stack config's own rules; a ConfigError lists every problem. */
function settingsOf(args: KiroOktaArgs, reader: Reader): Settings {
    const { oktaOrgName, oktaBaseUrl, scimToken, ...values } = args;
    // The token may be an Output (a secret from any language): only whether it is there is validated.
    const result = validateSettings({ ...values, scimToken: scimToken === undefined ? undefined : "(set)" });
    const problems = result.ok === false ? result.problems : [];
    const orgProblem = oktaOrgName ? orgNameProblem(oktaOrgName, reader) : undefined;
    if (orgProblem) problems.push(`oktaOrgName: ${orgProblem}`);
    const baseProblem = oktaBaseUrl !== undefined ? baseUrlProblem(oktaBaseUrl) : undefined;
    if (baseProblem) problems.push(`oktaBaseUrl: ${baseProblem}`);
    if (!result.ok || problems.length) throw new ConfigError(problems, reader);
    return result.settings;
}

/**
 * Connects an Okta org to a Kiro profile: the OIDC app users sign in through, the authorization
 * server with Kiro's scopes, the SCIM app, the same assignments on both apps, group pushes and the
 * domain verification record, with the values to paste into the Kiro console as outputs. One
 * instance per Kiro profile; several in one program take distinct names (and Okta providers).
 */
export class KiroOkta extends pulumi.ComponentResource {
    /** The Kiro profile's Issuer URL: the authorization server's issuer + /.well-known/openid-configuration. */
    readonly issuerMetadataUrl: pulumi.Output<string>;
    /** The Kiro profile's Application Id: the OIDC app's client ID. */
    readonly clientId: pulumi.Output<string>;
    /** The custom authorization server's ID. */
    readonly authServerId: pulumi.Output<string>;
    /** The OIDC app's ID. */
    readonly oidcAppId: pulumi.Output<string>;
    /** The SCIM app's ID (custom SAML or catalog app). */
    readonly samlAppId: pulumi.Output<string>;
    /** 1, 2 or 3: how far the settings have come (README, "Phases"). */
    readonly phase: pulumi.Output<number>;
    /** The TXT record set written for domain verification (phase 2 on). */
    readonly domainVerificationRecord: pulumi.Output<DomainVerificationRecord | undefined>;
    /** What to enter by hand to switch SCIM provisioning on, with a link to the app. */
    readonly scimRunbook: pulumi.Output<string>;
    /** What to do next. */
    readonly nextSteps: pulumi.Output<string[]>;

    /**
     * `reader`: how messages and the runbook name settings; the component's own arguments unless this
     * repository's stack (index.ts) says "stack" (config/messages.ts). Not part of the package's schema.
     */
    constructor(name: string, args: KiroOktaArgs, opts?: pulumi.ComponentResourceOptions, reader: Reader = "arguments") {
        // Before anything is registered: bad settings fail here, with every problem.
        const settings = settingsOf(args, reader);
        super(KIRO_OKTA_TYPE, name, {}, opts);
        const phase = phaseOf(settings);
        const built = this.build(name, settings, args, reader, opts);
        const part = <K extends keyof Built>(key: K) => pulumi.output(built.then((b) => b[key]));
        this.issuerMetadataUrl = part("issuerMetadataUrl");
        this.clientId = part("clientId");
        this.authServerId = part("authServerId");
        this.oidcAppId = part("oidcAppId");
        this.samlAppId = part("samlAppId");
        this.phase = pulumi.output(phase);
        this.domainVerificationRecord = part("domainVerificationRecord");
        this.scimRunbook = part("scimRunbook");
        this.nextSteps = part("nextSteps");
        this.registerOutputs({
            issuerMetadataUrl: this.issuerMetadataUrl,
            clientId: this.clientId,
            authServerId: this.authServerId,
            oidcAppId: this.oidcAppId,
            samlAppId: this.samlAppId,
            phase: this.phase,
            domainVerificationRecord: this.domainVerificationRecord,
            scimRunbook: this.scimRunbook,
            nextSteps: this.nextSteps,
        });
    }

    /** Lookups first, so a wrong group name or zone fails before any child is registered; then the children. */
    private async build(
        name: string,
        cfg: Settings,
        args: KiroOktaArgs,
        reader: Reader,
        opts?: pulumi.ComponentResourceOptions,
    ): Promise<Built> {
        // Lookups go through this component's providers, like its children.
        const lookup: pulumi.InvokeOptions = { parent: this };
        const orgUrl = args.oktaOrgName ? `https://${args.oktaOrgName}.${args.oktaBaseUrl ?? "okta.com"}` : undefined;
        const { groups, users, pushGroups } = await findDirectory(cfg, lookup, { reader, orgUrl });
        const txt = cfg.domain && cfg.domainVerificationToken ? await this.findTxtTarget(cfg.domain, cfg, lookup) : undefined;
        const phase: Phase = phaseOf(cfg);
        const protect = cfg.protect || opts?.protect === true;
        // Until 0.2 these components were the stack's own children: the alias keeps their URNs.
        const child: pulumi.ComponentResourceOptions = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };

        const oidc = new OidcApp(
            `${name}-oidc`,
            { label: cfg.oidcAppLabel, redirectUris: redirectUris(cfg.redirectPorts, cfg.extraRedirectUris), protect },
            child,
        );
        const authServer = new AuthorizationServer(
            `${name}-auth`,
            {
                name: cfg.authServerName,
                description: cfg.authServerDescription,
                audience: cfg.authServerAudience,
                clientId: oidc.clientId,
                protect,
                lifetimes: {
                    accessTokenLifetimeMinutes: cfg.accessTokenLifetimeMinutes,
                    refreshTokenLifetimeMinutes: cfg.refreshTokenLifetimeMinutes,
                    refreshTokenWindowMinutes: cfg.refreshTokenWindowMinutes,
                },
            },
            child,
        );
        // Switching scimApp replaces the SCIM app (another component and resource): docs/guide.md, "SCIM app".
        const scim =
            cfg.scimApp === "catalog"
                ? { key: "scim", app: new IdentityCenterApp(`${name}-scim`, { label: cfg.samlAppLabel }, child) }
                : {
                      key: "saml",
                      app: new SamlApp(
                          `${name}-saml`,
                          { label: cfg.samlAppLabel, ssoUrl: cfg.samlSsoUrl, audience: cfg.samlAudience },
                          child,
                      ),
                  };
        const assignments = new Assignments(name, { apps: { oidc: oidc.appId, [scim.key]: scim.app.appId }, groups, users }, child);
        if (pushGroups.length > 0) {
            new GroupPush(
                `${name}-push`,
                {
                    scimAppId: scim.app.appId,
                    groups: pushGroups,
                    deleteTargetGroupOnDestroy: cfg.deletePushedGroupsOnDestroy,
                    assignments: assignments.byApp[scim.key],
                },
                child,
            );
        }
        const verification = txt && new DomainVerification(`${name}-domain`, { token: cfg.domainVerificationToken!, ...txt }, child);
        const org = { orgName: args.oktaOrgName, baseUrl: args.oktaBaseUrl ?? "okta.com" };

        return {
            issuerMetadataUrl: authServer.issuerMetadataUrl,
            clientId: oidc.clientId,
            authServerId: authServer.serverId,
            oidcAppId: oidc.appId,
            samlAppId: scim.app.appId,
            domainVerificationRecord: verification && {
                name: verification.recordName,
                zoneId: verification.zoneId,
                type: "TXT",
                values: verification.values,
            },
            scimRunbook: pulumi.all([scim.app.appId, scim.app.appName]).apply(([id, appName]) =>
                runbook.scimRunbook(
                    {
                        scimApp: cfg.scimApp,
                        appLabel: cfg.samlAppLabel,
                        appAdminUrl: runbook.oktaAdminAppUrl(org, appName, id),
                        scimEndpoint: cfg.scimEndpoint,
                        scimTokenConfigured: cfg.scimToken !== undefined,
                        groups: cfg.assignGroups,
                        users: cfg.assignUsers,
                        pushGroups: cfg.pushGroups,
                    },
                    reader,
                ),
            ),
            nextSteps: pulumi.all([authServer.issuerMetadataUrl, oidc.clientId]).apply(([issuerMetadataUrl, clientId]) =>
                runbook.nextSteps(
                    {
                        phase,
                        issuerMetadataUrl,
                        clientId,
                        domain: cfg.domain,
                        domainVerificationToken: cfg.domainVerificationToken,
                        recordName: txt?.recordName,
                        scimConfigured: cfg.scimEndpoint !== undefined,
                        pushGroups: cfg.pushGroups,
                    },
                    reader,
                ),
            ),
        };
    }

    private async findTxtTarget(domain: string, cfg: Settings, lookup: pulumi.InvokeOptions) {
        const recordName = cfg.verificationRecordName ?? domain;
        const zoneId = cfg.hostedZoneId ?? (await findPublicZone(domain, lookup));
        return { zoneId, recordName, existing: await findTxtSet(zoneId, recordName, lookup) };
    }
}
