import { invoke, oktaHttp, type OktaHttp, plainDiff, type Props, RESOURCES } from "./oktaProvider";
import { serve, UNKNOWN } from "./providerServer";

/**
 * pulumi-resource-okta for the end-to-end suite: the Okta provider DOUBLE (oktaProvider.ts) behind
 * Pulumi's provider protocol, as the engine starts a resource plugin, installed by version with
 * `pulumi plugin install resource okta <version> --file` (e2e/harness.ts).
 */

/** Import IDs as the provider's importers take them (docs/okta-behaviour.md, "Adoption and packaging"). */
function fromImportId(type: string, id: string): { id: string; outs: Props } {
    const parts = id.split("/");
    switch (type) {
        case "okta:auth/serverScope:ServerScope":
        case "okta:auth/serverPolicy:ServerPolicy":
            return { id: parts[1], outs: { authServerId: parts[0] } };
        case "okta:auth/serverPolicyRule:ServerPolicyRule":
            return { id: parts[2], outs: { authServerId: parts[0], policyId: parts[1] } };
        case "okta:app/groupAssignment:GroupAssignment":
            return { id: parts[1], outs: { appId: parts[0], groupId: parts[1], retainAssignment: false } };
        case "okta:app/user:User":
            return { id: parts[1], outs: { appId: parts[0], userId: parts[1], retainAssignment: false } };
        case "okta:index/pushGroup:PushGroup":
            return { id: parts[1], outs: { appId: parts[0] } };
        default:
            return { id, outs: {} };
    }
}

/** Outputs only Okta can know, unknown in a preview of a create. */
const COMPUTED: Record<string, string[]> = {
    "okta:app/oAuth:OAuth": ["clientId", "name"],
    "okta:app/saml:Saml": ["name"],
    "okta:auth/server:Server": ["issuer"],
    "okta:index/pushGroup:PushGroup": ["targetGroupId"],
};

// The provider's own config first, its environment variables for the rest (okta/config/config.go).
let settings: Record<string, string | undefined> = { ...process.env };
let client: OktaHttp = oktaHttp(settings);

serve({
    version: process.env.KIRO_E2E_OKTA_VERSION ?? "7.0.0",
    configure(variables) {
        const value = (key: string) => Object.entries(variables).find(([k]) => k.endsWith(`:${key}`))?.[1];
        settings = {
            ...process.env,
            ...Object.fromEntries(
                Object.entries({
                    OKTA_ORG_NAME: "orgName",
                    OKTA_BASE_URL: "baseUrl",
                    OKTA_HTTP_PROXY: "httpProxy",
                    OKTA_API_TOKEN: "apiToken",
                })
                    .map(([env, key]) => [env, value(key)])
                    .filter(([, v]) => v !== undefined),
            ),
        };
        client = oktaHttp(settings);
    },
    diff(type, olds, news) {
        const model = RESOURCES[type];
        const changed = (model.diff ?? plainDiff)(olds, news);
        return { changed, replaces: changed.filter((k) => model.forceNew.includes(k)) };
    },
    plan: (type, inputs) => ({ ...inputs, ...Object.fromEntries((COMPUTED[type] ?? []).map((k) => [k, UNKNOWN])) }),
    create: (type, inputs) => RESOURCES[type].create(client, inputs),
    async read(type, id, props) {
        const start = props ? { id, outs: props } : fromImportId(type, id);
        const outs = await RESOURCES[type].read(client, start.id, start.outs);
        return outs && { id: start.id, outs };
    },
    update: (type, id, olds, news) => RESOURCES[type].update(client, id, olds, news),
    delete: (type, id, outs) => RESOURCES[type].delete(client, id, outs),
    invoke: (token, args) => invoke(client, token, args),
});
