import type { App, Choice } from "../org";
import { creating, importing, isPlaceholder, type Match, type MatchContext, type Matcher, nameOf, toCreate } from "./types";

/** The two Kiro apps, their group assignments and their direct user assignments. */

function app(name: string, choice: Choice<App>, describe: (a: App) => string): Match {
    if (choice.kind === "found") {
        const { id, name: appName } = choice.value;
        return importing(id, [describe(choice.value), ...choice.notes], id, { clientId: id, name: appName });
    }
    const placeholder = toCreate(name);
    return {
        action: choice.kind === "missing" ? "create" : "blocked",
        detail: choice.why,
        id: placeholder,
        state: { clientId: placeholder, name: placeholder },
    };
}

/** The label of one of the chosen apps, for details. */
function labelOf(ctx: MatchContext, appId: string): string {
    const { oidc } = ctx.org;
    return appId === (oidc.kind === "found" && oidc.value.id) ? ctx.cfg.oidcAppLabel : ctx.cfg.samlAppLabel;
}

export const oidcApp: Matcher = (ctx, name) => app(name, ctx.org.oidc, (a) => `"${a.label}", native, ${a.status}`);

export const scimApp: Matcher = (ctx, name) =>
    app(
        name,
        ctx.org.scim,
        (a) => `"${a.label}", ${a.name === "amazon_aws_sso" ? "AWS IAM Identity Center catalog app" : "custom SAML app"}`,
    );

export const groupAssignment: Matcher = (ctx, name, inputs) => {
    const { org } = ctx;
    const group = nameOf(org.groups, inputs.groupId);
    if (isPlaceholder(inputs.appId) || !org.appGroups[inputs.appId]?.includes(inputs.groupId)) {
        const app = isPlaceholder(inputs.appId) ? "the app (to be created)" : labelOf(ctx, inputs.appId);
        return creating(name, `${group} is not assigned to ${app} yet`);
    }
    return importing(`${inputs.appId}/${inputs.groupId}`, [`${group} on ${labelOf(ctx, inputs.appId)}`]);
};

export const appUser: Matcher = (ctx, name, inputs) => {
    const { org } = ctx;
    const assigned = isPlaceholder(inputs.appId) ? undefined : org.appUsers[inputs.appId]?.[inputs.userId];
    const login = nameOf(org.users, inputs.userId);
    if (assigned?.scope !== "USER") {
        const why =
            assigned?.scope === "GROUP"
                ? "assigned only through a group; the stack adds the direct assignment"
                : "not assigned directly yet";
        return creating(name, `${login}: ${why}`);
    }
    // The provider reads the username back (resource_okta_app_user.go Read): a different one is an update.
    const username =
        assigned.userName === inputs.username ? [] : [`username ${assigned.userName ?? "(none)"}: the stack sets ${inputs.username}`];
    return importing(`${inputs.appId}/${inputs.userId}`, [`${login} on ${labelOf(ctx, inputs.appId)}`, ...username]);
};
