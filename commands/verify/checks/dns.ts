import { Resolver } from "node:dns/promises";
import { isServiceError } from "../../common/net/errors";
import { NetError, retrying, Transient } from "../../common/net/retry";
import { type CheckContext, type CheckResult, fail, message, pass, skip } from "./result";

/** The domain's TXT record as the world sees it: the Kiro token, and every value that was there before. */
export async function checkDns({ inputs, net, resolver }: CheckContext): Promise<CheckResult> {
    const [id, title] = ["dns.txt", "Domain verification TXT record"];
    const { config, outputs } = inputs;
    const token = config.domainVerificationToken;
    if (!token || !config.domain) return skip(id, title, "phase 2 not configured (domain, domainVerificationToken)");
    const name = outputs.domainVerificationRecord?.name ?? config.verificationRecordName ?? config.domain;
    // The retry layer bounds each attempt; the resolver gets the same time, once.
    const dns = new Resolver({ timeout: net.timeoutMs, tries: 1 });
    if (resolver) dns.setServers([resolver]);
    let values: string[];
    try {
        values = await retrying("DNS", `TXT ${name}`, net, async () => {
            try {
                return (await dns.resolveTxt(name)).map((chunks) => chunks.join(""));
            } catch (e) {
                const code = (e as { code?: string }).code;
                if (code === "ENODATA" || code === "ENOTFOUND") return [];
                // No answer or a server failure may pass; anything else is the answer.
                const failure = `DNS ${code ?? message(e)} for TXT ${name}${resolver ? ` at ${resolver}` : ""}`;
                if (code === "ETIMEOUT" || code === "ESERVFAIL" || code === "ECONNREFUSED") throw new Transient(failure);
                throw new NetError(failure, { cause: e });
            }
        });
    } catch (e) {
        if (!isServiceError(e)) throw e;
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
            `Restore them in Route53 (they are in the domainVerificationRecord output), or run \`pulumi up --refresh\`.`,
        );
    }
    return pass(
        id,
        title,
        `TXT ${name} holds the Kiro token${written.length > 1 ? ` and the ${written.length - 1} value(s) there before` : ""}`,
    );
}
