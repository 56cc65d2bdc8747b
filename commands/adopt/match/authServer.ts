import { grantsKiroToken } from "../../common/expected";
import { ALL_CLIENTS, policiesForClient } from "../../common/net/oktaRules";
import { creating, importing, isPlaceholder, type Matcher, toCreate } from "./types";

/** The custom authorization server and what the stack makes in it: scopes, the access policy, its rule. */

export const server: Matcher = (ctx, name) => {
    const { authServer: choice } = ctx.org;
    if (choice.kind === "found") {
        const { id } = choice.value;
        return importing(id, [`"${choice.value.name}"`, ...choice.notes], id, { issuer: `${ctx.orgUrl}/oauth2/${id}` });
    }
    const placeholder = toCreate(name);
    return {
        action: choice.kind === "missing" ? "create" : "blocked",
        detail: choice.why,
        id: placeholder,
        state: { issuer: placeholder },
    };
};

export const scope: Matcher = (ctx, name, inputs) => {
    const { server } = ctx.org;
    const found = server?.scopes.find((s) => s.name === inputs.name);
    if (!server || !found) return creating(name, server ? `no scope ${inputs.name} on the server` : "the server is to be created");
    const consent = found.consent === inputs.consent ? [] : [`consent ${found.consent ?? "(none)"}: the stack sets ${inputs.consent}`];
    return importing(`${server.id}/${found.id}`, [found.name, ...consent], found.id);
};

export const policy: Matcher = (ctx, name, inputs) => {
    const { server } = ctx.org;
    const clientId = inputs.clientWhitelists?.[0];
    // The policy Okta applies to the Kiro client first: verify's choice too.
    const found = isPlaceholder(clientId) ? undefined : policiesForClient(server?.policies ?? [], clientId)[0];
    if (!server || !found)
        return creating(name, server ? "no access policy is assigned to the Kiro OIDC app's client" : "the server is to be created");
    const notes = [
        ...(found.clients.includes(ALL_CLIENTS)
            ? [`applies to all clients (${ALL_CLIENTS}): the stack narrows it to the Kiro app's client`]
            : []),
        ...(found.clients.length > 1 ? [`assigned to ${found.clients.length} clients: the stack keeps only the Kiro app's`] : []),
        ...(found.status === "INACTIVE" ? ["INACTIVE: the stack activates it"] : []),
    ];
    return importing(`${server.id}/${found.id}`, [`"${found.name}"`, ...notes], found.id);
};

const sameSet = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

export const rule: Matcher = (ctx, name, inputs) => {
    const { server } = ctx.org;
    const policy = server?.policies.find((p) => p.id === inputs.policyId);
    const rules = [...(policy?.rules ?? [])].sort((a, b) => a.priority - b.priority);
    // The active rule that grants Kiro's token, else the first: the one the stack's rule replaces in place.
    const found = rules.find((r) => r.status !== "INACTIVE" && grantsKiroToken(r)) ?? rules[0];
    if (!server || !policy || !found) return creating(name, policy ? `no rule in policy "${policy.name}"` : "the policy is to be created");
    const scopes: string[] = inputs.scopeWhitelists;
    const grants: string[] = inputs.grantTypeWhitelists;
    const notes = [
        ...(sameSet(found.scopes, scopes)
            ? []
            : [`grants ${found.scopes.join(", ") || "(any scope)"}: the stack grants ${[...scopes].sort().join(", ")}`]),
        ...(sameSet(found.grantTypes, grants) ? [] : [`grant types ${found.grantTypes.join(", ")}: the stack sets ${grants.join(", ")}`]),
    ];
    return importing(`${server.id}/${policy.id}/${found.id}`, [`"${found.name}"`, ...notes], found.id);
};
