import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nextSteps, type NextStepsInput, oktaAdminAppUrl, scimRunbook, type ScimRunbookInput } from "../components/runbook";

// The stack's runbook (index.ts passes "stack"): settings as `pulumi config` commands with its keys.
const stackRunbook = (input: ScimRunbookInput) => scimRunbook(input, "stack");
const stackSteps = (input: NextStepsInput) => nextSteps(input, "stack");

const BASE: ScimRunbookInput = {
    scimApp: "custom-saml",
    appLabel: "Kiro-SAML",
    appAdminUrl: "https://acme-admin.okta.com/admin/app/acme_kirosaml_1/instance/0oa1/#tab-general",
    scimEndpoint: "https://scim.us-east-1.amazonaws.com/abcd/scim/v2/",
    scimTokenConfigured: true,
    groups: ["Kiro-Users", "Kiro-Admins"],
    pushGroups: [],
};

describe("scimRunbook: every value the admin enters by hand", () => {
    const text = stackRunbook(BASE);

    it.each([
        ["the app", 'SCIM provisioning for "Kiro-SAML"'],
        ["where to click", "Open: https://acme-admin.okta.com/admin/app/acme_kirosaml_1/instance/0oa1/#tab-general"],
        ["General > Provisioning: SCIM", "General > App Settings > Edit: Provisioning = SCIM"],
        ["the connector URL", "SCIM connector base URL: https://scim.us-east-1.amazonaws.com/abcd/scim/v2/"],
        ["the unique identifier", "Unique identifier field for users: userName"],
        ["the three push actions", "Supported provisioning actions: Push New Users, Push Profile Updates, Push Groups"],
        ["the authentication mode", "Authentication Mode: HTTP Header"],
        ["where the token comes from", "Authorization: the token in this stack's secret config: `pulumi config get scimToken`"],
        ["To App", "Provisioning > To App > Edit: enable Create Users and Update User Attributes"],
        ["assignments done by the stack", "Assignments: done by this stack (Kiro-Users, Kiro-Admins)"],
        [
            "group push still to configure, with Okta's rule",
            "none of them in assignGroups (Okta does not support pushing an assigned group): `pulumi config set --path 'pushGroups[0]' <group>`",
        ],
        ["that the stack leaves it alone", "Later `pulumi up` runs do not change these provisioning settings."],
    ])("names %s", (_, line) => expect(text).toContain(line));

    it("before phase 2 it says what to configure instead of a value", () => {
        const early = stackRunbook({ ...BASE, scimEndpoint: undefined, scimTokenConfigured: false, appAdminUrl: undefined });
        expect(early).toContain("SCIM connector base URL: (not configured yet: `pulumi config set scimEndpoint");
        expect(early).toContain("Authorization: (not configured yet: generate it in the Kiro console");
        expect(early).not.toContain("Open:");
    });

    it("with push groups, names them and says the stack pushes them", () => {
        expect(stackRunbook({ ...BASE, pushGroups: ["Kiro-Push", "開発チーム"] })).toContain(
            "5. Push Groups: done by this stack (Kiro-Push, 開発チーム); members are pushed only while assigned to this app.",
        );
    });

    it("names assigned users with the groups", () => {
        expect(stackRunbook({ ...BASE, users: ["ada@example.com"] })).toContain(
            "Assignments: done by this stack (Kiro-Users, Kiro-Admins, ada@example.com)",
        );
    });
});

