/**
 * What each part of kiro-okta calls in Okta and AWS, and so the least privileges it needs: the Okta
 * provider under `pulumi up` / `preview --refresh`, `npm run verify` and `npm run adopt`. The README
 * lists what these functions compute (a test keeps them equal), and the tests check that every request
 * verify and adopt really send is listed here. Sources: docs/okta-behaviour.md, "Permissions".
 */

export type Caller = "provider" | "verify" | "adopt";

export interface OktaCall {
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
    /** The path as Okta's management spec writes it (`{appId}` for a path parameter). */
    path: string;
    /**
     * The OAuth scopes the spec's `security` names for the operation (all of them together), or none for
     * an endpoint without one. From okta-management-openapi-spec fdda229e, dist/current/management-minimal.yaml.
     */
    scopes: string[];
    by: Caller[];
    /** Who calls it and why (the provider's file in terraform-provider-okta v6.12.0, or our module). */
    why: string;
}

const apps = { read: ["okta.apps.read"], manage: ["okta.apps.manage"] };
const servers = { read: ["okta.authorizationServers.read"], manage: ["okta.authorizationServers.manage"] };
const AUTH_SERVER = "/api/v1/authorizationServers/{authServerId}";
const POLICY = `${AUTH_SERVER}/policies/{policyId}`;

