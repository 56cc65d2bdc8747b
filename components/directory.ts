import * as pulumi from "@pulumi/pulumi";
import { KiroOktaError } from "./errors";
import type { Settings } from "./config";
import type { Reader } from "./config/messages";
import { accessMessage, type AccessProblem, classifyAccess } from "./oktaAccess";
import { getGroup, GetGroupResult } from "@pulumi/okta/group";
import { getUser, GetUserResult } from "@pulumi/okta/user";

/** Okta groups and users named in config, resolved to IDs before any resource is registered. */

export interface OktaGroup {
    name: string;
    id: string;
}

export interface OktaUser {
    /** The login as configured (resource names derive from it). */
    login: string;
    id: string;
    /** The login as Okta has it: the username each Kiro app gives the user. */
    username: string;
}

function firstLine(error: unknown): string {
    const message = error instanceof Error ? error.message : String(error);
    return (
        message
            .split("\n")
            .find((line) => line.trim() !== "")
            ?.trim() ?? ""
    );
}

/** The provider's reason, in parentheses, without the SDK's "Invoke of '...' failed:" prefix. */
/** `new Error(text, { cause })` needs lib ES2022, which the component plugin may be compiled without (docs/component.md). */
function withCause(text: string, cause: unknown): Error {
    return Object.assign(new Error(text), { cause });
}

export function lookupReason(error: unknown): string {
    const reason = firstLine(error).replace(/^Invoke of '[^']*' failed:\s*/, "");
    return reason ? ` (${reason})` : "";
}

export class LookupError extends KiroOktaError {
    constructor(readonly problems: string[]) {
        super(["Okta lookups failed:", ...problems.map((p) => `  - ${p}`)].join("\n"));
        this.name = "LookupError";
    }
}

/** A lookup the org refused for the credential or the org itself, not for what it looked up (oktaAccess.ts). */
export class OktaAccessError extends KiroOktaError {
    constructor(readonly problem: AccessProblem) {
        super(problem.answer);
        this.name = "OktaAccessError";
    }
}

/** The lookup's failure as a problem of the org or the credential, where it is one. */
function accessError(error: unknown): OktaAccessError | undefined {
    // The whole message: the provider lists its errors on the lines after the first ("2 errors occurred:").
    const problem = classifyAccess(error instanceof Error ? error.message : String(error));
    return problem && new OktaAccessError(problem);
}

/** Runs every lookup; fails with all of their problems at once, or with the one access problem they share. */
async function settle<T>(lookups: Promise<T>[]): Promise<T[]> {
    const results = await Promise.allSettled(lookups);
    const access = results.find((r) => r.status === "rejected" && r.reason instanceof OktaAccessError);
    if (access) throw (access as PromiseRejectedResult).reason;
    const problems = results.flatMap((r) => {
        if (r.status === "fulfilled") return [];
        return r.reason instanceof LookupError ? r.reason.problems : [firstLine(r.reason)];
    });
    if (problems.length > 0) throw new LookupError(problems);
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

export interface Directory {
    groups: OktaGroup[];
    users: OktaUser[];
    pushGroups: OktaGroup[];
}

/** The assigned groups and users and the groups to push, looked up together so every problem is reported in one run. */
export async function findDirectory(
    names: Pick<Settings, "assignGroups" | "assignUsers" | "pushGroups">,
    opts?: pulumi.InvokeOptions,
    org: { reader: Reader; orgUrl?: string } = { reader: "arguments" },
): Promise<Directory> {
    try {
        const [groups, users, pushGroups] = await settle<OktaGroup[] | OktaUser[]>([
            findGroups(names.assignGroups, "assignGroups", opts),
            findUsers(names.assignUsers, opts),
            findGroups(names.pushGroups, "pushGroups", opts),
        ]);
        return { groups: groups as OktaGroup[], users: users as OktaUser[], pushGroups: pushGroups as OktaGroup[] };
    } catch (error) {
        if (error instanceof OktaAccessError) throw new KiroOktaError(accessMessage(error.problem, org.reader, org.orgUrl));
        throw error;
    }
}

/**
 * getGroup searches by name prefix and, with one prefix match, returns it with only a warning
 * (docs/okta-behaviour.md, "Assignments"): the returned name must equal the one asked for.
 */
export function findGroups(
    names: readonly string[],
    key: "assignGroups" | "pushGroups",
    opts?: pulumi.InvokeOptions,
): Promise<OktaGroup[]> {
    return settle(
        names.map(async (name) => {
            let group: GetGroupResult;
            try {
                group = await getGroup({ name }, opts);
            } catch (error) {
                throw (
                    accessError(error) ??
                    withCause(
                        `${key}: Okta group "${name}" was not found${lookupReason(error)}; expected the exact name of an existing group`,
                        error,
                    )
                );
            }
            if (group.name !== name) {
                throw new Error(
                    `${key}: no Okta group is named exactly "${name}" (the lookup matched "${group.name}"); expected the exact name of an existing group`,
                );
            }
            return { name, id: group.id };
        }),
    );
}

export function findUsers(logins: readonly string[], opts?: pulumi.InvokeOptions): Promise<OktaUser[]> {
    return settle(
        logins.map(async (login) => {
            let user: GetUserResult;
            try {
                // Without skipRoles the provider lists the user's admin roles, which a service app without
                // okta.roles.read may not (data_source_okta_user.go, docs/okta-behaviour.md "Provider facts").
                user = await getUser(
                    { searches: [{ name: "profile.login", value: login, comparison: "eq" }], skipRoles: true, skipGroups: true },
                    opts,
                );
            } catch (error) {
                throw (
                    accessError(error) ??
                    withCause(
                        `assignUsers: Okta user "${login}" was not found${lookupReason(error)}; expected the login of an existing user`,
                        error,
                    )
                );
            }
            if (user.login.toLowerCase() !== login.toLowerCase()) {
                throw new Error(
                    `assignUsers: the lookup for "${login}" returned "${user.login}"; expected the exact login of an existing user`,
                );
            }
            return { login, id: user.id, username: user.login };
        }),
    );
}
