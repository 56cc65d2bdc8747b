import * as pulumi from "@pulumi/pulumi";
import { getGroup, GetGroupResult } from "@pulumi/okta/group";
import { getUser, GetUserResult } from "@pulumi/okta/user";

/** Okta groups and users named in config, resolved to IDs before any resource is registered. */

export interface OktaGroup {
    name: string;
    id: string;
}

export interface OktaUser {
    login: string;
    id: string;
}

function firstLine(error: unknown): string {
    return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

export class LookupError extends pulumi.RunError {
    constructor(readonly problems: string[]) {
        super(["Okta lookups failed:", ...problems.map((p) => `  - ${p}`)].join("\n"));
        this.name = "LookupError";
    }
}

async function settle<T>(items: readonly string[], find: (item: string) => Promise<T>): Promise<T[]> {
    const results = await Promise.allSettled(items.map(find));
    const problems = results.flatMap((r) => (r.status === "rejected" ? [firstLine(r.reason)] : []));
    if (problems.length > 0) throw new LookupError(problems);
    return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/**
 * getGroup searches by name prefix and, with one prefix match, returns it with only a warning
 * (facts file): the returned name must equal the one asked for.
 */
export function findGroups(names: readonly string[]): Promise<OktaGroup[]> {
    return settle(names, async (name) => {
        let group: GetGroupResult;
        try {
            group = await getGroup({ name });
        } catch (error) {
            throw new Error(`assignGroups: Okta group "${name}" was not found (${firstLine(error)}); expected the exact name of an existing group`);
        }
        if (group.name !== name) {
            throw new Error(`assignGroups: no Okta group is named exactly "${name}" (the lookup matched "${group.name}"); expected the exact name of an existing group`);
        }
        return { name, id: group.id };
    });
}

export function findUsers(logins: readonly string[]): Promise<OktaUser[]> {
    return settle(logins, async (login) => {
        let user: GetUserResult;
        try {
            user = await getUser({ searches: [{ name: "profile.login", value: login, comparison: "eq" }] });
        } catch (error) {
            throw new Error(`assignUsers: Okta user "${login}" was not found (${firstLine(error)}); expected the login of an existing user`);
        }
        if (user.login.toLowerCase() !== login.toLowerCase()) {
            throw new Error(`assignUsers: the lookup for "${login}" returned "${user.login}"; expected the exact login of an existing user`);
        }
        return { login, id: user.id };
    });
}
