import type { KiroConfig } from "../components/configSchema";
import type { World } from "../mock/runProgram";
import { grantsKiroToken } from "../cli/expected";
import { ALL_CLIENTS, policiesForClient } from "../net/oktaRules";
import type { App, Choice, OrgSnapshot } from "./org";
import type { TxtSet } from "./route53";

/**
 * The program's world during adoption: its lookups answer from the org, and each resource it
 * registers is matched with what the org has. A resource is imported (with the ID `pulumi import`
 * takes, docs/okta-behaviour.md "Pulumi"), created (nothing to adopt), or blocked (adopting it would
 * be unsafe: the next `pulumi up` would replace it, or the program cannot run).
 */

export interface Decision {
    type: string;
    name: string;
    action: "import" | "create" | "blocked";
    /** The import ID, for action import. */
    importId?: string;
    detail: string;
}

/** Placeholders for what adoption leaves to `pulumi up`: never an Okta ID. */
const toCreate = (name: string) => `<${name}: to create>`;
const isPlaceholder = (id: unknown) => typeof id === "string" && id.startsWith("<");

/** The error the engine reports for a failed lookup: the SDK rethrows `details` as the message. */
function lookupFailure(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

export function adoptWorld(cfg: KiroConfig, org: OrgSnapshot, txt: TxtSet | undefined, orgUrl: string) {
    const decisions: Decision[] = [];
    const problems: string[] = [];
    const decide = (d: Decision) => decisions.push(d);
    const { oidc, scim, authServer: server } = org;
    const labelOf = (appId: string) => (appId === (oidc.kind === "found" && oidc.value.id) ? cfg.oidcAppLabel : cfg.samlAppLabel);

    const app = (
        type: string,
        name: string,
        choice: Choice<App>,
        describe: (a: App) => string,
    ): { id: string; state: Record<string, unknown> } => {
        if (choice.kind === "found") {
            decide({
                type,
                name,
                action: "import",
                importId: choice.value.id,
                detail: [describe(choice.value), ...choice.notes].join("; "),
            });
            return { id: choice.value.id, state: { clientId: choice.value.id, name: choice.value.name } };
        }
        decide({ type, name, action: choice.kind === "missing" ? "create" : "blocked", detail: choice.why });
        return { id: toCreate(name), state: { clientId: toCreate(name), name: toCreate(name) } };
    };

    const world: World = {
        call(token, inputs) {
            switch (token) {
                case "okta:group/getGroup:getGroup": {
                    const id = org.groups[inputs.name];
                    if (!id) {
                        problems.push(
                            `Okta has no group named "${inputs.name}": create it, or change assignGroups/pushGroups (\`pulumi up\` would stop at this lookup)`,
                        );
                        throw lookupFailure(`group with name "${inputs.name}" does not exist`);
                    }
                    return { id, name: inputs.name };
                }
                case "okta:user/getUser:getUser": {
                    const login = inputs.searches?.[0]?.value as string;
                    const id = org.users[login];
                    if (!id) {
                        problems.push(
                            `Okta has no user with the login ${login}: fix assignUsers (\`pulumi up\` would stop at this lookup)`,
                        );
                        throw lookupFailure("no users found using search criteria");
                    }
                    return { id, login: org.userLogins[login] ?? login };
                }
                case "aws:route53/getZone:getZone": {
                    const name = String(inputs.name).replace(/\.$/, "");
                    if (!txt || txt.zoneName !== name) throw lookupFailure("no matching Route 53 Hosted Zone found");
                    return { id: txt.zoneId, zoneId: txt.zoneId, name: `${name}.` };
                }
                case "aws:route53/getRecords:getRecords": {
                    const sets = txt?.existing
                        ? [
                              {
                                  name: `${txt.name}.`,
                                  type: "TXT",
                                  ttl: txt.existing.ttl,
                                  setIdentifier: "",
                                  resourceRecords: txt.existing.values.map((value) => ({ value })),
                              },
                          ]
                        : [];
                    return { zoneId: inputs.zoneId, resourceRecordSets: sets };
                }
                default:
                    throw new Error(`adopt cannot look up ${token}`);
            }
        },
        newResource(type, name, inputs) {
            switch (type) {
                case "okta:app/oAuth:OAuth":
                    return app(type, name, oidc, (a) => `"${a.label}", native, ${a.status}`);
                case "okta:app/saml:Saml":
                    return app(
                        type,
                        name,
                        scim,
                        (a) => `"${a.label}", ${a.name === "amazon_aws_sso" ? "AWS IAM Identity Center catalog app" : "custom SAML app"}`,
                    );
                case "okta:auth/server:Server": {
                    if (server.kind === "found") {
                        decide({
                            type,
                            name,
                            action: "import",
                            importId: server.value.id,
                            detail: [`"${server.value.name}"`, ...server.notes].join("; "),
                        });
                        return { id: server.value.id, state: { issuer: `${orgUrl}/oauth2/${server.value.id}` } };
                    }
                    decide({ type, name, action: server.kind === "missing" ? "create" : "blocked", detail: server.why });
                    return { id: toCreate(name), state: { issuer: toCreate(name) } };
                }
                case "okta:auth/serverScope:ServerScope": {
                    const scope = org.server?.scopes.find((s) => s.name === inputs.name);
                    if (!org.server || !scope) {
                        decide({
                            type,
                            name,
                            action: "create",
                            detail: org.server ? `no scope ${inputs.name} on the server` : "the server is to be created",
                        });
                        return { id: toCreate(name), state: {} };
                    }
                    const notes =
                        scope.consent === inputs.consent ? [] : [`consent ${scope.consent ?? "(none)"}: the stack sets ${inputs.consent}`];
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${org.server.id}/${scope.id}`,
                        detail: [scope.name, ...notes].join("; "),
                    });
                    return { id: scope.id, state: {} };
                }
                case "okta:auth/serverPolicy:ServerPolicy": {
                    const clientId = inputs.clientWhitelists?.[0];
                    // The policy Okta applies to the Kiro client first: verify's choice too.
                    const policy = isPlaceholder(clientId) ? undefined : policiesForClient(org.server?.policies ?? [], clientId)[0];
                    if (!org.server || !policy) {
                        decide({
                            type,
                            name,
                            action: "create",
                            detail: org.server
                                ? "no access policy is assigned to the Kiro OIDC app's client"
                                : "the server is to be created",
                        });
                        return { id: toCreate(name), state: {} };
                    }
                    const notes = [
                        ...(policy.clients.includes(ALL_CLIENTS)
                            ? [`applies to all clients (${ALL_CLIENTS}): the stack narrows it to the Kiro app's client`]
                            : []),
                        ...(policy.clients.length > 1
                            ? [`assigned to ${policy.clients.length} clients: the stack keeps only the Kiro app's`]
                            : []),
                        ...(policy.status === "INACTIVE" ? ["INACTIVE: the stack activates it"] : []),
                    ];
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${org.server.id}/${policy.id}`,
                        detail: [`"${policy.name}"`, ...notes].join("; "),
                    });
                    return { id: policy.id, state: {} };
                }
                case "okta:auth/serverPolicyRule:ServerPolicyRule": {
                    const policy = org.server?.policies.find((p) => p.id === inputs.policyId);
                    const rules = [...(policy?.rules ?? [])].sort((a, b) => a.priority - b.priority);
                    const rule = rules.find((r) => r.status !== "INACTIVE" && grantsKiroToken(r)) ?? rules[0];
                    if (!org.server || !policy || !rule) {
                        decide({
                            type,
                            name,
                            action: "create",
                            detail: policy ? `no rule in policy "${policy.name}"` : "the policy is to be created",
                        });
                        return { id: toCreate(name), state: {} };
                    }
                    const wanted = [...(inputs.scopeWhitelists as string[])].sort();
                    const notes = [
                        ...(rule.scopes.slice().sort().join() === wanted.join()
                            ? []
                            : [`grants ${rule.scopes.join(", ") || "(any scope)"}: the stack grants ${wanted.join(", ")}`]),
                        ...(rule.grantTypes.slice().sort().join() === [...inputs.grantTypeWhitelists].sort().join()
                            ? []
                            : [`grant types ${rule.grantTypes.join(", ")}: the stack sets ${inputs.grantTypeWhitelists.join(", ")}`]),
                    ];
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${org.server.id}/${policy.id}/${rule.id}`,
                        detail: [`"${rule.name}"`, ...notes].join("; "),
                    });
                    return { id: rule.id, state: {} };
                }
                case "okta:app/groupAssignment:GroupAssignment": {
                    const assigned = !isPlaceholder(inputs.appId) && org.appGroups[inputs.appId]?.includes(inputs.groupId);
                    const group = Object.keys(org.groups).find((g) => org.groups[g] === inputs.groupId) ?? inputs.groupId;
                    if (!assigned) {
                        decide({
                            type,
                            name,
                            action: "create",
                            detail: `${group} is not assigned to ${isPlaceholder(inputs.appId) ? "the app (to be created)" : labelOf(inputs.appId)} yet`,
                        });
                        return { id: toCreate(name), state: {} };
                    }
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${inputs.appId}/${inputs.groupId}`,
                        detail: `${group} on ${labelOf(inputs.appId)}`,
                    });
                    return { id: `${inputs.appId}/${inputs.groupId}`, state: {} };
                }
                case "okta:app/user:User": {
                    const assigned = isPlaceholder(inputs.appId) ? undefined : org.appUsers[inputs.appId]?.[inputs.userId];
                    const scope = assigned?.scope;
                    const login = Object.keys(org.users).find((u) => org.users[u] === inputs.userId) ?? inputs.userId;
                    if (scope !== "USER") {
                        const why =
                            scope === "GROUP"
                                ? "assigned only through a group; the stack adds the direct assignment"
                                : "not assigned directly yet";
                        decide({ type, name, action: "create", detail: `${login}: ${why}` });
                        return { id: toCreate(name), state: {} };
                    }
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${inputs.appId}/${inputs.userId}`,
                        // The provider reads the username back (resource_okta_app_user.go Read): a different one is an update.
                        detail: [
                            `${login} on ${labelOf(inputs.appId)}`,
                            ...(assigned?.userName === inputs.username
                                ? []
                                : [`username ${assigned?.userName ?? "(none)"}: the stack sets ${inputs.username}`]),
                        ].join("; "),
                    });
                    return { id: `${inputs.appId}/${inputs.userId}`, state: {} };
                }
                case "okta:index/pushGroup:PushGroup": {
                    const mapping = isPlaceholder(inputs.appId)
                        ? undefined
                        : org.pushes[inputs.appId]?.find((m) => m.sourceGroupId === inputs.sourceGroupId);
                    const group = Object.keys(org.groups).find((g) => org.groups[g] === inputs.sourceGroupId) ?? inputs.sourceGroupId;
                    if (!mapping) {
                        decide({ type, name, action: "create", detail: `${group} is not pushed yet` });
                        return { id: toCreate(name), state: {} };
                    }
                    const notes = mapping.status === "ACTIVE" ? [] : [`${mapping.status ?? "not active"}: the stack activates it`];
                    decide({
                        type,
                        name,
                        action: "import",
                        importId: `${inputs.appId}/${mapping.id}`,
                        detail: [`${group} pushed`, ...notes].join("; "),
                    });
                    return { id: mapping.id, state: {} };
                }
                case "aws:route53/record:Record": {
                    if (!txt?.existing) {
                        decide({ type, name, action: "create", detail: `no TXT record set at ${inputs.name} yet` });
                        return { id: toCreate(name), state: { fqdn: inputs.name } };
                    }
                    const importId = `${txt.zoneId}_${txt.name}_TXT`;
                    decide({
                        type,
                        name,
                        action: "import",
                        importId,
                        detail: `TXT ${txt.name} (${txt.existing.values.length} value(s)); the stack adds the Kiro token to them`,
                    });
                    return { id: importId, state: { fqdn: inputs.name } };
                }
                default:
                    return { id: toCreate(name), state: inputs };
            }
        },
    };
    return { world, decisions, problems };
}
