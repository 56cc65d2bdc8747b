import fc from "fast-check";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../components/config/fromPulumi";
import { CONFIG_KEYS, DEFAULTS, phaseOf, type RawConfig, validateConfig } from "../components/config";
import { FIRST_REVISION_PORT, GUIDE_PORTS, GUIDE_PRIVATE_USE_URI } from "./support/guide";

const OKTA = { orgName: "acme", baseUrl: "okta.com" };

function raw(values: Record<string, unknown>, secretKeys: string[] = [], okta: Record<string, string> = OKTA): RawConfig {
    const strings = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
    return { values: strings, okta, secretKeys: new Set(secretKeys), env: {} };
}

/** The problems parseConfig reports, or [] when the config is valid. */
function problems(values: Record<string, unknown>, secretKeys: string[] = [], okta?: Record<string, string>): string[] {
    try {
        parseConfig(raw(values, secretKeys, okta));
        return [];
    } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as ConfigError).problems;
    }
}

const GROUPS = { assignGroups: ["Kiro-Users"] };
const SCIM = { scimEndpoint: "https://scim.example.com/v2/", scimToken: "t0k3n" };

describe("defaults", () => {
    it("a config with only groups gets the guide's values and Kiro's port 3128", () => {
        const cfg = parseConfig(raw(GROUPS));
        expect(cfg).toMatchObject({ ...DEFAULTS, assignGroups: ["Kiro-Users"], okta: { orgName: "acme", baseUrl: "okta.com" } });
        expect(cfg.redirectPorts[0]).toBe(3128);
        expect([...cfg.redirectPorts].sort()).toEqual([...GUIDE_PORTS, FIRST_REVISION_PORT].sort());
        expect(cfg.extraRedirectUris).toEqual([GUIDE_PRIVATE_USE_URI]);
        expect(cfg.protect).toBe(true);
        expect(phaseOf(cfg)).toBe(1);
    });

    it("empty strings are unset, as Pulumi.yaml's defaults for optional keys are", () => {
        const cfg = parseConfig(raw({ ...GROUPS, domain: "", scimEndpoint: "", scimToken: "", hostedZoneId: "" }));
        expect(cfg.domain).toBeUndefined();
        expect(cfg.scimEndpoint).toBeUndefined();
    });

    it("the Okta org can come from the provider's environment variables", () => {
        const cfg = parseConfig({
            values: { assignGroups: '["A"]' },
            okta: {},
            secretKeys: new Set(),
            env: { OKTA_ORG_NAME: "envorg", OKTA_BASE_URL: "oktapreview.com" },
        });
        expect(cfg.okta).toEqual({ orgName: "envorg", baseUrl: "oktapreview.com" });
    });

    it("normalises the domain, record name and zone ID", () => {
        const cfg = parseConfig(
            raw({ ...GROUPS, domain: "Example.COM.", verificationRecordName: "_Kiro.Example.com", hostedZoneId: "/hostedzone/Z123ABC" }),
        );
        expect(cfg).toMatchObject({ domain: "example.com", verificationRecordName: "_kiro.example.com", hostedZoneId: "Z123ABC" });
    });
});

describe("phases", () => {
    it.each([
        [{}, 1],
        [{ domain: "example.com" }, 1],
        [{ domain: "example.com", domainVerificationToken: "tok" }, 2],
        [SCIM, 2],
        [{ ...SCIM, pushGroups: [] }, 2],
        [{ ...SCIM, pushGroups: ["Kiro-Push"] }, 3],
    ])("%j reaches phase %i", (extra, phase) => {
        expect(phaseOf(parseConfig(raw({ ...GROUPS, ...extra }, ["scimToken"])))).toBe(phase);
    });
});

