import { NetError } from "./retry";

/**
 * Whether an error is the network's or a service's answer (a failed request, an HTTP error status,
 * a rate limit), as opposed to a bug in the command. Commands report the first kind as a failed read
 * and let the second reach runCommand, which prints its trace and exits 3.
 */
export function isServiceError(e: unknown): boolean {
    if (e instanceof NetError) return true;
    if (typeof e !== "object" || e === null) return false;
    // The Okta SDK's OktaApiError and HttpError carry the HTTP status; the AWS SDK's errors carry $metadata.
    const status = (e as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400) return true;
    return typeof (e as { $metadata?: { httpStatusCode?: unknown } }).$metadata === "object";
}
