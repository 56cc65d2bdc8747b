import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_ACTIONS, OKTA_CALLS, oktaScopes, renderPermissions } from "../commands/common/net/permissions";

describe("permissions: one list in the code, the README says the same", () => {
    it("the README's permissions block is renderPermissions() (regenerate from commands/common/net/permissions.ts)", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        const block = /<!-- permissions:start[^>]*-->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(readme)?.[1];
        expect(block).toBe(renderPermissions());
    });

    it("group push needs okta.groups.manage besides okta.apps.manage (spec: createGroupPushMapping); lookups need no okta.roles.read", () => {
        expect(oktaScopes("provider")).toContain("okta.groups.manage");
        expect(oktaScopes("provider")).not.toContain("okta.roles.read");
        // verify and adopt only read.
        for (const by of ["verify", "adopt"] as const) expect(oktaScopes(by).every((s) => s.endsWith(".read"))).toBe(true);
    });

    it("each call is listed once, and the zone lookup's real calls are there: ListHostedZones, not only ListHostedZonesByName", () => {
        const keys = OKTA_CALLS.map((c) => `${c.method} ${c.path}`);
        expect(new Set(keys).size).toBe(keys.length);
        const provider = AWS_ACTIONS.filter((a) => a.by.includes("provider")).map((a) => a.action);
        expect(provider).toContain("route53:ListHostedZones");
        expect(provider).not.toContain("route53:ListHostedZonesByName");
    });
});
