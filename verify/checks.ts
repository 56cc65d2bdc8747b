import { Resolver } from "node:dns/promises";
import { redirectUris } from "../components/redirectUris";
import { provisioningFix } from "../components/runbook";
import type { VerifyInputs } from "./inputs";
import { KIRO_SCOPES, RULE_GRANT, RULE_SCOPES } from "./expected";
import { httpGet, type NetOptions, withRetry } from "./net";
import type { OktaReader } from "./okta";

/**
 * The checks the guide leaves to the admin (Token Preview, Test Connector Configuration, the domain
 * showing "Verified"), against a deployed stack. Each says what it found and, when it fails, where to
 * fix it. No check ever puts a token in what it reports.
 */

export type Status = "pass" | "fail" | "skip";

export interface CheckResult {
    id: string;
    title: string;
    status: Status;
    detail: string;
    fix?: string;
}

export interface CheckContext {
    inputs: VerifyInputs;
    net: NetOptions;
    /** undefined when no Okta credentials were given. */
    okta?: OktaReader;
    /** A DNS server, ip or ip:port; the system's resolvers otherwise. */
    resolver?: string;
}

const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "pass", detail });
const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: "fail", detail, fix });
const skip = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "skip", detail });

const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

export async function checkIssuer({ inputs, net }: CheckContext): Promise<CheckResult> {
    const [id, title] = ["issuer", "Issuer metadata"];
    const url = inputs.outputs.issuerMetadataUrl;
    const expected = url.replace(/\/\.well-known\/openid-configuration$/, "");
    const reach = `Check that the authorization server is ACTIVE (Okta Admin > Security > API > Authorization Servers) and that this machine reaches ${new URL(url).host}.`;
    let res;
    try {
        res = await httpGet(url, { accept: "application/json" }, net);
    } catch (e) {
        return fail(id, title, message(e), reach);
    }
    if (res.status !== 200) {
        return fail(
            id,
            title,
            `GET ${url} answered HTTP ${res.status}`,
            `The Kiro profile's Issuer URL is ${url}; if the authorization server was deleted, \`pulumi up\` recreates it (and the profile needs the new URL).`,
        );
    }
    let doc: Record<string, unknown>;
    try {
        doc = JSON.parse(res.body) as Record<string, unknown>;
    } catch {
        return fail(id, title, `GET ${url} did not answer JSON`, reach);
    }
    const problems: string[] = [];
    if (doc.issuer !== expected) problems.push(`issuer is ${JSON.stringify(doc.issuer)}, expected ${expected}`);
    for (const key of ["authorization_endpoint", "token_endpoint"]) if (typeof doc[key] !== "string") problems.push(`no ${key}`);
    const pkce = Array.isArray(doc.code_challenge_methods_supported) ? (doc.code_challenge_methods_supported as string[]) : [];
    if (!pkce.includes("S256")) problems.push("S256 is not among code_challenge_methods_supported");
    if (problems.length) {
        return fail(
            id,
            title,
            problems.join("; "),
            "Paste the issuerMetadataUrl output into the Kiro profile's Issuer URL; the authorization server must be a custom one with PKCE (S256).",
        );
    }
    return pass(id, title, `${url}: issuer ${expected}, PKCE S256`);
}

const NO_CREDENTIALS =
    "Give verify the stack's Okta credentials: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (with --stack they come from the stack's config).";

/** A failed Okta API call as a check result: refused credentials, or an org that could not be reached. */
function oktaFailure(id: string, title: string, e: unknown): CheckResult {
    const status = (e as { status?: number }).status;
    const fix =
        status === 401 || status === 403
            ? `The Okta credentials were refused (HTTP ${status}): ${NO_CREDENTIALS}`
            : "Check that this machine reaches the Okta org, then run verify again.";
    return fail(id, title, `Okta API: ${message(e)}`, fix);
}

async function withOkta(
    ctx: CheckContext,
    id: string,
    title: string,
    fn: (okta: OktaReader) => Promise<CheckResult>,
): Promise<CheckResult> {
    if (!ctx.okta) return fail(id, title, "no Okta credentials", NO_CREDENTIALS);
    try {
        return await fn(ctx.okta);
    } catch (e) {
        return oktaFailure(id, title, e);
    }
}

export function checkScopes(ctx: CheckContext): Promise<CheckResult> {
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
                `Okta Admin > Security > API > Authorization Servers > ${server} > Scopes: ${KIRO_SCOPES.join(" and ")} with User consent: Implicit (or run \`pulumi up\`).`,
            );
        }
        return pass(id, title, `${KIRO_SCOPES.join(", ")}: consent IMPLICIT`);
    });
}

