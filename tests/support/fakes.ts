import { type ProgramImporter, runProgram as run, type Scenario, type World } from "../../commands/common/runProgram";

/**
 * The fake Okta directory and Route53 account the tests run the program against, and the configs
 * of each phase. Test data only: `npm run plan` uses its own placeholder world.
 */

export interface FakeOkta {
    groups: { id: string; name: string }[];
    users: { id: string; login: string }[];
    /**
     * The provider's configure failure, which it reports on every call after it (an API token the org
     * refused: okta/provider/provider.go ~148-150 at terraform-provider-okta v6.12.0).
     */
    configureError?: string;
}

export interface FakeRecordSet {
    zoneId: string;
    /** As Route53 lists it: lower case with a trailing dot. */
    name: string;
    type: string;
    ttl: number;
    /** As Route53's API returns TXT values: quoted strings. */
    values: string[];
    setIdentifier?: string;
}

export interface FakeRoute53 {
    zones: { id: string; name: string; private?: boolean }[];
    recordSets: FakeRecordSet[];
}

export const DEFAULT_OKTA: FakeOkta = {
    groups: [
        { id: "00g-users", name: "Kiro-Users" },
        { id: "00g-admins", name: "Kiro-Admins" },
        { id: "00g-eng", name: "Engineering" },
        { id: "00g-push", name: "Kiro-Push" },
    ],
    users: [{ id: "00u-ada", login: "ada@example.com" }],
};

export const DEFAULT_ROUTE53: FakeRoute53 = {
    zones: [
        { id: "ZPUBLIC123", name: "example.com" },
        { id: "ZPRIVATE99", name: "example.com", private: true },
    ],
    recordSets: [],
};

/** Config a phase-1 stack needs. */
export const PHASE1: Record<string, unknown> = {
    "okta:orgName": "acme",
    "okta:baseUrl": "okta.com",
    assignGroups: ["Kiro-Users", "Kiro-Admins"],
};

export const SCIM_TOKEN = "scim-token-0123456789-do-not-print";
export const PHASE2: Record<string, unknown> = {
    ...PHASE1,
    domain: "example.com",
    domainVerificationToken: "kiro-verification=abc123",
    scimEndpoint: "https://scim.us-east-1.amazonaws.com/abcd/scim/v2/",
    scimToken: SCIM_TOKEN,
};
export const PHASE2_SECRETS = ["scimToken"];
export const PHASE3: Record<string, unknown> = { ...PHASE2, pushGroups: ["Kiro-Push"] };

function route53Name(name: string): string {
    return `${name.toLowerCase().replace(/\.$/, "")}.`;
}

/** An invoke failure as the engine reports it over gRPC: the SDK rethrows `details` as the message. */
export function invokeError(message: string): Error {
    return Object.assign(new Error(message), { details: message });
}

export function fakeInvoke(okta: FakeOkta, route53: FakeRoute53, token: string, inputs: Record<string, any>): Record<string, any> {
    if (okta.configureError && token.startsWith("okta:")) throw invokeError(okta.configureError);
    switch (token) {
        case "okta:group/getGroup:getGroup": {
            // Okta's group search matches by name prefix (docs/okta-behaviour.md, "Assignments").
            const matches = okta.groups.filter((g) => g.name.startsWith(inputs.name));
            const exact = matches.find((g) => g.name === inputs.name);
            const group = exact ?? (matches.length === 1 ? matches[0] : undefined);
            if (!group) throw invokeError(`group with name "${inputs.name}" does not exist`);
            return { id: group.id, name: group.name, description: "", users: [] };
        }
        case "okta:user/getUser:getUser": {
            const login = String(inputs.searches?.[0]?.value ?? "");
            // Okta's `eq` on profile.login ignores case, and answers with the login as Okta has it.
            const user = okta.users.find((u) => u.login.toLowerCase() === login.toLowerCase());
            if (!user) throw invokeError("no users found using search criteria");
            // data_source_okta_user.go (terraform-provider-okta v6.12.0, ~138-149): without skip_roles the
            // provider lists the user's admin roles, which a least-privilege service app may not (403).
            if (inputs.skipRoles !== true) {
                throw invokeError(
                    "failed to set user's admin roles: the API returned an error: You do not have permission to perform the requested action, Status: 403 Forbidden",
                );
            }
            return { id: user.id, login: user.login };
        }
        case "aws:route53/getZone:getZone": {
            const zone = route53.zones.find(
                (z) => route53Name(z.name) === route53Name(inputs.name) && !!z.private === !!inputs.privateZone,
            );
            if (!zone) throw invokeError("no matching Route 53 Hosted Zone found");
            return { id: zone.id, zoneId: zone.id, name: route53Name(zone.name), privateZone: !!zone.private };
        }
        case "aws:route53/getRecords:getRecords": {
            const regex = inputs.nameRegex ? new RegExp(inputs.nameRegex) : undefined;
            const sets = route53.recordSets.filter((s) => s.zoneId === inputs.zoneId && (!regex || regex.test(s.name)));
            return {
                zoneId: inputs.zoneId,
                resourceRecordSets: sets.map((s) => ({
                    name: s.name,
                    type: s.type,
                    ttl: s.ttl,
                    setIdentifier: s.setIdentifier ?? "",
                    resourceRecords: s.values.map((value) => ({ value })),
                })),
            };
        }
        default:
            throw new Error(`unexpected invoke ${token}`);
    }
}

export function fakeState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, any> } {
    const id = `${name}-id`;
    switch (type) {
        case "okta:app/user:User":
            // resource_okta_app_user.go (v6.12.0, Create ~100-111): neither Kiro app uses the
            // SHARED_USERNAME_AND_PASSWORD scheme, so the provider requires a username.
            if (!inputs.username) {
                throw new Error(
                    "'username' is required (the only exception is when the assigned app has 'SHARED_USERNAME_AND_PASSWORD' credentials scheme)",
                );
            }
            return { id, state: { ...inputs, hasSharedUsername: false } };
        case "okta:app/oAuth:OAuth":
            return { id, state: { ...inputs, clientId: `${name}-client-id` } };
        case "okta:auth/server:Server":
            return { id, state: { ...inputs, issuer: `https://acme.okta.com/oauth2/${id}` } };
        case "okta:app/saml:Saml":
            // Okta names a catalog app by its catalog key, a custom one after its label.
            return { id, state: { ...inputs, name: inputs.preconfiguredApp ?? "acme_kirosaml_1" } };
        case "aws:route53/record:Record":
            return { id, state: { ...inputs, fqdn: inputs.name } };
        default:
            return { id, state: inputs };
    }
}

/** The fake directory and account the tests use. */
export function fakeWorld(okta: FakeOkta = DEFAULT_OKTA, route53: FakeRoute53 = DEFAULT_ROUTE53): World {
    return { call: (token, inputs) => fakeInvoke(okta, route53, token, inputs), newResource: fakeState };
}

/** A scenario with the fake world unless one is given. */
export type FakeScenario = Omit<Scenario, "world"> & { world?: World; okta?: FakeOkta; route53?: FakeRoute53 };

export function runProgram(scenario: FakeScenario, load?: ProgramImporter) {
    const { okta, route53, world, ...rest } = scenario;
    return run({ ...rest, world: world ?? fakeWorld(okta, route53) }, load);
}