export const OKTA_CALLS: readonly OktaCall[] = [
    // Apps: okta.app.OAuth and okta.app.Saml (resource_okta_app_oauth.go, resource_okta_app_saml.go, app.go).
    { method: "GET", path: "/api/v1/apps", scopes: apps.read, by: ["verify", "adopt"], why: "find the apps by label" },
    { method: "POST", path: "/api/v1/apps", scopes: apps.manage, by: ["provider"], why: "create the OIDC and SCIM apps" },
    { method: "GET", path: "/api/v1/apps/{appId}", scopes: apps.read, by: ["provider", "verify"], why: "read an app" },
    { method: "PUT", path: "/api/v1/apps/{appId}", scopes: apps.manage, by: ["provider"], why: "update an app" },
    { method: "DELETE", path: "/api/v1/apps/{appId}", scopes: apps.manage, by: ["provider"], why: "delete an app" },
    {
        method: "POST",
        path: "/api/v1/apps/{appId}/lifecycle/deactivate",
        scopes: apps.manage,
        by: ["provider"],
        why: "deactivate before delete, or status INACTIVE",
    },
    { method: "POST", path: "/api/v1/apps/{appId}/lifecycle/activate", scopes: apps.manage, by: ["provider"], why: "status ACTIVE" },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/credentials/keys",
        scopes: apps.read,
        by: ["provider"],
        why: "read the SAML app's signing keys (resource_okta_app_saml.go)",
    },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/sso/saml/metadata",
        scopes: apps.read,
        by: ["provider"],
        why: "read the SAML app's metadata (resource_okta_app_saml.go)",
    },
    // Internal, not in Okta's spec: the OIDC app's (deprecated, empty) groups claim, written on create and read on
    // every read with an API token; skipped with a service app's credentials, so no scope
    // (resource_okta_app_oauth.go ~581-615, ~755-779).
    {
        method: "POST",
        path: "/api/v1/internal/apps/{appId}/settings/oauth/idToken",
        scopes: [],
        by: ["provider"],
        why: "the OIDC app's groups claim, API token only (internal endpoint)",
    },
    {
        method: "GET",
        path: "/api/v1/internal/apps/{appId}/settings/oauth/idToken",
        scopes: [],
        by: ["provider"],
        why: "read the OIDC app's groups claim, API token only (internal endpoint)",
    },
    // Creating or updating an app without authentication_policy assigns the org's default access policy
    // (app_authentication_policy.go ~11-48, policy.go ~397-410).
    { method: "GET", path: "/api/v1/policies", scopes: ["okta.policies.read"], by: ["provider"], why: "find the default access policy" },
    {
        method: "PUT",
        path: "/api/v1/apps/{appId}/policies/{policyId}",
        scopes: apps.manage,
        by: ["provider"],
        why: "assign the default access policy to a new app",
    },
    // Group assignments: okta.app.GroupAssignment (resource_okta_app_group_assignment.go).
    { method: "PUT", path: "/api/v1/apps/{appId}/groups/{groupId}", scopes: apps.manage, by: ["provider"], why: "assign a group" },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/groups/{groupId}",
        scopes: apps.read,
        by: ["provider"],
        why: "read a group assignment",
    },
    {
        method: "DELETE",
        path: "/api/v1/apps/{appId}/groups/{groupId}",
        scopes: apps.manage,
        by: ["provider"],
        why: "remove a group assignment",
    },
    { method: "GET", path: "/api/v1/apps/{appId}/groups", scopes: apps.read, by: ["verify", "adopt"], why: "the app's assigned groups" },
    // User assignments: okta.app.User (resource_okta_app_user.go).
    { method: "POST", path: "/api/v1/apps/{appId}/users", scopes: apps.manage, by: ["provider"], why: "assign a user" },
    {
        method: "POST",
        path: "/api/v1/apps/{appId}/users/{userId}",
        scopes: apps.manage,
        by: ["provider"],
        why: "update a user assignment (username)",
    },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/users/{userId}",
        scopes: apps.read,
        by: ["provider", "verify", "adopt"],
        why: "read a user's assignment",
    },
    {
        method: "DELETE",
        path: "/api/v1/apps/{appId}/users/{userId}",
        scopes: apps.manage,
        by: ["provider"],
        why: "remove a user assignment",
    },
    { method: "GET", path: "/api/v1/apps/{appId}/users", scopes: apps.read, by: ["verify"], why: "SCIM readiness of assigned users" },
    // Group push: okta.PushGroup (resource_okta_push_group.go). The spec asks for both scopes on every call.
    {
        method: "POST",
        path: "/api/v1/apps/{appId}/group-push/mappings",
        scopes: ["okta.apps.manage", "okta.groups.manage"],
        by: ["provider"],
        why: "push a group (phase 3)",
    },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
        scopes: ["okta.apps.read", "okta.groups.read"],
        by: ["provider"],
        why: "read a push",
    },
    {
        method: "PATCH",
        path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
        scopes: ["okta.apps.manage", "okta.groups.manage"],
        by: ["provider"],
        why: "activate or deactivate a push",
    },
    {
        method: "DELETE",
        path: "/api/v1/apps/{appId}/group-push/mappings/{mappingId}",
        scopes: ["okta.apps.manage", "okta.groups.manage"],
        by: ["provider"],
        why: "remove a push",
    },
    {
        method: "GET",
        path: "/api/v1/apps/{appId}/group-push/mappings",
        scopes: ["okta.apps.read", "okta.groups.read"],
        by: ["verify", "adopt"],
        why: "the SCIM app's pushes",
    },
    {
        method: "GET",
        path: "/api/v1/groups/{groupId}",
        scopes: ["okta.groups.read"],
        by: ["provider"],
        why: "name the pushed group after its source (resource_okta_push_group.go ~184-198)",
    },
    // Authorization server, scopes, policy, rule (resource_okta_auth_server*.go).
    { method: "GET", path: "/api/v1/authorizationServers", scopes: servers.read, by: ["verify", "adopt"], why: "find the server by name" },
    { method: "POST", path: "/api/v1/authorizationServers", scopes: servers.manage, by: ["provider"], why: "create the server" },
    { method: "GET", path: AUTH_SERVER, scopes: servers.read, by: ["provider"], why: "read the server" },
    { method: "PUT", path: AUTH_SERVER, scopes: servers.manage, by: ["provider"], why: "update the server" },
    { method: "DELETE", path: AUTH_SERVER, scopes: servers.manage, by: ["provider"], why: "delete the server" },
    { method: "POST", path: `${AUTH_SERVER}/lifecycle/activate`, scopes: servers.manage, by: ["provider"], why: "status ACTIVE" },
    { method: "POST", path: `${AUTH_SERVER}/lifecycle/deactivate`, scopes: servers.manage, by: ["provider"], why: "before delete" },
    { method: "POST", path: `${AUTH_SERVER}/scopes`, scopes: servers.manage, by: ["provider"], why: "create a scope" },
    { method: "GET", path: `${AUTH_SERVER}/scopes`, scopes: servers.read, by: ["verify", "adopt"], why: "the server's scopes" },
    { method: "GET", path: `${AUTH_SERVER}/scopes/{scopeId}`, scopes: servers.read, by: ["provider"], why: "read a scope" },
    { method: "PUT", path: `${AUTH_SERVER}/scopes/{scopeId}`, scopes: servers.manage, by: ["provider"], why: "update a scope" },
    { method: "DELETE", path: `${AUTH_SERVER}/scopes/{scopeId}`, scopes: servers.manage, by: ["provider"], why: "delete a scope" },
    { method: "POST", path: `${AUTH_SERVER}/policies`, scopes: servers.manage, by: ["provider"], why: "create the policy" },
    { method: "GET", path: `${AUTH_SERVER}/policies`, scopes: servers.read, by: ["verify", "adopt"], why: "the server's policies" },
    { method: "GET", path: POLICY, scopes: servers.read, by: ["provider"], why: "read the policy" },
    { method: "PUT", path: POLICY, scopes: servers.manage, by: ["provider"], why: "update the policy" },
    { method: "DELETE", path: POLICY, scopes: servers.manage, by: ["provider"], why: "delete the policy" },
    { method: "POST", path: `${POLICY}/rules`, scopes: servers.manage, by: ["provider"], why: "create the rule" },
    { method: "GET", path: `${POLICY}/rules`, scopes: servers.read, by: ["verify", "adopt"], why: "the policy's rules" },
    { method: "GET", path: `${POLICY}/rules/{ruleId}`, scopes: servers.read, by: ["provider"], why: "read the rule" },
    { method: "PUT", path: `${POLICY}/rules/{ruleId}`, scopes: servers.manage, by: ["provider"], why: "update the rule" },
    { method: "DELETE", path: `${POLICY}/rules/{ruleId}`, scopes: servers.manage, by: ["provider"], why: "delete the rule" },
    // Lookups: okta.group.getGroup (data_source_okta_group.go), okta.user.getUser with skipRoles and
    // skipGroups (data_source_okta_user.go ~138-159: without skipRoles it lists roles, okta.roles.read).
    {
        method: "GET",
        path: "/api/v1/groups",
        scopes: ["okta.groups.read"],
        by: ["provider", "verify", "adopt"],
        why: "find groups by name",
    },
    { method: "GET", path: "/api/v1/users", scopes: ["okta.users.read"], by: ["provider"], why: "find users by login" },
    {
        method: "GET",
        path: "/api/v1/users/{id}",
        scopes: ["okta.users.read"],
        by: ["verify", "adopt"],
        why: "a user by login",
    },
    { method: "GET", path: "/api/v1/users/{id}/groups", scopes: ["okta.users.read"], by: ["verify"], why: "a user's groups (--user)" },
    // An API token is checked at configure, through the v3 and the v2 SDK clients (okta/config/config.go ~257-268).
    { method: "GET", path: "/api/v1/users/me", scopes: ["okta.users.read"], by: ["provider"], why: "check an API token at configure" },
    // Public, no scope: the provider asks whether the org is Classic or Identity Engine (providerIsClassicOrg).
    { method: "GET", path: "/.well-known/okta-organization", scopes: [], by: ["provider"], why: "Classic or Identity Engine org" },
];

