import { checkAssignments, checkDuplicates, checkOidcApp, checkOidcSecurity, checkProvisioning, checkPushes } from "./apps";
import { checkPolicyAndRule, checkScopes } from "./authorizationServer";
import { checkDns } from "./dns";
import { checkIssuer } from "./issuer";
import type { CheckContext, CheckResult } from "./result";
import { checkScim } from "./scim";
import { checkScimUsers } from "./scimUsers";
import { checkTokens } from "./tokens";

export type { CheckContext, CheckResult, Status } from "./result";

/**
 * Every check, in the order the guide meets them: what the guide leaves to the admin (Token
 * Preview, Test Connector Configuration, the domain showing "Verified") and what a drift check
 * cannot see, against a deployed stack.
 */
export async function runChecks(ctx: CheckContext): Promise<CheckResult[]> {
    const results = await Promise.all([
        checkIssuer(ctx),
        checkScopes(ctx),
        checkPolicyAndRule(ctx),
        checkOidcApp(ctx),
        checkOidcSecurity(ctx),
        checkDuplicates(ctx),
        checkAssignments(ctx),
        checkTokens(ctx),
        checkProvisioning(ctx),
        checkPushes(ctx),
        checkScimUsers(ctx),
        checkDns(ctx),
        checkScim(ctx),
    ]);
    return results.flat();
}
