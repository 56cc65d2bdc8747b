import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_EXTRA_REDIRECT_URIS, DEFAULT_REDIRECT_PORTS } from "../components/config";
import { loopbackRedirectUri, redirectUriProblem, redirectUris } from "../components/redirectUris";
import { GUIDE_PRIVATE_USE_URI } from "./support/guide";

describe("redirectUris", () => {
    it("by default: one loopback URI per default port, in order, then kiro://", () => {
        expect(redirectUris(DEFAULT_REDIRECT_PORTS, DEFAULT_EXTRA_REDIRECT_URIS)).toEqual([
            ...DEFAULT_REDIRECT_PORTS.map((p) => `http://localhost:${p}/oauth/callback`),
            GUIDE_PRIVATE_USE_URI,
        ]);
    });

    it("keeps the ports' order, then the extras, once each (a stable order means no diff)", () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 15 }),
                fc.array(fc.constantFrom("kiro://kiro.oauth/callback", "com.example.app:/cb", "http://127.0.0.1:9/cb"), { maxLength: 4 }),
                (ports, extra) => {
                    const uris = redirectUris(ports, extra);
                    expect(new Set(uris).size).toBe(uris.length);
                    const portUris = [...new Set(ports)].map(loopbackRedirectUri);
                    expect(uris.slice(0, portUris.length)).toEqual(portUris);
                    expect(uris.slice(portUris.length)).toEqual([...new Set(extra)].filter((u) => !portUris.includes(u)));
                    expect(redirectUris(ports, extra)).toEqual(uris);
                },
            ),
        );
    });

    it("every URI it makes from a valid port passes the RFC 8252 check", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 65535 }), (port) => {
                expect(redirectUriProblem(loopbackRedirectUri(port))).toBeUndefined();
            }),
        );
    });
});

describe("redirectUriProblem (RFC 8252)", () => {
    it.each([
        "http://localhost:3128/oauth/callback",
        "http://127.0.0.1:8008/oauth/callback",
        "http://[::1]:9091/oauth/callback",
        "kiro://kiro.oauth/callback",
        "com.example.app:/oauth2redirect",
    ])("accepts %s", (uri) => expect(redirectUriProblem(uri)).toBeUndefined());

    it.each([
        ["https://kiro.dev/callback", "uses the https scheme"],
        ["http://kiro.dev:3128/callback", 'uses http with host "kiro.dev", which is not loopback'],
        ["http://10.0.0.1:3128/callback", 'uses http with host "10.0.0.1", which is not loopback'],
        ["javascript:alert(1)", "uses the javascript scheme"],
        ["data:text/html,hi", "uses the data scheme"],
        ["file:///etc/passwd", "uses the file scheme"],
        ["/oauth/callback", "is not a URI"],
    ])("refuses %s", (uri, problem) => expect(redirectUriProblem(uri)).toBe(problem));
});