export async function checkPolicyAndRule(ctx: CheckContext): Promise<CheckResult[]> {
    const { authServerId, clientId } = ctx.inputs.outputs;
    const server = ctx.inputs.config.authServerName;
    const policyCheck = ["okta.policy", "Access policy for the Kiro OIDC app"] as const;
    const ruleCheck = ["okta.rule", "Rule grants the Kiro scopes + offline_access"] as const;
    if (!ctx.okta)
        return [fail(...policyCheck, "no Okta credentials", NO_CREDENTIALS), fail(...ruleCheck, "no Okta credentials", NO_CREDENTIALS)];
    let policies;
    try {
        policies = (await ctx.okta.listPolicies(authServerId)).filter((p) => p.status !== "INACTIVE" && p.clients.includes(clientId));
    } catch (e) {
        return [oktaFailure(...policyCheck, e), oktaFailure(...ruleCheck, e)];
    }
    if (policies.length === 0) {
        const fix = `Okta Admin > Security > API > Authorization Servers > ${server} > Access Policies: assign the Kiro policy to the Kiro OIDC app (client ${clientId}), or run \`pulumi up\`.`;
        return [
            fail(...policyCheck, `no active policy is assigned to client ${clientId}`, fix),
            skip(...ruleCheck, "no policy for the Kiro client to look in"),
        ];
    }
    const policyResult = pass(...policyCheck, `${policies.map((p) => p.name).join(", ")} assigned to client ${clientId}`);
    const ruleResult = await withOkta(ctx, ...ruleCheck, async (okta) => {
        const rules = (await Promise.all(policies.map((p) => okta.listRules(authServerId, p.id))))
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
            `Okta Admin > Security > API > Authorization Servers > ${server} > Access Policies > ${policies[0].name} > rule: Authorization Code, Scopes requested: the following scopes: ${RULE_SCOPES.join(", ")} (or run \`pulumi up\`).`,
        );
    });
    return [policyResult, ruleResult];
}

export function checkOidcApp(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.oidcApp", "OIDC app active with every redirect URI"];
    const { config, outputs } = ctx.inputs;
    return withOkta(ctx, id, title, async (okta) => {
        const app = await okta.getApp(outputs.oidcAppId);
        const expected = redirectUris(config.redirectPorts, config.extraRedirectUris);
        const missing = expected.filter((uri) => !app.redirectUris.includes(uri));
        const problems = [
            ...(app.status === "ACTIVE" ? [] : [`status is ${app.status}`]),
            ...(missing.length ? [`missing redirect URIs: ${missing.join(", ")}`] : []),
        ];
        if (problems.length) {
            return fail(
                id,
                title,
                problems.join("; "),
                `Okta Admin > Applications > ${config.oidcAppLabel} > General: activate it and add the sign-in redirect URIs above (or run \`pulumi up\`).`,
            );
        }
        return pass(id, title, `${config.oidcAppLabel}: ACTIVE, ${expected.length} redirect URIs`);
    });
}

export function checkAssignments(ctx: CheckContext): Promise<CheckResult> {
    const [id, title] = ["okta.assignments", "Groups (and users) assigned to both apps"];
    const { config, outputs } = ctx.inputs;
    return withOkta(ctx, id, title, async (okta) => {
        const apps = [
            { label: config.oidcAppLabel, id: outputs.oidcAppId },
            { label: config.samlAppLabel, id: outputs.samlAppId },
        ];
        const [groupIds, userIds, groupsOf, usersOf] = await Promise.all([
            Promise.all(config.assignGroups.map((g) => okta.findGroupId(g))),
            Promise.all(config.assignUsers.map((u) => okta.findUserId(u))),
            Promise.all(apps.map((a) => okta.assignedGroupIds(a.id))),
            config.assignUsers.length ? Promise.all(apps.map((a) => okta.assignedUserIds(a.id))) : Promise.resolve(apps.map(() => [])),
        ]);
        const problems: string[] = [];
        const expect = (kind: "group" | "user", names: string[], ids: (string | undefined)[], assigned: string[][]) =>
            names.forEach((name, i) => {
                const found = ids[i];
                if (!found) {
                    problems.push(`${kind} "${name}" does not exist`);
                    return;
                }
                apps.forEach((app, j) => {
                    if (!assigned[j].includes(found)) problems.push(`${kind} "${name}" is not assigned to ${app.label}`);
                });
            });
        expect("group", config.assignGroups, groupIds, groupsOf);
        expect("user", config.assignUsers, userIds, usersOf);
        const who = [...config.assignGroups, ...config.assignUsers].join(", ");
        if (problems.length) {
            return fail(
                id,
                title,
                problems.join("; "),
                `Okta Admin > Applications > (app) > Assignments: assign ${who} to both ${apps.map((a) => a.label).join(" and ")} (or run \`pulumi up\`).`,
            );
        }
        return pass(id, title, `${who} on ${apps.map((a) => a.label).join(" and ")}`);
    });
}

/** The SCIM app's read-only `features` once an admin has switched provisioning on (Okta's feature names). */
export const PROVISIONING_FEATURES = ["PUSH_NEW_USERS", "PUSH_PROFILE_UPDATES", "GROUP_PUSH"] as const;

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

