/** The OIDC app's sign-in redirect URIs: what Kiro clients listen on (docs/okta-behaviour.md, "Redirect URIs"). */

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
// Schemes that are not private-use in the sense of RFC 8252 section 7.1.
const NON_PRIVATE_SCHEMES = new Set(["http:", "https:", "javascript:", "data:", "file:", "ftp:", "ws:", "wss:", "about:", "blob:"]);

/** RFC 8252: a native app's redirect URI is loopback http (section 7.3) or a private-use scheme (7.1). */
export function redirectUriProblem(uri: string): string | undefined {
    let url: URL;
    try {
        url = new URL(uri);
    } catch {
        return "is not a URI";
    }
    // RFC 6749 section 3.1.2: "The endpoint URI MUST NOT include a fragment component."
    if (uri.includes("#")) return "has a fragment (#...), which RFC 6749 section 3.1.2 forbids in a redirect URI";
    if (url.protocol === "http:") {
        return LOOPBACK_HOSTS.has(url.hostname) ? undefined : `uses http with host "${url.hostname}", which is not loopback`;
    }
    if (NON_PRIVATE_SCHEMES.has(url.protocol)) return `uses the ${url.protocol.slice(0, -1)} scheme`;
    return undefined;
}

export function loopbackRedirectUri(port: number): string {
    return `http://localhost:${port}/oauth/callback`;
}

/** Sign-in redirect URIs in a stable order: one per port, then the extra URIs; no duplicates. */
export function redirectUris(ports: readonly number[], extra: readonly string[]): string[] {
    return [...new Set([...ports.map(loopbackRedirectUri), ...extra])];
}
