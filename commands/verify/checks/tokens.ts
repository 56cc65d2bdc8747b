import { grantsKiroToken, RULE_GRANT, RULE_SCOPES } from "../../common/expected";
import type { OktaReader, OktaRule } from "../../common/net/okta";
import { kiroPolicies } from "./authorizationServer";
import { type CheckContext, type CheckResult, fail, networkFailure, NO_CREDENTIALS, pass } from "./result";
import { appAdmin } from "../../common/oidcSettings";

/**
 * "Would this user get a token?": the guide's Token Preview, decided from Okta's API for a real
 * user. Okta evaluates the server's policies by priority (the first whose clients include the
 * Kiro client) and, in it, the rules by priority: the first whose people, grant type and scopes
 * match the request gives the token (Okta API reference, Authorization Servers: policies and rules).
 */

/** Whether a rule's people condition covers the user: not excluded (as a user or through a group), and EVERYONE, one of the user's groups, or the user. */
export function coversUser(rule: OktaRule, userId: string, groupIds: readonly string[]): boolean {
    if (rule.excludedUsers.includes(userId) || rule.excludedGroups.some((g) => groupIds.includes(g))) return false;
    return rule.groups.includes("EVERYONE") || rule.groups.some((g) => groupIds.includes(g)) || rule.users.includes(userId);
}

async function tokenFor(okta: OktaReader, ctx: CheckContext, login: string): Promise<CheckResult> {
    const [id, title] = [`token:${login}`, `Token for ${login}`];
    const { config, outputs } = ctx.inputs;
    const user = await okta.findUser(login);
    if (!user) return fail(id, title, `no Okta user has the login ${login}`, "Check the login (Okta Admin > Directory > People).");
    if (user.status !== "ACTIVE") {
        return fail(
            id,
            title,
            `${login} is ${user.status ?? "not active"}; only ACTIVE users get tokens`,
            `Okta Admin > Directory > People > ${login}: activate the user.`,
        );
    }
    const who = [...config.assignGroups.map((g) => `group ${g}`), ...config.assignUsers.map((u) => `user ${u}`)].join(", ");
    const oidcScope = (await okta.appUser(outputs.oidcAppId, user.id))?.scope;
    if (!oidcScope) {
        return fail(
            id,
            title,
            `${login} is not assigned to ${config.oidcAppLabel} (directly or through a group), so Okta refuses the sign-in`,
            `Add ${login} to one of the assigned groups (${who}) or to assignUsers, then \`pulumi up\`.`,
        );
    }
    const policies = (await kiroPolicies(okta, outputs.authServerId, outputs.clientId)).filter((p) => p.status !== "INACTIVE");
    if (policies.length === 0) {
        return fail(
            id,
            title,
            `no ACTIVE access policy on ${config.authServerName} applies to client ${outputs.clientId}`,
            `Okta Admin > Security > API > Authorization Servers > ${config.authServerName} > Access Policies: assign the Kiro policy to the Kiro OIDC app (or run \`pulumi up --refresh\`).`,
        );
    }
    const policy = policies[0];
    const [rules, groups] = await Promise.all([okta.listRules(outputs.authServerId, policy.id), okta.userGroups(user.id)]);
    const active = rules.filter((r) => r.status !== "INACTIVE").sort((a, b) => a.priority - b.priority);
    const groupIds = groups.map((g) => g.id);
    const rule = active.find((r) => coversUser(r, user.id, groupIds) && grantsKiroToken(r));
    if (!rule) {
        const covering = active.filter((r) => coversUser(r, user.id, groupIds));
        const why = covering.length
            ? `rule${covering.length > 1 ? "s" : ""} ${covering.map((r) => `"${r.name}"`).join(", ")} cover${covering.length > 1 ? "" : "s"} ${login} but grant${covering.length > 1 ? "" : "s"} ${covering.map((r) => `${r.grantTypes.join("+") || "no grant"} with ${r.scopes.join(", ") || "no scopes"}`).join("; ")}`
            : `no ACTIVE rule's people condition covers ${login} (groups: ${groups.map((g) => g.name).join(", ") || "none"})`;
        return fail(
            id,
            title,
            `policy "${policy.name}": ${why}; Kiro needs ${RULE_GRANT} with ${RULE_SCOPES.join(", ")}`,
            `Okta Admin > Security > API > Authorization Servers > ${config.authServerName} > Access Policies > ${policy.name}: a rule for everyone (or ${login}'s groups) granting Authorization Code with ${RULE_SCOPES.join(", ")} (or run \`pulumi up --refresh\`).`,
        );
    }
    const scimScope = (await okta.appUser(outputs.samlAppId, user.id))?.scope;
    if (!scimScope) {
        return fail(
            id,
            title,
            `${login} gets a token but is not assigned to ${config.samlAppLabel}: signs in, but is never provisioned to Kiro`,
            `${appAdmin(config.samlAppLabel)} > Assignments: the same groups and users as ${config.oidcAppLabel} (${who}); \`pulumi up\` does it.`,
        );
    }
    const through = (scope: string) => (scope === "GROUP" ? "through a group" : "directly");
    return pass(
        id,
        title,
        `${config.oidcAppLabel} (${through(oidcScope)}), policy "${policy.name}", rule "${rule.name}": ${RULE_SCOPES.join(", ")}; provisioned through ${config.samlAppLabel} (${through(scimScope)})`,
    );
}

export async function checkTokens(ctx: CheckContext): Promise<CheckResult[]> {
    return Promise.all(
        ctx.users.map(async (login) => {
            const [id, title] = [`token:${login}`, `Token for ${login}`];
            if (!ctx.okta) return fail(id, title, "no Okta credentials", NO_CREDENTIALS);
            try {
                return await tokenFor(ctx.okta, ctx, login);
            } catch (e) {
                return networkFailure(id, title, e, "Check that this machine reaches the Okta org, then run verify again.");
            }
        }),
    );
}
