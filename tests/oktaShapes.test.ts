import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kiroOrg, type OktaDouble, startOktaDouble } from "./support/oktaDouble";
import { fieldsOf, loadRecordedShapes, shapeViolations, templateOf } from "./support/recordedShapes";

/**
 * The fake org answers in the shapes real orgs answer in: the fields every response recorded by
 * terraform-provider-okta's acceptance tests has (tests/fixtures/okta-recorded-shapes.json). The
 * end-to-end suite checks every answer of a whole `pulumi up` with the real provider the same way.
 */

const recorded = loadRecordedShapes();

describe("the recorded shapes", () => {
    it("cover the endpoints the provider reads and writes for the stack's resources", () => {
        const endpoints = recorded.shapes.map((s) => s.endpoint);
        for (const e of [
            "POST /api/v1/apps 200 OPENID_CONNECT",
            "GET /api/v1/apps/{appId} 200 SAML_2_0",
            "PUT /api/v1/apps/{appId}/groups/{groupId} 200",
            "POST /api/v1/authorizationServers/{authServerId}/policies/{policyId}/rules 201",
            "POST /api/v1/apps/{appId}/group-push/mappings 200",
            "GET /api/v1/internal/apps/{appId}/settings/oauth/idToken 200",
        ])
            expect(endpoints).toContain(e);
    });

    it("an answer without a recorded field is named, with the recordings it comes from", () => {
        const problems = shapeViolations(
            [{ method: "GET", path: "/api/v1/groups/00g-1", status: 200, body: { id: "00g-1", profile: { name: "x" } } }],
            recorded,
        );
        expect(problems).toHaveLength(1);
        expect(problems[0]).toMatch(
            /^GET \/api\/v1\/groups\/\{groupId\} 200: lacks .*lastUpdated.* \(recorded in .*TestAccDataSourceOktaGroup_read/,
        );
    });

    it("paths are written as the spec writes them; fields one level down, lists by their first item", () => {
        expect(templateOf("/api/v1/apps/0oa1/groups/00g1")).toBe("/api/v1/apps/{appId}/groups/{groupId}");
        expect(templateOf("/api/v1/internal/apps/0oa1/settings/oauth/idToken")).toBe(
            "/api/v1/internal/apps/{appId}/settings/oauth/idToken",
        );
        expect(fieldsOf([{ a: 1, b: { c: 2 }, _links: { self: {} } }])).toEqual(["_links", "a", "b", "b.c"]);
    });
});

describe("the fake org's reads have the recorded fields", () => {
    let okta: OktaDouble;
    const org = kiroOrg("t");
    beforeAll(async () => {
        okta = await startOktaDouble(org);
    });
    afterAll(() => okta.close());

    it("apps, assignments, groups, users, the authorization server and its scopes, policy and rule", async () => {
        const get = (p: string) => fetch(`${okta.url}${p}`, { headers: { authorization: "SSWS t" } }).then((r) => r.text());
        for (const p of [
            "/api/v1/apps/0oa-oidc",
            "/api/v1/apps/0oa-saml",
            "/api/v1/apps/0oa-oidc/groups/00g-users",
            "/api/v1/apps/0oa-saml/credentials/keys",
            "/api/v1/internal/apps/0oa-oidc/settings/oauth/idToken",
            "/api/v1/groups/00g-users",
            "/api/v1/groups?q=Kiro-Users",
            "/api/v1/users/me",
            "/api/v1/users/00u-ada",
            "/api/v1/users/00u-ada/groups",
            "/api/v1/authorizationServers/aus1",
            "/api/v1/authorizationServers/aus1/policies/00p-kiro",
            "/api/v1/authorizationServers/aus1/policies/00p-kiro/rules/0pr-kiro",
            "/api/v1/policies?type=ACCESS_POLICY",
            "/.well-known/okta-organization",
        ])
            await get(p);
        // The scope's ID is made by the fake on first read.
        const scopes = JSON.parse(await get("/api/v1/authorizationServers/aus1/scopes")) as { id: string }[];
        await get(`/api/v1/authorizationServers/aus1/scopes/${scopes[0].id}`);
        expect(okta.answers.filter((a) => a.status !== 200)).toEqual([]);
        expect(shapeViolations(okta.answers, recorded)).toEqual([]);
    });
});
