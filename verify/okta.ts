import * as okta from "@okta/okta-sdk-nodejs";
import type { OktaAuth } from "./inputs";
import { type NetOptions, withRetry } from "./net";

/** The reads verify makes through Okta's management API, in the shapes Okta's API reference gives. */
export interface OktaReader {
    listScopes(authServerId: string): Promise<{ name: string; consent?: string }[]>;
    listPolicies(authServerId: string): Promise<{ id: string; name: string; status?: string; clients: string[] }[]>;
    listRules(authServerId: string, policyId: string): Promise<{ name: string; status?: string; scopes: string[]; grantTypes: string[] }[]>;
    getApp(appId: string): Promise<{ label?: string; status?: string; features: string[]; redirectUris: string[] }>;
    assignedGroupIds(appId: string): Promise<string[]>;
    findGroupId(name: string): Promise<string | undefined>;
    assignedUserIds(appId: string): Promise<string[]>;
    /** undefined when no user has that login. */
    findUserId(login: string): Promise<string | undefined>;
}

async function all<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
    const items: T[] = [];
    for await (const item of collection) if (item) items.push(item);
    return items;
}

/** An HTTP status other than 429 and 5xx is an answer, not a reason to retry. */
function transient(e: unknown): boolean {
    const status = (e as { status?: number }).status;
    return status === undefined || status === 429 || status >= 500;
}

export function sdkReader(orgUrl: string, auth: OktaAuth, net: NetOptions): OktaReader {
    const requestExecutor = new okta.DefaultRequestExecutor({ maxRetries: net.retries, requestTimeout: net.timeoutMs });
    const client =
        "token" in auth
            ? new okta.Client({ orgUrl, token: auth.token, requestExecutor })
            : new okta.Client({
                  orgUrl,
                  authorizationMode: "PrivateKey",
                  clientId: auth.clientId,
                  privateKey: auth.privateKey,
                  keyId: auth.keyId,
                  scopes: auth.scopes,
                  requestExecutor,
              });
    const call = <T>(what: string, fn: () => Promise<T>) => withRetry(`Okta ${what}`, net, fn, transient);
    return {
        listScopes: (authServerId) =>
            call("list scopes", async () =>
                (await all(await client.authorizationServerApi.listOAuth2Scopes({ authServerId }))).map((s) => ({
                    name: s.name ?? "",
                    consent: s.consent,
                })),
            ),
        listPolicies: (authServerId) =>
            call("list policies", async () =>
                (await all(await client.authorizationServerApi.listAuthorizationServerPolicies({ authServerId }))).map((p) => ({
                    id: p.id ?? "",
                    name: p.name ?? "",
                    status: p.status,
                    clients: p.conditions?.clients?.include ?? [],
                })),
            ),
        listRules: (authServerId, policyId) =>
            call("list rules", async () =>
                (await all(await client.authorizationServerApi.listAuthorizationServerPolicyRules({ authServerId, policyId }))).map(
                    (r) => ({
                        name: r.name ?? "",
                        status: r.status,
                        scopes: r.conditions?.scopes?.include ?? [],
                        grantTypes: r.conditions?.grantTypes?.include ?? [],
                    }),
                ),
            ),
        getApp: (appId) =>
            call("get app", async () => {
                const app = (await client.applicationApi.getApplication({ appId })) as okta.Application & {
                    settings?: { oauthClient?: { redirect_uris?: string[] } };
                };
                return {
                    label: app.label,
                    status: app.status,
                    features: app.features ?? [],
                    redirectUris: app.settings?.oauthClient?.redirect_uris ?? [],
                };
            }),
        assignedGroupIds: (appId) =>
            call("list app groups", async () =>
                (await all(await client.applicationApi.listApplicationGroupAssignments({ appId }))).map((a) => a.id ?? ""),
            ),
        findGroupId: (name) =>
            call(
                "find group",
                async () => (await all(await client.groupApi.listGroups({ q: name }))).find((g) => g.profile?.name === name)?.id,
            ),
        assignedUserIds: (appId) =>
            call("list app users", async () =>
                (await all(await client.applicationApi.listApplicationUsers({ appId }))).map((u) => u.id ?? ""),
            ),
        findUserId: (login) =>
            call("find user", async () => {
                try {
                    return (await client.userApi.getUser({ userId: login })).id;
                } catch (e) {
                    if ((e as { status?: number }).status === 404) return undefined;
                    throw e;
                }
            }),
    };
}
