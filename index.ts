import { parseConfig, readConfig } from "./components/config/fromPulumi";
import { KiroOkta } from "./components/kiroOkta";

// The stack: this project's config, validated before anything is registered, as one KiroOkta.
const { okta, ...settings } = parseConfig(readConfig());

// "stack": its messages and runbook say `pulumi config set` with this project's keys.
const kiro = new KiroOkta("kiro", { ...settings, oktaOrgName: okta.orgName, oktaBaseUrl: okta.baseUrl }, undefined, "stack");

export const issuerMetadataUrl = kiro.issuerMetadataUrl;
export const clientId = kiro.clientId;
export const authServerId = kiro.authServerId;
export const oidcAppId = kiro.oidcAppId;
export const samlAppId = kiro.samlAppId;
export const phase = kiro.phase;
// null before phase 2: an undefined stack output makes the SDK warn "Undefined value (domainVerificationRecord)
// will not show as a stack output" (@pulumi/pulumi runtime/stack.ts, massage).
export const domainVerificationRecord = kiro.domainVerificationRecord.apply((record) => record ?? null);
export const scimRunbook = kiro.scimRunbook;
export const nextSteps = kiro.nextSteps;