describe("bad input: each problem names the key, what is wrong and what is expected", () => {
    it.each<[string, Record<string, unknown>, string]>([
        ["groups missing", {}, "assignGroups: is required: the names of the Okta groups"],
        ["groups empty", { assignGroups: [] }, "assignGroups: is empty; expected at least one Okta group name"],
        ["groups not a list", { assignGroups: "Kiro-Users" }, "assignGroups: is not a JSON list"],
        ["groups an object", { assignGroups: { a: 1 } }, "assignGroups: must be a list of the names of the Okta groups"],
        ["group name empty", { assignGroups: ["Kiro", " "] }, "assignGroups[1]: must not be an empty group name"],
        ["group twice", { assignGroups: ["Kiro", "Kiro"] }, 'assignGroups[1]: lists "Kiro" twice; expected each group once'],
        ["port zero", { ...GROUPS, redirectPorts: [0] }, "redirectPorts[0]: 0 is out of range; expected an integer from 1 to 65535"],
        [
            "port too big",
            { ...GROUPS, redirectPorts: [3128, 65536] },
            "redirectPorts[1]: 65536 is out of range; expected an integer from 1 to 65535",
        ],
        ["port negative", { ...GROUPS, redirectPorts: [-1] }, "redirectPorts[0]: -1 is out of range"],
        [
            "port fractional",
            { ...GROUPS, redirectPorts: [3128.5] },
            "redirectPorts[0]: 3128.5 is not an integer; expected an integer from 1 to 65535",
        ],
        [
            "port as text",
            { ...GROUPS, redirectPorts: ["3128"] },
            'redirectPorts[0]: "3128" is not a port number; expected an integer from 1 to 65535',
        ],
        ["port twice", { ...GROUPS, redirectPorts: [3128, 3128] }, "redirectPorts[1]: lists 3128 twice"],
        ["ports empty", { ...GROUPS, redirectPorts: [] }, "redirectPorts: is empty"],
        ["ports not JSON", { ...GROUPS, redirectPorts: "3128,4649" }, 'redirectPorts: is not a JSON list: "3128,4649"'],
        [
            "https redirect",
            { ...GROUPS, extraRedirectUris: ["https://app.example.com/cb"] },
            'extraRedirectUris[0]: "https://app.example.com/cb" uses the https scheme; expected loopback http',
        ],
        [
            "remote http redirect",
            { ...GROUPS, extraRedirectUris: ["http://example.com/cb"] },
            'uses http with host "example.com", which is not loopback',
        ],
        ["javascript redirect", { ...GROUPS, extraRedirectUris: ["javascript:alert(1)"] }, "uses the javascript scheme"],
        ["not a URI", { ...GROUPS, extraRedirectUris: ["callback"] }, 'extraRedirectUris[0]: "callback" is not a URI'],
        [
            "redirect duplicating a port",
            { ...GROUPS, extraRedirectUris: ["http://localhost:3128/oauth/callback"] },
            "is already made from redirectPorts",
        ],
        [
            "http SCIM endpoint",
            { ...GROUPS, ...SCIM, scimEndpoint: "http://scim.example.com" },
            'scimEndpoint: "http://scim.example.com" is not an https URL; expected the https SCIM endpoint exactly as the Kiro console shows it',
        ],
        [
            "SCIM endpoint with credentials",
            { ...GROUPS, ...SCIM, scimEndpoint: "https://user:pass@scim.example.com/v2" },
            'scimEndpoint: "https://user:pass@scim.example.com/v2" carries a user name or password, which would land in plain-text stack outputs; expected the https SCIM endpoint',
        ],
        [
            "SCIM endpoint with a user only",
            { ...GROUPS, ...SCIM, scimEndpoint: "https://admin@scim.example.com/v2" },
            "carries a user name or password",
        ],
        [
            "SCIM endpoint with a query",
            { ...GROUPS, ...SCIM, scimEndpoint: "https://scim.example.com/v2?token=x" },
            'scimEndpoint: "https://scim.example.com/v2?token=x" has a query string, which a SCIM base URI does not; expected',
        ],
        ["SCIM endpoint with an empty query", { ...GROUPS, ...SCIM, scimEndpoint: "https://scim.example.com/v2?" }, "has a query string"],
        [
            "SCIM endpoint with a fragment",
            { ...GROUPS, ...SCIM, scimEndpoint: "https://scim.example.com/v2#users" },
            'scimEndpoint: "https://scim.example.com/v2#users" has a fragment (#...), which a SCIM base URI does not; expected',
        ],
        [
            "redirect URI with a fragment",
            { ...GROUPS, extraRedirectUris: ["kiro://kiro.oauth/callback#x"] },
            'extraRedirectUris[0]: "kiro://kiro.oauth/callback#x" has a fragment (#...), which RFC 6749 section 3.1.2 forbids in a redirect URI',
        ],
        [
            "loopback redirect URI with an empty fragment",
            { ...GROUPS, extraRedirectUris: ["http://localhost:9999/cb#"] },
            'extraRedirectUris[0]: "http://localhost:9999/cb#" has a fragment',
        ],
        [
            "record name outside the domain",
            { ...GROUPS, domain: "example.com", verificationRecordName: "example.org" },
            'verificationRecordName: "example.org" is not example.com or a name under it; expected the domain itself or a name such as _kiro.example.com',
        ],
        [
            "record name that only ends like the domain",
            { ...GROUPS, domain: "example.com", verificationRecordName: "badexample.com" },
            'verificationRecordName: "badexample.com" is not example.com or a name under it',
        ],
        [
            "unknown SCIM app",
            { ...GROUPS, scimApp: "okta-scim" },
            'scimApp: "okta-scim" is not a SCIM app kind; expected "custom-saml" (the guide\'s custom SAML 2.0 app) or "catalog"',
        ],
        [
            "SCIM endpoint not a URL",
            { ...GROUPS, ...SCIM, scimEndpoint: "scim.example.com" },
            'scimEndpoint: "scim.example.com" is not an https URL',
        ],
        ["SSO URL not https", { ...GROUPS, samlSsoUrl: "ftp://okta.com" }, 'samlSsoUrl: "ftp://okta.com" is not an https URL'],
        [
            "domain with underscore only label",
            { ...GROUPS, domain: "bad_domain" },
            'domain: "bad_domain" is not a valid DNS name; expected your company\'s domain',
        ],
        ["domain with one label", { ...GROUPS, domain: "localhost" }, 'domain: "localhost" is not a valid DNS name'],
        ["domain with a leading hyphen", { ...GROUPS, domain: "-example.com" }, 'domain: "-example.com" is not a valid DNS name'],
        ["domain that is a URL", { ...GROUPS, domain: "https://example.com" }, 'domain: "https://example.com" is not a valid DNS name'],
        [
            "record name malformed",
            { ...GROUPS, domain: "example.com", verificationRecordName: "a..example.com" },
            'verificationRecordName: "a..example.com" is not a valid DNS name',
        ],
        [
            "token with spaces",
            { ...GROUPS, domain: "example.com", domainVerificationToken: "a b" },
            "domainVerificationToken: contains quotes, backslashes or spaces",
        ],
        [
            "token too long",
            { ...GROUPS, domain: "example.com", domainVerificationToken: "x".repeat(256) },
            "domainVerificationToken: is longer than 255 characters",
        ],
        [
            "zone ID malformed",
            { ...GROUPS, domain: "example.com", hostedZoneId: "zone-1" },
            'hostedZoneId: "zone-1" is not a Route53 hosted zone ID',
        ],
        ["boolean malformed", { ...GROUPS, protect: "yes" }, 'protect: is not true or false: "yes"'],
        ["boolean of the wrong type", { ...GROUPS, protect: 1 }, "protect: must be true or false, got 1"],
        [
            "push groups, the old on/off form",
            { ...GROUPS, ...SCIM, pushGroups: true },
            "pushGroups: is true, the old on/off form; expected a list of the Okta groups to push to Kiro, none of them in assignGroups (Okta's Group Push documentation: \"Using the same Okta group for assignments and for group push isn't currently supported.\" Create a separate group for pushing, such as Kiro-Push, and list it; or list none for no pushes)",
        ],
        ["push groups false, the old form too", { ...GROUPS, pushGroups: false }, "pushGroups: is false, the old on/off form"],
        [
            "push groups not a list",
            { ...GROUPS, ...SCIM, pushGroups: { a: 1 } },
            "pushGroups: must be a list of the names of the Okta groups to push to Kiro",
        ],
        ["push group twice", { ...GROUPS, ...SCIM, pushGroups: ["P", "P"] }, 'pushGroups[1]: lists "P" twice; expected each group once'],
        ["push group empty", { ...GROUPS, ...SCIM, pushGroups: [""] }, "pushGroups[0]: must not be an empty group name"],
        [
            "a push group that is also assigned",
            { assignGroups: ["Kiro-Users", "Kiro-Admins"], ...SCIM, pushGroups: ["Kiro-Push", "Kiro-Admins"] },
            'pushGroups[1]: lists "Kiro-Admins", which assignGroups also lists; Okta\'s Group Push documentation: "Using the same Okta group for assignments and for group push isn\'t currently supported." Expected a separate group to push: create one in Okta with the members to push (they are pushed only while assigned to the SCIM app through assignGroups or assignUsers) and list it here instead',
        ],
        ["label empty", { ...GROUPS, oidcAppLabel: "  " }, "oidcAppLabel: must not be empty: the OIDC app's label"],
        [
            "SCIM endpoint without token",
            { ...GROUPS, scimEndpoint: SCIM.scimEndpoint },
            "scimToken: is not set but scimEndpoint is; expected both",
        ],
        ["SCIM token without endpoint", { ...GROUPS, scimToken: "t" }, "scimEndpoint: is not set but scimToken is; expected both"],
        [
            "verification token without domain",
            { ...GROUPS, domainVerificationToken: "tok" },
            "domain: is not set but domainVerificationToken is",
        ],
        [
            "record name without domain",
            { ...GROUPS, verificationRecordName: "example.com" },
            "domain: is not set but verificationRecordName is",
        ],
        ["zone without domain", { ...GROUPS, hostedZoneId: "Z123" }, "domain: is not set but hostedZoneId is"],
        [
            "group push before SCIM",
            { ...GROUPS, pushGroups: ["Kiro-Push"] },
            "pushGroups: lists groups but scimEndpoint and scimToken are not set",
        ],
        ["misspelt key", { ...GROUPS, assigngroups: ["x"] }, "assigngroups: is not a kiro-okta setting; did you mean assignGroups?"],
        ["unknown key", { ...GROUPS, colour: "blue" }, "colour: is not a kiro-okta setting; expected one of assignGroups"],
    ])("%s", (_, values, expected) => {
        expect(problems(values, ["scimToken"]).join("\n")).toContain(expected);
    });

    it("a SCIM token stored in plain text is refused", () => {
        expect(problems({ ...GROUPS, ...SCIM }, [])).toEqual([
            "scimToken: is stored in plain text; expected a secret: `pulumi config set --secret scimToken <value>`",
        ]);
    });

    it.each(["apiToken", "privateKey", "accessToken"])("an Okta %s stored in plain text is refused", (key) => {
        expect(problems(GROUPS, [], { ...OKTA, [key]: "x" })).toEqual([
            `okta:${key}: is stored in plain text; expected a secret: \`pulumi config set --secret okta:${key} <value>\``,
        ]);
        expect(problems(GROUPS, [`okta:${key}`], { ...OKTA, [key]: "x" })).toEqual([]);
    });

    it.each<[string, Record<string, string>, string]>([
        [
            "a host",
            { orgName: "acme.okta.com" },
            'okta:orgName: "acme.okta.com" is a host name, not an org name; expected the org\'s name alone: `pulumi config set okta:orgName acme` and `pulumi config set okta:baseUrl okta.com`',
        ],
        [
            "a URL",
            { orgName: "https://acme.oktapreview.com/" },
            'okta:orgName: "https://acme.oktapreview.com/" is a URL, not an org name; expected the org\'s name alone: `pulumi config set okta:orgName acme` and `pulumi config set okta:baseUrl oktapreview.com`',
        ],
        [
            "the admin host",
            { orgName: "acme-admin.okta.com" },
            "`pulumi config set okta:orgName acme` and `pulumi config set okta:baseUrl okta.com`",
        ],
        [
            "the admin console's name",
            { orgName: "acme-admin" },
            "okta:orgName: \"acme-admin\" is the admin console's name; expected the org's name without -admin: `pulumi config set okta:orgName acme`",
        ],
        [
            "not a name",
            { orgName: "acme org" },
            'okta:orgName: "acme org" is not an Okta org name; expected letters, digits and dashes, the `acme` in acme.okta.com',
        ],
        [
            "a base URL with a scheme",
            { orgName: "acme", baseUrl: "https://okta.com" },
            'okta:baseUrl: "https://okta.com" is not a domain; expected the org\'s domain without the org name or https://',
        ],
    ])("an Okta org name given as %s is refused before any lookup", (_, okta, expected) => {
        const found = problems(GROUPS, [], { baseUrl: "okta.com", ...okta });
        expect(found).toHaveLength(1);
        expect(found[0]).toContain(expected);
    });

    it("the org name from OKTA_ORG_NAME is checked too, under that name", () => {
        expect(() =>
            parseConfig({
                values: { assignGroups: '["A"]' },
                okta: {},
                secretKeys: new Set(),
                env: { OKTA_ORG_NAME: "https://acme.okta.com" },
            }),
        ).toThrow('OKTA_ORG_NAME: "https://acme.okta.com" is a URL, not an org name');
    });

    it.each(["acme", "acme-corp", "dev-12345678", "trial-4711"])("a real org name %s is accepted", (orgName) => {
        expect(problems(GROUPS, [], { orgName, baseUrl: "okta.com" })).toEqual([]);
    });

    it("a missing Okta org is refused", () => {
        expect(problems(GROUPS, [], { baseUrl: "okta.com" })).toEqual([
            "okta:orgName: is not set; expected your Okta org's name (the `acme` in acme.okta.com): `pulumi config set okta:orgName acme`",
        ]);
    });

    it("a missing okta:baseUrl is refused: the provider has no default (terraform-provider-okta v6.12.0 okta/config/config.go ~67-73; okta/api/api.go ~79 builds https://<org_name>.<base_url>)", () => {
        expect(problems(GROUPS, [], { orgName: "acme" })).toEqual([
            "okta:baseUrl: is not set, and the Okta provider has no default for it; expected your org's domain (okta.com, oktapreview.com or okta-emea.com): `pulumi config set okta:baseUrl okta.com` (or OKTA_BASE_URL)",
        ]);
        // OKTA_BASE_URL reaches the provider as well (config.go): it counts.
        expect(validateConfig({ ...raw(GROUPS, [], { orgName: "acme" }), env: { OKTA_BASE_URL: "oktapreview.com" } })).toMatchObject({
            ok: true,
            config: { okta: { orgName: "acme", baseUrl: "oktapreview.com" } },
        });
    });

    it("reports every problem at once, partners included, with how to fix them", () => {
        let error: ConfigError | undefined;
        try {
            parseConfig(raw({ assignGroups: [], redirectPorts: [70000], scimEndpoint: "http://x", pushGroups: ["P"] }));
        } catch (e) {
            error = e as ConfigError;
        }
        expect(error?.problems.map((p) => p.split(":")[0])).toEqual([
            "assignGroups",
            "redirectPorts[0]",
            "scimEndpoint",
            "scimToken",
            "pushGroups",
        ]);
        expect(error?.message).toMatch(/^kiro-okta configuration is invalid \(5 problems\):\n {2}- assignGroups: /);
        expect(error?.message).toContain("pulumi config set <key> <value>");
        // A RunError: `pulumi up` prints its message without a stack trace.
        expect(error?.constructor.name).toBe("ConfigError");
    });

    it("any integer outside 1-65535 is reported with its index", () => {
        fc.assert(
            fc.property(
                fc.array(fc.integer({ min: 1, max: 65535 }), { maxLength: 5 }),
                fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 })),
                (good, bad) => {
                    const ports = [...new Set(good), bad];
                    expect(problems({ ...GROUPS, redirectPorts: ports })).toEqual([
                        `redirectPorts[${ports.length - 1}]: ${bad} is out of range; expected an integer from 1 to 65535`,
                    ]);
                },
            ),
        );
    });

    it("any list of distinct ports 1-65535 is accepted in its order", () => {
        fc.assert(
            fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 20 }), (ports) => {
                expect(parseConfig(raw({ ...GROUPS, redirectPorts: ports })).redirectPorts).toEqual(ports);
            }),
        );
    });
});

