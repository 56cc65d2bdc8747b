import { redirectUris } from "../../../components/redirectUris";
import { provisioningFix } from "../../../components/runbook";
import { OIDC_APP, PROVISIONING_FEATURES } from "../../common/expected";
import { type CheckContext, type CheckResult, fail, pass, skip, withOkta } from "./result";
import { appAdmin, oidcMismatches } from "../../common/oidcSettings";

/** The two apps as Okta has them: the OIDC app's settings, the assignments, provisioning and pushes. */

export function checkOidcApp(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.oidcApp", "OIDC app active with every redirect URI"];
    const { config, outputs } = ctx.inputs;
    return withOkta(ctx, id, title, async (okta) => {
        const app = await okta.getApp(outputs.oidcAppId);
        const expected = redirectUris(config.redirectPorts, config.extraRedirectUris);
        const missing = expected.filter((uri) => !(app.oauth?.redirectUris ?? []).includes(uri));
        const problems = [
            ...(app.status === "ACTIVE" ? [] : [`status is ${app.status}`]),
            ...(missing.length ? [`missing redirect URIs: ${missing.join(", ")}`] : []),
        ];
        if (problems.length) {
            return fail(
                id,
                title,
                problems.join("; "),
                `${appAdmin(config.oidcAppLabel)} > General: activate it and add the sign-in redirect URIs above (or run \`pulumi up --refresh\`).`,
            );
        }
        return pass(id, title, `${config.oidcAppLabel}: ACTIVE, ${expected.length} redirect URIs`);
    });
}

/** What a drift check cannot see (the provider misses pkce_required), read from the app as Okta returns it. */
export async function checkOidcSecurity(ctx: CheckContext): Promise<CheckResult[]> {
    const [id, title] = ["okta.oidcSecurity", "OIDC app security settings"];
    const { config, outputs } = ctx.inputs;
    const result = await withOkta(ctx, id, title, async (okta) => {
        const app = await okta.getApp(outputs.oidcAppId);
        if (!app.oauth)
            return [
                fail(
                    id,
                    title,
                    `${config.oidcAppLabel} is a ${app.signOnMode ?? "non-OIDC"} app, not an OIDC app`,
                    "Point verify at the stack's outputs (oidcAppId).",
                ),
            ];
        const mismatches = oidcMismatches(app.oauth, config.oidcAppLabel);
        if (mismatches.length) return mismatches.map((m) => fail(id, title, m.found, m.fix));
        return [
            pass(
                id,
                title,
                `${config.oidcAppLabel}: native, public client (none), PKCE required, grants ${OIDC_APP.requiredGrants.join(" + ")}, response code, refresh token ${OIDC_APP.refreshTokenRotation}`,
            ),
        ];
    });
    return Array.isArray(result) ? result : [result];
}

export function checkAssignments(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.assignments", "Groups (and users) assigned to both apps"];
    const { config, outputs } = ctx.inputs;
    return withOkta(ctx, id, title, async (okta) => {
        const apps = [
            { label: config.oidcAppLabel, id: outputs.oidcAppId },
            { label: config.samlAppLabel, id: outputs.samlAppId },
        ];
        const [groupIds, users, groupsOf] = await Promise.all([
            Promise.all(config.assignGroups.map((g) => okta.findGroupId(g))),
            Promise.all(config.assignUsers.map((u) => okta.findUser(u))),
            Promise.all(apps.map((a) => okta.assignedGroupIds(a.id))),
        ]);
        // Each configured user's own assignment, not the app's whole user list (which grows with the groups).
        const usersOf = await Promise.all(
            users.map((user) => (user ? Promise.all(apps.map((a) => okta.appUser(a.id, user.id))) : Promise.resolve([]))),
        );
        const problems: string[] = [];
        config.assignGroups.forEach((name, i) => {
            const found = groupIds[i];
            if (!found) {
                problems.push(`group "${name}" does not exist`);
                return;
            }
            apps.forEach((app, j) => {
                if (!groupsOf[j].includes(found)) problems.push(`group "${name}" is not assigned to ${app.label}`);
            });
        });
        config.assignUsers.forEach((name, i) => {
            const user = users[i];
            if (!user) {
                problems.push(`user "${name}" does not exist`);
                return;
            }
            apps.forEach((app, j) => {
                const assigned = usersOf[i][j];
                if (!assigned) problems.push(`user "${name}" is not assigned to ${app.label}`);
                // The stack gives a direct assignment the user's Okta login as username (resource_okta_app_user.go requires one).
                else if (assigned.scope === "USER" && assigned.userName?.toLowerCase() !== user.login.toLowerCase())
                    problems.push(
                        `user "${name}" has the username "${assigned.userName ?? ""}" on ${app.label}, not the login ${user.login}`,
                    );
            });
        });
        const who = [...config.assignGroups, ...config.assignUsers].join(", ");
        if (problems.length) {
            return fail(
                id,
                title,
                problems.join("; "),
                `Okta Admin > Applications > (app) > Assignments: assign ${who} to both ${apps.map((a) => a.label).join(" and ")} (or run \`pulumi up --refresh\`).`,
            );
        }
        return pass(id, title, `${who} on ${apps.map((a) => a.label).join(" and ")}`);
    });
}

