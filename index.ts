import * as pulumi from "@pulumi/pulumi";
import { Assignments } from "./components/assignments";
import { AuthorizationServer } from "./components/authorizationServer";
import { parseConfig, readConfig } from "./components/config";
import { type KiroConfig, phaseOf } from "./components/configSchema";
import { findDirectory } from "./components/directory";
import { DomainVerification, findPublicZone, findTxtSet } from "./components/domainVerification";
import { GroupPush } from "./components/groupPush";
import { IdentityCenterApp } from "./components/identityCenterApp";
import { OidcApp } from "./components/oidcApp";
import { redirectUris } from "./components/redirectUris";
import * as runbook from "./components/runbook";
import { SamlApp } from "./components/samlApp";

// All config is validated here, before the first resource is registered.
const config = parseConfig(readConfig());

async function main(cfg: KiroConfig) {
    // Lookups first, so a wrong group name or zone fails the run before anything is created.
    const { groups, users, pushGroups } = await findDirectory(cfg);
    const txt = cfg.domain && cfg.domainVerificationToken ? await findTxtTarget(cfg.domain, cfg) : undefined;
    const phase = phaseOf(cfg);

    const oidc = new OidcApp("kiro-oidc", {
        label: cfg.oidcAppLabel,
        redirectUris: redirectUris(cfg.redirectPorts, cfg.extraRedirectUris),
        protect: cfg.protect,
    });
    const authServer = new AuthorizationServer("kiro-auth", {
        name: cfg.authServerName,
        description: cfg.authServerDescription,
        audience: cfg.authServerAudience,
        clientId: oidc.clientId,
        protect: cfg.protect,
    });
    // Switching scimApp replaces the SCIM app (another component and resource): README, "SCIM app".
    const scim =
        cfg.scimApp === "catalog"
            ? { key: "scim", app: new IdentityCenterApp("kiro-scim", { label: cfg.samlAppLabel }) }
            : {
                  key: "saml",
                  app: new SamlApp("kiro-saml", { label: cfg.samlAppLabel, ssoUrl: cfg.samlSsoUrl, audience: cfg.samlAudience }),
              };
    const assignments = new Assignments("kiro", { apps: { oidc: oidc.appId, [scim.key]: scim.app.appId }, groups, users });

    if (pushGroups.length > 0) {
        new GroupPush("kiro-push", {
            scimAppId: scim.app.appId,
            groups: pushGroups,
            deleteTargetGroupOnDestroy: cfg.deletePushedGroupsOnDestroy,
            assignments: assignments.byApp[scim.key],
        });
    }
    const verification = txt && new DomainVerification("kiro-domain", { token: cfg.domainVerificationToken!, ...txt });

    return {
        issuerMetadataUrl: authServer.issuerMetadataUrl,
        clientId: oidc.clientId,
        authServerId: authServer.serverId,
        oidcAppId: oidc.appId,
        samlAppId: scim.app.appId,
        phase,
        domainVerificationRecord: verification && {
            name: verification.recordName,
            zoneId: verification.zoneId,
            type: "TXT",
            values: verification.values,
        },
        scimRunbook: pulumi.all([scim.app.appId, scim.app.appName]).apply(([id, appName]) =>
            runbook.scimRunbook({
                scimApp: cfg.scimApp,
                appLabel: cfg.samlAppLabel,
                appAdminUrl: runbook.oktaAdminAppUrl(cfg.okta, appName, id),
                scimEndpoint: cfg.scimEndpoint,
                scimTokenConfigured: cfg.scimToken !== undefined,
                groups: cfg.assignGroups,
                users: cfg.assignUsers,
                pushGroups: cfg.pushGroups,
            }),
        ),
        nextSteps: pulumi.all([authServer.issuerMetadataUrl, oidc.clientId]).apply(([issuerMetadataUrl, clientId]) =>
            runbook.nextSteps({
                phase,
                issuerMetadataUrl,
                clientId,
                domain: cfg.domain,
                domainVerificationToken: cfg.domainVerificationToken,
                recordName: txt?.recordName,
                scimConfigured: cfg.scimEndpoint !== undefined,
                pushGroups: cfg.pushGroups,
            }),
        ),
    };
}

async function findTxtTarget(domain: string, cfg: KiroConfig) {
    const recordName = cfg.verificationRecordName ?? domain;
    const zoneId = cfg.hostedZoneId ?? (await findPublicZone(domain));
    return { zoneId, recordName, existing: await findTxtSet(zoneId, recordName) };
}

// Plain promises rather than pulumi.output(): if main() fails, each export rejects where Pulumi
// (or a test) awaits it, instead of in Output internals no caller can handle.
const stack = main(config);

export const issuerMetadataUrl = stack.then((s) => s.issuerMetadataUrl);
export const clientId = stack.then((s) => s.clientId);
export const authServerId = stack.then((s) => s.authServerId);
export const oidcAppId = stack.then((s) => s.oidcAppId);
export const samlAppId = stack.then((s) => s.samlAppId);
export const phase = stack.then((s) => s.phase);
export const domainVerificationRecord = stack.then((s) => s.domainVerificationRecord);
export const scimRunbook = stack.then((s) => s.scimRunbook);
export const nextSteps = stack.then((s) => s.nextSteps);