describe("scimRunbook for the AWS IAM Identity Center catalog app (Kiro's current guide)", () => {
    const text = stackRunbook({
        ...BASE,
        scimApp: "catalog",
        appLabel: "Kiro-SCIM",
        appAdminUrl: "https://acme-admin.okta.com/admin/app/amazon_aws_sso/instance/0oa2/#tab-general",
    });

    it.each([
        [
            "the app and why it is manual",
            "SCIM provisioning for \"Kiro-SCIM\" (AWS IAM Identity Center catalog app; manual: Okta's API cannot enable a catalog app's API integration)",
        ],
        ["where to click", "Open: https://acme-admin.okta.com/admin/app/amazon_aws_sso/instance/0oa2/#tab-general"],
        ["Configure API Integration", "1. Provisioning > Configure API Integration: Enable API integration."],
        [
            "the Base URL, without the trailing / Okta's test rejects",
            "   Base URL: https://scim.us-east-1.amazonaws.com/abcd/scim/v2 (without a trailing /: Okta's credential test fails with one)",
        ],
        ["the API token's source", "   API Token: the token in this stack's secret config: `pulumi config get scimToken`"],
        ["the credentials test", "   Test API Credentials, then Save."],
        [
            "To App with deactivation",
            "2. Provisioning > To App > Edit: enable Create Users, Update User Attributes, Deactivate Users. Save.",
        ],
        ["assignments", "3. Assignments: done by this stack (Kiro-Users, Kiro-Admins)."],
        ["group push", "4. Push Groups: once provisioning works"],
        ["that the stack leaves it alone", "Later `pulumi up` runs do not change these provisioning settings."],
    ])("names %s", (_, line) => expect(text).toContain(line));

    it("has none of the custom SAML app's steps", () => {
        for (const custom of ["Provisioning = SCIM", "SCIM connector base URL", "Unique identifier field", "Authentication Mode"])
            expect(text).not.toContain(custom);
    });

    it("before phase 2 it says what to configure instead of a value", () => {
        const early = stackRunbook({ ...BASE, scimApp: "catalog", scimEndpoint: undefined, scimTokenConfigured: false });
        expect(early).toContain("Base URL: (not configured yet: `pulumi config set scimEndpoint");
        expect(early).toContain("API Token: (not configured yet: generate it in the Kiro console");
    });

    it("oktaAdminAppUrl needs the org name", () => {
        expect(oktaAdminAppUrl({ orgName: "acme", baseUrl: "oktapreview.com" }, "app_1", "0oa9")).toBe(
            "https://acme-admin.oktapreview.com/admin/app/app_1/instance/0oa9/#tab-general",
        );
        expect(oktaAdminAppUrl({ baseUrl: "okta.com" }, "app_1", "0oa9")).toBeUndefined();
    });
});

describe("nextSteps", () => {
    const base = { issuerMetadataUrl: "https://acme.okta.com/oauth2/aus1/.well-known/openid-configuration", clientId: "0oa-client" };

    it("phase 1: the Kiro profile values, then the domain and SCIM values to bring back", () => {
        const steps = stackSteps({ ...base, phase: 1, scimConfigured: false, pushGroups: [] });
        expect(steps[0]).toBe(
            "Kiro console > Set up application as Admin > Connect an existing external Identity provider: " +
                "Issuer URL = https://acme.okta.com/oauth2/aus1/.well-known/openid-configuration, Application Id = 0oa-client.",
        );
        expect(steps.join("\n")).toContain("Add domain, then `pulumi config set domain <domain>`");
        expect(steps.join("\n")).toContain("`pulumi config set --plaintext domainVerificationToken <token>`");
        expect(steps.join("\n")).toContain("`pulumi config set --secret scimToken <token>`");
    });

    it("phase 2: wait for verification, follow the runbook, then list groups to push", () => {
        const steps = stackSteps({
            ...base,
            phase: 2,
            domain: "example.com",
            domainVerificationToken: "t",
            recordName: "example.com",
            scimConfigured: true,
            pushGroups: [],
        });
        expect(steps).toContain('Wait for the domain example.com to show "Verified" in the Kiro console (TXT record example.com).');
        expect(steps).toContain(
            "Follow the scimRunbook output (`pulumi stack output scimRunbook`) to switch SCIM provisioning on in Okta.",
        );
        expect(steps.join("\n")).toContain(
            "none of them in assignGroups (Okta does not support pushing an assigned group): `pulumi config set --path 'pushGroups[0]' <group>`",
        );
    });

    it("phase 3 with everything set: names the pushed groups, then done", () => {
        const steps = stackSteps({
            ...base,
            phase: 3,
            domain: "example.com",
            domainVerificationToken: "t",
            recordName: "example.com",
            scimConfigured: true,
            pushGroups: ["Kiro-Push"],
        });
        expect(steps).toContain("Pushed to Kiro by this stack: Kiro-Push (members are pushed only while assigned to the SCIM app).");
        expect(steps.at(-1)).toBe("Setup complete: subscribe users and groups in the Kiro console.");
        expect(steps.join("\n")).not.toContain("pushGroups[0]");
    });
});