describe("Pulumi.yaml declares the same contract", () => {
    const project = yaml.load(fs.readFileSync("Pulumi.yaml", "utf8")) as {
        name: string;
        runtime: { name: string; options?: { typescript?: boolean } };
        config: Record<string, { type: string; items?: { type: string }; default?: unknown; secret?: boolean; description?: string }>;
    };

    it("is the kiro-okta TypeScript project", () => {
        expect(project.name).toBe("kiro-okta");
        expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
    });

    it("declares every key, and only those, each with a type and description", () => {
        expect(Object.keys(project.config).sort()).toEqual([...CONFIG_KEYS].sort());
        for (const [key, decl] of Object.entries(project.config)) {
            expect(decl.type, key).toMatch(/^(string|boolean|integer|array)$/);
            expect(decl.description, key).toBeTruthy();
            if (decl.type === "array") expect(decl.items, key).toBeDefined();
        }
    });

    it("has the program's defaults; optional keys default to unset; assignGroups is required", () => {
        for (const [key, decl] of Object.entries(project.config)) {
            const programDefault = (DEFAULTS as Record<string, unknown>)[key];
            if (key === "assignGroups") expect(decl).not.toHaveProperty("default");
            else if (programDefault === undefined) expect(decl.default, key).toBe("");
            else expect(decl.default, key).toEqual(programDefault);
        }
    });

    it("Pulumi.dev.yaml is a complete, valid phase-1 stack", () => {
        const dev = (yaml.load(fs.readFileSync("Pulumi.dev.yaml", "utf8")) as { config: Record<string, unknown> }).config;
        const values: Record<string, unknown> = {};
        const okta: Record<string, string> = {};
        for (const [fullKey, value] of Object.entries(dev)) {
            const [ns, key] = fullKey.split(":");
            if (ns === "kiro-okta") values[key] = value;
            if (ns === "okta") okta[key] = String(value);
        }
        const cfg = parseConfig(raw(values, [], okta));
        expect(phaseOf(cfg)).toBe(1);
        expect(cfg.assignGroups.length).toBeGreaterThan(0);
        expect(dev).toHaveProperty("aws:region");
    });
});

