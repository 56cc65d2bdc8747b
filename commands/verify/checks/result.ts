import type { VerifyInputs } from "../inputs";
import { isServiceError } from "../../common/net/errors";
import { type NetOptions, RateLimitError } from "../../common/net/retry";
import type { OktaReader } from "../../common/net/okta";

/** What each check reports: what it found and, when it fails, where to fix it. Never a token. */

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
    /** Okta logins to answer "would this user get a token" for (--user). */
    users: string[];
    /** How many users the SCIM readiness scan reads at most. */
    maxUsers: number;
}

export const pass = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "pass", detail });
export const fail = (id: string, title: string, detail: string, fix: string): CheckResult => ({ id, title, status: "fail", detail, fix });
export const skip = (id: string, title: string, detail: string): CheckResult => ({ id, title, status: "skip", detail });

export const message = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

export const NO_CREDENTIALS =
    "Give verify the stack's Okta credentials: OKTA_API_TOKEN, or OKTA_API_CLIENT_ID and OKTA_API_PRIVATE_KEY (with --stack they come from the stack's config).";

/**
 * A failed network call as a check result: a rate limit, refused credentials, or an unreachable
 * service. Anything else is a bug in verify and is rethrown (exit 3 with its trace), never reported
 * as Okta's or the network's fault.
 */
export function networkFailure(id: string, title: string, e: unknown, unreachable: string): CheckResult {
    if (!isServiceError(e)) throw e;
    if (e instanceof RateLimitError) {
        const when = e.resetAt ? ` after ${e.resetAt.toISOString()}` : " in a minute";
        return fail(
            id,
            title,
            e.message,
            `Wait for ${e.service}'s rate limit to reset and run verify again${when}, or raise --deadline so verify waits for it.`,
        );
    }
    const status = (e as { status?: number }).status;
    if (status === 401 || status === 403)
        return fail(id, title, `Okta API: ${message(e)}`, `The Okta credentials were refused (HTTP ${status}): ${NO_CREDENTIALS}`);
    return fail(id, title, message(e), unreachable);
}

const OKTA_UNREACHABLE = "Check that this machine reaches the Okta org, then run verify again.";

/** Runs a check that reads Okta: without credentials it fails saying so, and a failed call becomes its result. */
export async function withOkta<T extends CheckResult | CheckResult[]>(
    ctx: CheckContext,
    id: string,
    title: string,
    fn: (okta: OktaReader) => Promise<T>,
): Promise<T | CheckResult> {
    if (!ctx.okta) return fail(id, title, "no Okta credentials", NO_CREDENTIALS);
    try {
        return await fn(ctx.okta);
    } catch (e) {
        return networkFailure(id, title, e, OKTA_UNREACHABLE);
    }
}