describe("the component's runbook (any language): its arguments, never `pulumi config`", () => {
    const runbookInput = fc.record({
        scimApp: fc.constantFrom("custom-saml" as const, "catalog" as const),
        appLabel: fc.constant("Kiro-SAML"),
        scimEndpoint: fc.option(fc.constant("https://scim.us-east-1.amazonaws.com/abcd/scim/v2"), { nil: undefined }),
        scimTokenConfigured: fc.boolean(),
        groups: fc.constant(["Kiro-Users"]),
        pushGroups: fc.constantFrom([], ["Kiro-Push"]),
    });
    const stepsInput = fc.record({
        phase: fc.constantFrom(1 as const, 2 as const, 3 as const),
        issuerMetadataUrl: fc.constant("https://acme.okta.com/oauth2/aus1/.well-known/openid-configuration"),
        clientId: fc.constant("0oa-client"),
        domain: fc.option(fc.constant("example.com"), { nil: undefined }),
        domainVerificationToken: fc.option(fc.constant("t"), { nil: undefined }),
        scimConfigured: fc.boolean(),
        pushGroups: fc.constantFrom([], ["Kiro-Push"]),
    });

    it("no text tells a Python or YAML user to run `pulumi config`", () => {
        fc.assert(fc.property(runbookInput, (input) => !/pulumi config/.test(scimRunbook(input))));
        fc.assert(fc.property(stepsInput, (input) => !/pulumi config/.test(nextSteps(input).join("\n"))));
    });

    it("names the argument to set, where the stack names its config", () => {
        const early = { ...BASE, scimEndpoint: undefined, scimTokenConfigured: false };
        expect(scimRunbook(early)).toContain(
            "(not configured yet: set the scimEndpoint argument to <SCIM endpoint from the Kiro console>)",
        );
        expect(scimRunbook(early)).toContain("then set the scimToken argument to <token>)");
        expect(scimRunbook(BASE)).toContain("Authorization: the token given as the scimToken argument");
        expect(scimRunbook(BASE)).toContain(
            "(Okta does not support pushing an assigned group): set the pushGroups argument to [<group>], then `pulumi up`.",
        );
        const steps = nextSteps({ phase: 1, issuerMetadataUrl: "u", clientId: "c", scimConfigured: false, pushGroups: [] }).join("\n");
        expect(steps).toContain("Add domain, then set the domain argument to <domain>.");
        expect(steps).toContain("set the domainVerificationToken argument to <token>, then `pulumi up`.");
    });
});

// Whole texts as an admin reads them, kept as files so a change shows in review as prose
// (update on purpose: npx vitest run -u tests/runbook.test.ts).
describe("golden transcripts", () => {
    const phase1: NextStepsInput = {
        phase: 1,
        issuerMetadataUrl: "https://acme.okta.com/oauth2/aus1/.well-known/openid-configuration",
        clientId: "0oa1client",
        scimConfigured: false,
        pushGroups: [],
    };

    it("the stack's nextSteps in phase 1", async () => {
        await expect(stackSteps(phase1).join("\n") + "\n").toMatchFileSnapshot("golden/stack-next-steps-phase1.txt");
    });

    it("the stack's scimRunbook for the custom SAML app in phase 2", async () => {
        await expect(stackRunbook(BASE) + "\n").toMatchFileSnapshot("golden/stack-scim-runbook-custom-saml.txt");
    });

    it("the component's scimRunbook for the catalog app before phase 2 (arguments, never `pulumi config`)", async () => {
        const text = scimRunbook({ ...BASE, scimApp: "catalog", scimEndpoint: undefined, scimTokenConfigured: false });
        expect(text).not.toContain("pulumi config");
        await expect(text + "\n").toMatchFileSnapshot("golden/component-scim-runbook-catalog.txt");
    });
});
