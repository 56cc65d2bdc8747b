import * as http from "node:http";
import * as https from "node:https";
import * as tls from "node:tls";

/** Every network call verify makes: a deadline per attempt and a bounded number of retries. */

export interface NetOptions {
    /** Per attempt. */
    timeoutMs: number;
    /** Further attempts after the first, for network errors, timeouts, 429 and 5xx. */
    retries: number;
    /** Extra CA certificates (PEM) to trust besides Node's, for https (TLS-inspecting proxies, tests). */
    ca?: string;
}

export class NetError extends Error {}

/** Runs `attempt` until it succeeds, retrying transient failures with a short backoff. */
export async function withRetry<T>(
    what: string,
    opts: NetOptions,
    attempt: (signal: AbortSignal) => Promise<T>,
    isTransient: (e: unknown) => boolean = () => true,
): Promise<T> {
    let last: unknown;
    for (let i = 0; i <= opts.retries; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** (i - 1)));
        const controller = new AbortController();
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<never>((_, reject) => {
            timer = setTimeout(() => {
                controller.abort();
                reject(new NetError(`${what}: no answer within ${opts.timeoutMs} ms`));
            }, opts.timeoutMs);
        });
        try {
            return await Promise.race([attempt(controller.signal), deadline]);
        } catch (e) {
            // An answer (an HTTP status other than 429 or 5xx) goes back as it is, status and all.
            if (!isTransient(e)) throw e;
            last = e;
        } finally {
            clearTimeout(timer);
        }
    }
    const reason = last instanceof Error ? last.message : String(last);
    throw new NetError(opts.retries > 0 && !reason.includes(" after ") ? `${reason} (after ${opts.retries + 1} attempts)` : reason);
}

export interface HttpResult {
    status: number;
    body: string;
}

class HttpStatusError extends Error {
    constructor(readonly status: number) {
        super(`HTTP ${status}`);
    }
}

function getOnce(url: URL, headers: Record<string, string>, signal: AbortSignal, ca?: string): Promise<HttpResult> {
    const tlsOptions = url.protocol === "https:" && ca ? { ca: [...tls.rootCertificates, ca] } : {};
    return new Promise((resolve, reject) => {
        const req = (url.protocol === "https:" ? https : http).request(url, { method: "GET", headers, signal, ...tlsOptions }, (res) => {
            let body = "";
            res.setEncoding("utf8");
            res.on("data", (chunk: string) => (body += chunk));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
            res.on("error", reject);
        });
        req.on("error", (e: NodeJS.ErrnoException) => reject(new NetError(`cannot reach ${url.host} (${e.code ?? e.message})`)));
        req.end();
    });
}

/** GET with retries on network errors, 429 and 5xx; any other status is returned, not thrown. */
export function httpGet(url: string, headers: Record<string, string>, opts: NetOptions): Promise<HttpResult> {
    const target = new URL(url);
    return withRetry(`GET ${url}`, opts, async (signal) => {
        const res = await getOnce(target, headers, signal, opts.ca);
        if (res.status === 429 || res.status >= 500) throw new HttpStatusError(res.status);
        return res;
    }).catch((e: unknown) => {
        throw e instanceof HttpStatusError ? new NetError(`GET ${url}: HTTP ${e.status}`) : e;
    });
}