/** The Okta API scopes a caller needs (a service app's grants), sorted. */
export function oktaScopes(by: Caller): string[] {
    return [...new Set(OKTA_CALLS.filter((c) => c.by.includes(by)).flatMap((c) => c.scopes))].sort();
}

/** The listed call a request matches (path parameters as one segment each), or undefined. */
export function oktaCallFor(method: string, pathname: string): OktaCall | undefined {
    return OKTA_CALLS.find((c) => {
        if (c.method !== method) return false;
        const pattern = new RegExp(`^${c.path.replace(/\{[^}]+\}/g, "[^/]+")}$`);
        return pattern.test(pathname);
    });
}

export interface AwsAction {
    action: string;
    by: Caller[];
    why: string;
}

/**
 * Route 53 actions. The provider's: terraform-provider-aws internal/service/route53 zone_data_source.go
 * (dataSourceZoneRead: ListHostedZones, then GetHostedZone for the name servers and
 * ListTagsForResource for the tags), records_data_source.go (ListResourceRecordSets) and record.go
 * (create: GetHostedZone, ChangeResourceRecordSets, GetChange until INSYNC; read:
 * ListResourceRecordSets). adopt's own: adopt/route53.ts.
 */
export const AWS_ACTIONS: readonly AwsAction[] = [
    { action: "route53:ListHostedZones", by: ["provider"], why: "find the public zone of the domain (getZone)" },
    { action: "route53:GetHostedZone", by: ["provider"], why: "the zone's name servers (getZone), its name (record create)" },
    { action: "route53:ListTagsForResource", by: ["provider"], why: "the zone's tags (getZone)" },
    { action: "route53:ListResourceRecordSets", by: ["provider", "adopt"], why: "the TXT set there already; read the record" },
    { action: "route53:ChangeResourceRecordSets", by: ["provider"], why: "write and delete the TXT record" },
    { action: "route53:GetChange", by: ["provider"], why: "wait for the change to be INSYNC" },
    { action: "route53:ListHostedZonesByName", by: ["adopt"], why: "find the zone of the domain" },
];

export function iamActions(by: Caller): string[] {
    return AWS_ACTIONS.filter((a) => a.by.includes(by))
        .map((a) => a.action)
        .sort();
}

/** The README's permissions list (between its `permissions` markers), from the lists above. */
export function renderPermissions(): string {
    const code = (items: string[]) => items.map((i) => `\`${i}\``).join(", ");
    return [
        `- Okta API scopes of a service app for \`pulumi up\` and \`pulumi preview --refresh\`: ${code(oktaScopes("provider"))}`,
        "  (`okta.groups.manage` only for group push, phase 3; no `okta.roles.read`: the user lookups skip roles).",
        `  \`npm run verify\` needs ${code(oktaScopes("verify"))}; \`npm run adopt\` ${code(oktaScopes("adopt"))}.`,
        `- AWS IAM actions for \`pulumi up\` from phase 2 on: ${code(iamActions("provider"))}; \`npm run adopt\` needs ${code(iamActions("adopt"))}.`,
    ].join("\n");
}