describe("token lifetimes (Okta's limits: docs/okta-behaviour.md, Token lifetimes)", () => {
    const LIFETIMES = ["accessTokenLifetimeMinutes", "refreshTokenLifetimeMinutes", "refreshTokenWindowMinutes"] as const;

    it("default to Okta's console values: 60 minutes, unlimited (0), a 7-day window", () => {
        const cfg = parseConfig(raw(GROUPS));
        expect([cfg.accessTokenLifetimeMinutes, cfg.refreshTokenLifetimeMinutes, cfg.refreshTokenWindowMinutes]).toEqual([60, 0, 10080]);
    });

    it("take the text Pulumi hands over for a number (pulumi config set accessTokenLifetimeMinutes 15)", () => {
        const cfg = parseConfig(
            raw({ ...GROUPS, accessTokenLifetimeMinutes: "15", refreshTokenLifetimeMinutes: "1440", refreshTokenWindowMinutes: "120" }),
        );
        expect([cfg.accessTokenLifetimeMinutes, cfg.refreshTokenLifetimeMinutes, cfg.refreshTokenWindowMinutes]).toEqual([15, 1440, 120]);
    });

    it.each([
        [
            { accessTokenLifetimeMinutes: "4" },
            "accessTokenLifetimeMinutes: 4 is out of Okta's range; expected an integer from 5 to 1440 (the access token's lifetime)",
        ],
        [
            { accessTokenLifetimeMinutes: "1441" },
            "accessTokenLifetimeMinutes: 1441 is out of Okta's range; expected an integer from 5 to 1440 (the access token's lifetime)",
        ],
        [
            { accessTokenLifetimeMinutes: "15.5" },
            'accessTokenLifetimeMinutes: "15.5" is not a whole number of minutes; expected an integer from 5 to 1440 (the access token\'s lifetime)',
        ],
        [
            { refreshTokenLifetimeMinutes: "9" },
            "refreshTokenLifetimeMinutes: 9 is out of Okta's range; expected 0 (unlimited) or an integer from 10 to 2628000 (the refresh token's lifetime)",
        ],
        // The provider allows a 5-minute window; Okta's shortest refresh token is 10 minutes.
        [
            { accessTokenLifetimeMinutes: "5", refreshTokenWindowMinutes: "5" },
            "refreshTokenWindowMinutes: 5 is out of Okta's range; expected an integer from 10 to 2628000 (how long an unused refresh token stays valid)",
        ],
        [
            { refreshTokenWindowMinutes: "a week" },
            'refreshTokenWindowMinutes: "a week" is not a whole number of minutes; expected an integer from 10 to 2628000 (how long an unused refresh token stays valid)',
        ],
    ])("%j is refused, naming the key and the range", (values, message) => {
        expect(problems({ ...GROUPS, ...values })).toEqual([message]);
    });

    it.each([
        [
            { refreshTokenLifetimeMinutes: "30" },
            "refreshTokenLifetimeMinutes: 30 is shorter than accessTokenLifetimeMinutes (60); expected 0 (unlimited) or at least 60",
        ],
        [
            { refreshTokenLifetimeMinutes: "30", refreshTokenWindowMinutes: "20" },
            "refreshTokenLifetimeMinutes: 30 is shorter than accessTokenLifetimeMinutes (60); expected 0 (unlimited) or at least 60",
        ],
        [
            { refreshTokenWindowMinutes: "30" },
            "refreshTokenWindowMinutes: 30 is shorter than accessTokenLifetimeMinutes; expected from accessTokenLifetimeMinutes (60) to 2628000",
        ],
        [
            { refreshTokenLifetimeMinutes: "1440", refreshTokenWindowMinutes: "2000" },
            "refreshTokenWindowMinutes: 2000 is longer than refreshTokenLifetimeMinutes; expected from accessTokenLifetimeMinutes (60) to refreshTokenLifetimeMinutes (1440)",
        ],
    ])("between the keys, %j: one message, for the value to change", (values, message) => {
        expect(problems({ ...GROUPS, ...values })).toEqual([message]);
    });

    it("accept exactly what Okta's rules accept, with at most one message per key (any three whole numbers)", () => {
        const okta = (a: number, r: number, w: number) =>
            a >= 5 &&
            a <= 1440 &&
            (r === 0 || (r >= 10 && r <= 2628000 && r >= a)) &&
            w >= 10 &&
            w <= 2628000 &&
            w >= a &&
            (r === 0 || w <= r);
        fc.assert(
            fc.property(
                fc.integer({ min: -5, max: 3_000_000 }),
                fc.integer({ min: -5, max: 3_000_000 }),
                fc.integer({ min: -5, max: 3_000_000 }),
                (a, r, w) => {
                    const found = problems({
                        ...GROUPS,
                        accessTokenLifetimeMinutes: String(a),
                        refreshTokenLifetimeMinutes: String(r),
                        refreshTokenWindowMinutes: String(w),
                    });
                    expect(found.length === 0).toBe(okta(a, r, w));
                    for (const key of LIFETIMES) expect(found.filter((p) => p.startsWith(`${key}:`)).length).toBeLessThanOrEqual(1);
                },
            ),
        );
    });
});
