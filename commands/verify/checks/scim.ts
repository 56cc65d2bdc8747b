import { httpGet } from "../../common/net/retry";
import { type CheckContext, type CheckResult, fail, networkFailure, pass, skip } from "./result";

/** Kiro's SCIM endpoint: the configured token works, and a wrong one is refused (Test Connector Configuration). */

const INVALID_TOKEN = "kiro-okta-verify-deliberately-invalid-token";

export async function checkScim({ inputs, net }: CheckContext): Promise<CheckResult[]> {
    const accepts = ["scim.token", "SCIM endpoint accepts the token"] as const;
    const rejects = ["scim.rejects", "SCIM endpoint rejects a wrong token"] as const;
    const { scimEndpoint, scimToken } = inputs.config;
    if (!scimEndpoint || !scimToken)
        return [skip(...accepts, "phase 2 not configured (scimEndpoint, scimToken)"), skip(...rejects, "phase 2 not configured")];
    const url = `${scimEndpoint.replace(/\/+$/, "")}/ServiceProviderConfig`;
    const get = (token: string) =>
        httpGet("SCIM endpoint", url, { authorization: `Bearer ${token}`, accept: "application/scim+json, application/json" }, net);
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
        results.push(networkFailure(...accepts, e, `Check that ${new URL(url).host} is reachable and scimEndpoint is right.`));
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
        results.push(networkFailure(...rejects, e, `Check that ${new URL(url).host} is reachable and scimEndpoint is right.`));
    }
    return results;
}
