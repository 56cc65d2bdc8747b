import { httpGet } from "../../common/net/retry";
import { type CheckContext, type CheckResult, fail, networkFailure, pass } from "./result";

/** The issuer's discovery document, as Kiro's clients fetch it from the Issuer URL in the profile. */
export async function checkIssuer({ inputs, net }: CheckContext): Promise<CheckResult> {
    const [id, title] = ["issuer", "Issuer metadata"];
    const url = inputs.outputs.issuerMetadataUrl;
    const expected = url.replace(/\/\.well-known\/openid-configuration$/, "");
    const reach = `Check that the authorization server is ACTIVE (Okta Admin > Security > API > Authorization Servers) and that this machine reaches ${new URL(url).host}.`;
    let res;
    try {
        res = await httpGet("Okta", url, { accept: "application/json" }, net);
    } catch (e) {
        return networkFailure(id, title, e, reach);
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
    if (typeof doc.issuer === "string" && doc.issuer !== expected) {
        return fail(
            id,
            title,
            `the server issues tokens as ${doc.issuer}, not ${expected} (the URL the stack's output and the Kiro profile hold)`,
            `Kiro's clients check tokens against the issuer in the discovery document. The stack sets issuerMode ORG_URL; an issuer on another host means ` +
                `a custom domain (issuerMode CUSTOM_URL or DYNAMIC) set outside the stack: run \`pulumi up --refresh\` to restore ORG_URL, or set the Kiro profile's ` +
                `Issuer URL to ${doc.issuer}/.well-known/openid-configuration.`,
        );
    }
    const problems: string[] = [];
    if (typeof doc.issuer !== "string") problems.push("no issuer");
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
