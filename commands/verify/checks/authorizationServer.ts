import { KIRO_SCOPES, RULE_GRANT, RULE_SCOPES } from "../../common/expected";
import type { OktaPolicy, OktaReader } from "../../common/net/okta";
import { ALL_CLIENTS, policiesForClient } from "../../common/net/oktaRules";
import { type CheckContext, type CheckResult, fail, networkFailure, NO_CREDENTIALS, pass, skip, withOkta } from "./result";

/** The guide's scopes, access policy and rule, read from the authorization server. */

export async function checkScopes(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.scopes", "Kiro scopes (implicit consent)"];
    const server = ctx.inputs.config.authServerName;
    return withOkta(ctx, id, title, async (okta) => {
        const scopes = await okta.listScopes(ctx.inputs.outputs.authServerId);
        const problems = KIRO_SCOPES.flatMap((name) => {
            const scope = scopes.find((s) => s.name === name);
            if (!scope) return [`${name} is missing`];
            return scope.consent === "IMPLICIT" ? [] : [`${name} has consent ${scope.consent ?? "(none)"}`];
        });
        if (problems.length) {
            return fail(
                id,
                title,
                problems.join("; "),
                `Okta Admin > Security > API > Authorization Servers > ${server} > Scopes: ${KIRO_SCOPES.join(" and ")} with User consent: Implicit (or run \`pulumi up --refresh\`).`,
            );
        }
        return pass(id, title, `${KIRO_SCOPES.join(", ")}: consent IMPLICIT`);
    });
}

/** The server's policies that apply to the Kiro client (its own or ALL_CLIENTS), in the order Okta evaluates them. */
export async function kiroPolicies(okta: OktaReader, authServerId: string, clientId: string): Promise<OktaPolicy[]> {
    return policiesForClient(await okta.listPolicies(authServerId), clientId);
}

/** How a policy reaches the Kiro client, for the report. */
const reaches = (p: OktaPolicy, clientId: string) =>
    p.clients.includes(clientId) ? `${p.name} assigned to client ${clientId}` : `${p.name} applies to all clients (${ALL_CLIENTS})`;

export async function checkPolicyAndRule(ctx: CheckContext): Promise<CheckResult[]> {
    const { authServerId, clientId } = ctx.inputs.outputs;
    const server = ctx.inputs.config.authServerName;
    const policyCheck = ["okta.policy", "Access policy for the Kiro OIDC app"] as const;
    const ruleCheck = ["okta.rule", "Rule grants the Kiro scopes + offline_access"] as const;
    if (!ctx.okta)
        return [fail(...policyCheck, "no Okta credentials", NO_CREDENTIALS), fail(...ruleCheck, "no Okta credentials", NO_CREDENTIALS)];
    const policyFix = `Okta Admin > Security > API > Authorization Servers > ${server} > Access Policies: assign the Kiro policy to the Kiro OIDC app (client ${clientId}) and activate it, or run \`pulumi up --refresh\`.`;
    let assigned: OktaPolicy[];
    try {
        assigned = await kiroPolicies(ctx.okta, authServerId, clientId);
    } catch (e) {
        const unreachable = "Check that this machine reaches the Okta org, then run verify again.";
        return [networkFailure(...policyCheck, e, unreachable), networkFailure(...ruleCheck, e, unreachable)];
    }
    const active = assigned.filter((p) => p.status !== "INACTIVE");
    if (active.length === 0) {
        const why = assigned.length
            ? `policy ${assigned.map((p) => `"${p.name}"`).join(", ")} is assigned to client ${clientId} but INACTIVE`
            : `no access policy is assigned to client ${clientId}`;
        return [
            fail(...policyCheck, why, policyFix),
            skip(...ruleCheck, `not checked: ${why} (the line above), so no rule applies to Kiro's clients`),
        ];
    }
    const policyResult = pass(...policyCheck, active.map((p) => reaches(p, clientId)).join(", "));
    const ruleResult = await withOkta(ctx, ...ruleCheck, async (okta) => {
        const rules = (await Promise.all(active.map((p) => okta.listRules(authServerId, p.id))))
            .flat()
            .filter((r) => r.status !== "INACTIVE");
        const exact = (r: { scopes: string[] }) => r.scopes.length === RULE_SCOPES.length && RULE_SCOPES.every((s) => r.scopes.includes(s));
        const good = rules.find((r) => exact(r) && r.grantTypes.includes(RULE_GRANT));
        if (good) return pass(...ruleCheck, `rule "${good.name}": ${RULE_SCOPES.join(", ")}; ${RULE_GRANT}`);
        const seen =
            rules.map((r) => `"${r.name}": scopes ${r.scopes.join(", ") || "(any)"}; grants ${r.grantTypes.join(", ")}`).join(" | ") ||
            "no active rules";
        return fail(
            ...ruleCheck,
            seen,
            `Okta Admin > Security > API > Authorization Servers > ${server} > Access Policies > ${active[0].name} > rule: Authorization Code, Scopes requested: the following scopes: ${RULE_SCOPES.join(", ")} (or run \`pulumi up --refresh\`).`,
        );
    });
    return [policyResult, ruleResult];
}
