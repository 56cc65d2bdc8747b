import * as http from "node:http";
import * as https from "node:https";
import * as tls from "node:tls";

/**
 * The one retry layer every network call of verify goes through (Okta's API through the SDK's
 * request executor, the issuer, SCIM, DNS): a timeout per attempt that really aborts it, bounded
 * retries for transient failures, waits that honour a rate limit's reset, all within one deadline.
 */

export interface NetOptions {
    /** Per attempt. */
    timeoutMs: number;
    /** Further attempts after the first, for network errors, timeouts and 5xx (rate limits: see below). */
    retries: number;
    /** When every call must be done (epoch ms): no attempt starts, and no wait reaches, past it. */
    deadline: number;
    /** Extra CA certificates (PEM) to trust besides Node's, for https (TLS-inspecting proxies, tests). */
    ca?: string;
    /** For tests: the clock and the wait. */
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
}

export class NetError extends Error {}

/** A service kept answering 429 until a reset past the deadline. */
export class RateLimitError extends NetError {
    constructor(
        readonly service: string,
        readonly what: string,
        readonly resetAt: Date | undefined,
    ) {
        super(
            `${service} rate limit: ${what} answered HTTP 429` +
                (resetAt ? `; the limit resets at ${resetAt.toISOString()}, past verify's deadline` : " past verify's deadline") +
                "; rerun later or raise --deadline",
        );
        this.name = "RateLimitError";
    }
}

/** A failure worth another attempt; `retryAt` (epoch ms) when the server said when (429). */
export class Transient extends Error {
    constructor(
        message: string,
        readonly retryAt?: number,
        readonly rateLimited = false,
    ) {
        super(message);
    }
}

/** At most this many waits for a rate limit to reset within one call, whatever the deadline. */
const MAX_RATE_LIMIT_WAITS = 3;
/** A reset is to the second: wait a little past it. */
const RESET_MARGIN_MS = 250;

/**
 * When a rate-limited answer says to try again (epoch ms): `Retry-After` (seconds or an HTTP date),
 * else Okta's `X-Rate-Limit-Reset` (epoch seconds), else undefined.
 */
export function retryAtFrom(headers: { get(name: string): string | null }, now: number): number | undefined {
    const retryAfter = headers.get("retry-after");
    if (retryAfter) {
        const seconds = Number(retryAfter);
        if (Number.isFinite(seconds)) return now + seconds * 1000;
        const date = Date.parse(retryAfter);
        if (!Number.isNaN(date)) return date;
    }
    const reset = Number(headers.get("x-rate-limit-reset"));
    return reset > 0 ? reset * 1000 : undefined;
}

function backoffMs(attempt: number): number {
    return Math.min(200 * 2 ** attempt, 5000);
}

/** Runs `attempt` until it succeeds or a non-transient error, within the options' bounds. */
export async function retrying<T>(
    service: string,
    what: string,
    net: NetOptions,
    attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
    const now = net.now ?? Date.now;
    const sleep = net.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    let failures = 0;
    let rateLimitWaits = 0;
    for (;;) {
        const remaining = net.deadline - now();
        if (remaining <= 0) throw new NetError(`${what}: verify's deadline passed before an answer; raise --deadline`);
        const controller = new AbortController();
        const limit = Math.min(net.timeoutMs, remaining);
        const timer = setTimeout(() => controller.abort(new Transient(`${what}: no answer within ${limit} ms`)), limit);
        let error: unknown;
        try {
            return await attempt(controller.signal);
        } catch (e) {
            error = controller.signal.aborted ? controller.signal.reason : e;
        } finally {
            clearTimeout(timer);
        }
        if (!(error instanceof Transient)) throw error;
        if (error.rateLimited) {
            const resetAt = error.retryAt;
            const waitUntil = (resetAt ?? now() + backoffMs(rateLimitWaits)) + RESET_MARGIN_MS;
            if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS || waitUntil > net.deadline) {
                throw new RateLimitError(service, what, resetAt === undefined ? undefined : new Date(resetAt));
            }
            rateLimitWaits++;
            await sleep(Math.max(0, waitUntil - now()));
            continue;
        }
        if (failures >= net.retries) {
            throw new NetError(net.retries > 0 ? `${error.message} (after ${failures + 1} attempts)` : error.message);
        }
        const wait = backoffMs(failures++);
        if (now() + wait >= net.deadline)
            throw new NetError(`${error.message} (verify's deadline left no time to retry; raise --deadline)`);
        await sleep(wait);
    }
}

export interface HttpResult {
    status: number;
    body: string;
}

function getOnce(
    url: URL,
    headers: Record<string, string>,
    signal: AbortSignal,
    ca?: string,
): Promise<HttpResult & { headers: http.IncomingHttpHeaders }> {
    const tlsOptions = url.protocol === "https:" && ca ? { ca: [...tls.rootCertificates, ca] } : {};
    return new Promise((resolve, reject) => {
        const req = (url.protocol === "https:" ? https : http).request(url, { method: "GET", headers, signal, ...tlsOptions }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
            res.on("error", reject);
        });
        req.on("error", (e: NodeJS.ErrnoException) => reject(new Transient(`cannot reach ${url.host} (${e.code ?? e.message})`)));
        req.end();
    });
}

/** GET through the retry layer: network errors, timeouts, 429 and 5xx are retried; any other status is returned. */
export function httpGet(service: string, url: string, headers: Record<string, string>, net: NetOptions): Promise<HttpResult> {
    const target = new URL(url);
    const now = net.now ?? Date.now;
    return retrying(service, `GET ${url}`, net, async (signal) => {
        const res = await getOnce(target, headers, signal, net.ca);
        if (res.status === 429) {
            const get = (name: string) => [res.headers[name]].flat()[0] ?? null;
            throw new Transient(`GET ${url}: HTTP 429`, retryAtFrom({ get }, now()), true);
        }
        if (res.status >= 500) throw new Transient(`GET ${url}: HTTP ${res.status}`);
        return { status: res.status, body: res.body };
    });
}
