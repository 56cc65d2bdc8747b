import type { OktaPolicy } from "./okta";

/**
 * Okta's rules that verify and adopt both apply, without the Okta SDK (which takes most of a second
 * to load: commands load it only once they have an org to read).
 */

/** Okta's word for a policy that applies to every client of the server (management spec, AuthorizationServerPolicy conditions.clients). */
export const ALL_CLIENTS = "ALL_CLIENTS";

/**
 * The policies Okta would apply to a client, in the order it evaluates them: those naming the
 * client or ALL_CLIENTS, by priority (Okta API reference, Authorization Servers: policies). verify's
 * token decision and adopt's choice of the policy to import both use this.
 */
export function policiesForClient<T extends OktaPolicy>(policies: readonly T[], clientId: string): T[] {
    return policies.filter((p) => p.clients.includes(clientId) || p.clients.includes(ALL_CLIENTS)).sort((a, b) => a.priority - b.priority);
}

/** A filter value for Okta's `search` (a SCIM filter string): backslashes and quotes escaped. */
export function searchString(value: string): string {
    return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