export function checkProvisioning(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.provisioning", "SCIM provisioning on the SCIM app"];
    const { config, outputs } = ctx.inputs;
    if (!config.scimEndpoint) return Promise.resolve(skip(id, title, "phase 2 not configured (scimEndpoint, scimToken)"));
    return withOkta(ctx, id, title, async (okta) => {
        const app = await okta.getApp(outputs.samlAppId);
        const missing = PROVISIONING_FEATURES.filter((f) => !app.features.includes(f));
        if (missing.length) {
            return fail(
                id,
                title,
                `${config.samlAppLabel} lacks ${missing.join(", ")} (features: ${app.features.join(", ") || "none"})`,
                provisioningFix(config.scimApp, config.samlAppLabel),
            );
        }
        return pass(id, title, `${config.samlAppLabel}: ${PROVISIONING_FEATURES.join(", ")}`);
    });
}

/** Phase 3: an ACTIVE push mapping on the SCIM app for each configured push group. */
export function checkPushes(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.pushes", "Group pushes to Kiro"];
    const { config, outputs } = ctx.inputs;
    if (config.pushGroups.length === 0) return Promise.resolve(skip(id, title, "phase 3 not configured (pushGroups)"));
    return withOkta(ctx, id, title, async (okta) => {
        const [groupIds, mappings] = await Promise.all([
            Promise.all(config.pushGroups.map((g) => okta.findGroupId(g))),
            okta.pushMappings(outputs.samlAppId),
        ]);
        const missing: string[] = [];
        const stuck: string[] = [];
        const problems = config.pushGroups.flatMap((name, i) => {
            const groupId = groupIds[i];
            if (!groupId) return [`group "${name}" does not exist`];
            const mapping = mappings.find((m) => m.sourceGroupId === groupId);
            if (!mapping) {
                missing.push(name);
                return [`"${name}" is not pushed to ${config.samlAppLabel}`];
            }
            if (mapping.status === "ACTIVE") return [];
            // The provider updates and deletes only ACTIVE or INACTIVE pushes (resource_okta_push_group.go).
            if (mapping.status !== "INACTIVE") stuck.push(name);
            return [`the push of "${name}" (mapping ${mapping.id}) is ${mapping.status ?? "not active"}`];
        });
        if (problems.length) {
            const fixes = [
                `${appAdmin(config.samlAppLabel)} > Push Groups: push ${config.pushGroups.join(", ")} and activate the pushes (or run \`pulumi up --refresh\`); pushes need provisioning on (the line above).`,
                ...(missing.length
                    ? [
                          `If the stack pushed ${missing.join(", ")} before, the push was deleted in Okta and \`pulumi preview --refresh\` fails on it ("Error reading Okta push group mapping"): \`pulumi state delete '<urn of its okta:index/pushGroup:PushGroup>'\` (\`pulumi stack --show-urns\` lists it), then \`pulumi up\`.`,
                      ]
                    : []),
                ...(stuck.length
                    ? [
                          `The provider can neither update nor delete a push that is not ACTIVE or INACTIVE (${stuck.join(", ")}): retry or unlink it in Push Groups first.`,
                      ]
                    : []),
            ];
            return fail(id, title, problems.join("; "), fixes.join(" "));
        }
        return pass(id, title, `${config.pushGroups.join(", ")} pushed through ${config.samlAppLabel} (ACTIVE)`);
    });
}

/**
 * One OIDC app, one SCIM app and one authorization server of the stack's names: Okta lets two share a
 * label, and a create whose answer was lost (an up killed mid-create, a retried create Okta had done)
 * leaves a second one the state does not know (docs/ci-and-drift.md, "When an up fails").
 */
export function checkDuplicates(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.duplicates", "One OIDC app, SCIM app and authorization server of the stack's names"];
    const { config, outputs } = ctx.inputs;
    return withOkta(ctx, id, title, async (okta) => {
        const kinds = [
            { what: `OIDC app "${config.oidcAppLabel}"`, ours: outputs.oidcAppId, found: await okta.findApps(config.oidcAppLabel) },
            { what: `SCIM app "${config.samlAppLabel}"`, ours: outputs.samlAppId, found: await okta.findApps(config.samlAppLabel) },
            {
                what: `authorization server "${config.authServerName}"`,
                ours: outputs.authServerId,
                found: await okta.findAuthServers(config.authServerName),
            },
        ];
        // An INACTIVE one beside the stack's is an earlier try, harmless to Kiro; a second ACTIVE one is not.
        const problems = kinds.flatMap(({ what, ours, found }) => {
            const others = found.filter((f) => f.id !== ours && f.status === "ACTIVE").map((f) => f.id);
            return others.length ? [`${what}: ${others.join(", ")} besides the stack's ${ours}`] : [];
        });
        if (problems.length) {
            return fail(
                id,
                title,
                `also ACTIVE, not in the stack: ${problems.join("; ")}`,
                'Left by an interrupted or retried create: deactivate and delete each one named (Okta Admin, or the API calls in docs/ci-and-drift.md, "When an up fails"); the stack\'s IDs are its outputs.',
            );
        }
        return pass(id, title, kinds.map(({ what, ours }) => `${what} ${ours}`).join(", "));
    });
}
