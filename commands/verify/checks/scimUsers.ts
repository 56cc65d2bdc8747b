import type { ScimCandidate } from "../../common/net/okta";
import { type CheckContext, type CheckResult, fail, pass, skip, withOkta } from "./result";
import { appAdmin } from "../../common/oidcSettings";

/**
 * Kiro's SCIM endpoint is IAM Identity Center's: a user it cannot take fails at provisioning
 * ("request is unparsable, syntactically incorrect or violates schema" in Okta). Its rules
 * (docs/okta-behaviour.md, "SCIM app and provisioning"): userName, givenName, familyName and
 * displayName are required; userName has at most 128 characters, no white space, none of <>;:%,
 * and is not a reserved name.
 */

const RESERVED_USER_NAMES = ["administrator", "awsadministrators"];
const USER_NAME_MAX = 128;
const NAME_MAX = 1024;

/** Why IAM Identity Center would reject this user, one reason per attribute; [] when it would take it. */
export function scimProblems(user: ScimCandidate): string[] {
    const problems: string[] = [];
    const blank = (v: string | undefined) => v === undefined || v.trim() === "";
    if (blank(user.userName)) problems.push("no userName");
    else {
        const name = user.userName!;
        if ([...name].length > USER_NAME_MAX) problems.push(`userName longer than ${USER_NAME_MAX} characters`);
        if (/\s/.test(name)) problems.push("userName contains white space");
        if (/[<>;:%]/.test(name)) problems.push("userName contains one of <>;:%");
        if (RESERVED_USER_NAMES.includes(name.toLowerCase())) problems.push(`userName "${name}" is reserved by IAM Identity Center`);
    }
    for (const [attribute, value, source] of [
        ["givenName", user.givenName, "first name"],
        ["familyName", user.familyName, "last name"],
        ["displayName", user.displayName, "display name"],
    ] as const) {
        if (blank(value)) problems.push(`no ${attribute} (Okta ${source} empty)`);
        else if ([...value!].length > NAME_MAX) problems.push(`${attribute} longer than ${NAME_MAX} characters`);
    }
    return problems;
}

const SHOWN = 10;

export function checkScimUsers(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.scimUsers", "Assigned users Kiro's SCIM endpoint accepts"];
    const { config, outputs } = ctx.inputs;
    if (!config.scimEndpoint) return Promise.resolve(skip(id, title, "phase 2 not configured (scimEndpoint, scimToken)"));
    return withOkta(ctx, id, title, async (okta) => {
        const { users, more } = await okta.scimCandidates(outputs.samlAppId, ctx.maxUsers);
        const count = `${users.length} user${users.length === 1 ? "" : "s"}`;
        const scanned = more
            ? `the first ${count} assigned to ${config.samlAppLabel} (it has more; --max-users reads more)`
            : `${count} assigned to ${config.samlAppLabel}`;
        const rejected = users.map((u) => ({ user: u, problems: scimProblems(u) })).filter((r) => r.problems.length > 0);
        if (rejected.length === 0)
            return pass(id, title, `${scanned}: each has userName, givenName, familyName and displayName as IAM Identity Center requires`);
        const listed = rejected.slice(0, SHOWN).map((r) => `${r.user.login ?? r.user.userName ?? r.user.userId}: ${r.problems.join(", ")}`);
        const rest = rejected.length > SHOWN ? `; and ${rejected.length - SHOWN} more` : "";
        return fail(
            id,
            title,
            `${rejected.length} of ${scanned} would be rejected: ${listed.join("; ")}${rest}`,
            `Okta Admin > Directory > People > (user) > Profile: fill in first name, last name and display name, and keep the username free of spaces and <>;:% (or map other attributes in ${appAdmin(config.samlAppLabel)} > Provisioning > To App).`,
        );
    });
}