export async function checkDns({ inputs, net, resolver }: CheckContext): Promise<CheckResult> {
    const [id, title] = ["dns.txt", "Domain verification TXT record"];
    const { config, outputs } = inputs;
    const token = config.domainVerificationToken;
    if (!token || !config.domain) return skip(id, title, "phase 2 not configured (domain, domainVerificationToken)");
    const name = outputs.domainVerificationRecord?.name ?? config.verificationRecordName ?? config.domain;
    const dns = new Resolver({ timeout: net.timeoutMs, tries: 1 });
    if (resolver) dns.setServers([resolver]);
    let values: string[];
    try {
        values = await withRetry(`TXT ${name}`, net, async () => {
            try {
                return (await dns.resolveTxt(name)).map((chunks) => chunks.join(""));
            } catch (e) {
                const code = (e as { code?: string }).code;
                if (code === "ENODATA" || code === "ENOTFOUND") return [];
                throw new Error(`DNS ${code ?? message(e)} for TXT ${name}${resolver ? ` at ${resolver}` : ""}`, { cause: e });
            }
        });
    } catch (e) {
        return fail(id, title, message(e), `Check that ${resolver ?? "the system's DNS resolver"} answers, then run verify again.`);
    }
    const written = (outputs.domainVerificationRecord?.values ?? []).map((v) => v.replace(/""/g, ""));
    const lost = written.filter((v) => v !== token && !values.includes(v));
    if (!values.includes(token)) {
        return fail(
            id,
            title,
            values.length ? `TXT ${name} has ${values.length} value(s), none of them the Kiro token` : `no TXT record at ${name}`,
            `Run \`pulumi up\` with domainVerificationToken set (it writes the record into zone ${outputs.domainVerificationRecord?.zoneId ?? "(the domain's zone)"}); if it is in Route53 already, wait for the TTL and run verify again.`,
        );
    }
    if (lost.length) {
        return fail(
            id,
            title,
            `TXT ${name} lost values that were there before: ${lost.join(", ")}`,
            `Restore them in Route53 (they are in the domainVerificationRecord output), or run \`pulumi up\`.`,
        );
    }
    return pass(
        id,
        title,
        `TXT ${name} holds the Kiro token${written.length > 1 ? ` and the ${written.length - 1} value(s) there before` : ""}`,
    );
}

const INVALID_TOKEN = "kiro-okta-verify-deliberately-invalid-token";

export async function checkScim({ inputs, net }: CheckContext): Promise<CheckResult[]> {
    const accepts = ["scim.token", "SCIM endpoint accepts the token"] as const;
    const rejects = ["scim.rejects", "SCIM endpoint rejects a wrong token"] as const;
    const { scimEndpoint, scimToken } = inputs.config;
    if (!scimEndpoint || !scimToken)
        return [skip(...accepts, "phase 2 not configured (scimEndpoint, scimToken)"), skip(...rejects, "phase 2 not configured")];
    const url = `${scimEndpoint.replace(/\/+$/, "")}/ServiceProviderConfig`;
    const get = (token: string) =>
        httpGet(url, { authorization: `Bearer ${token}`, accept: "application/scim+json, application/json" }, net);
    const tokenFix =
        "Kiro console > Settings > Identity management > Access Tokens: generate a token, `pulumi config set --secret scimToken <token>`, and paste it into Okta (Provisioning > Integration > Authorization).";
    const results: CheckResult[] = [];
    try {
        const res = await get(scimToken);
        if (res.status === 200) results.push(pass(...accepts, `GET ${url}: 200`));
        else if (res.status === 401 || res.status === 403)
            results.push(fail(...accepts, `GET ${url} with the configured token: HTTP ${res.status}`, tokenFix));
        else
            results.push(
                fail(
                    ...accepts,
                    `GET ${url}: HTTP ${res.status}`,
                    "Check scimEndpoint: the Kiro console shows it under Settings > Identity management > SCIM Endpoint.",
                ),
            );
    } catch (e) {
        results.push(fail(...accepts, message(e), `Check that ${new URL(url).host} is reachable and scimEndpoint is right.`));
    }
    try {
        const res = await get(INVALID_TOKEN);
        if (res.status === 401 || res.status === 403) results.push(pass(...rejects, `a wrong token gets HTTP ${res.status}`));
        else
            results.push(
                fail(
                    ...rejects,
                    `a wrong token got HTTP ${res.status}`,
                    "scimEndpoint does not check tokens: is it the Kiro SCIM endpoint from the Kiro console?",
                ),
            );
    } catch (e) {
        results.push(fail(...rejects, message(e), `Check that ${new URL(url).host} is reachable and scimEndpoint is right.`));
    }
    return results;
}

/** Every check, in the order the guide meets them. */
export async function runChecks(ctx: CheckContext): Promise<CheckResult[]> {
    const [issuer, scopes, policyRule, oidcApp, assignments, provisioning, dns, scim] = await Promise.all([
        checkIssuer(ctx),
        checkScopes(ctx),
        checkPolicyAndRule(ctx),
        checkOidcApp(ctx),
        checkAssignments(ctx),
        checkProvisioning(ctx),
        checkDns(ctx),
        checkScim(ctx),
    ]);
    return [issuer, scopes, ...policyRule, oidcApp, assignments, provisioning, dns, ...scim];
}
