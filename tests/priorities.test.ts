import { afterEach, describe, expect, it } from "vitest";
import { assignmentPriority } from "../components/assignments";
import { oktaHttp, RESOURCES } from "../e2e/doubles/oktaProvider";
import { kiroOrg, type OktaDouble, startOktaDouble } from "./support/oktaDouble";

/**
 * Which group assignment priorities leave `pulumi preview --refresh` empty after an `up`, worked out
 * from terraform-provider-okta v6.12.0 `resource_okta_app_group_assignment.go` (priority sent only when
 * non-zero ~167-170; a diff unless equal ~59-62; Read stores Okta's value ~136-138) against the fake
 * org's assignment priorities, which follow the provider's recorded acceptance test
 * (TestAccResourceOktaAppGroupAssignment_crud: a sent priority is kept as sent; an unsent one is placed
 * by Okta). The provider double (e2e/doubles/oktaProvider.ts) is that reading, in code.
 */

const model = RESOURCES["okta:app/groupAssignment:GroupAssignment"];
let okta: OktaDouble | undefined;
afterEach(async () => okta?.close());

/** An `up` of the stack's assignments for these groups, then a refresh: the properties each would update. */
async function upThenRefresh(priority: (index: number) => number, consoleFirst: string[]): Promise<string[][]> {
    const org = kiroOrg("t");
    // The admin assigned these groups in the console before the stack ran (no priority: Okta places them).
    org.apps[0].groups = [...consoleFirst];
    org.groups.push({ id: "00g-admins", name: "Kiro-Admins" });
    okta = await startOktaDouble(org);
    const client = oktaHttp({ OKTA_HTTP_PROXY: okta.url, OKTA_API_TOKEN: "t" });
    const groups = ["00g-users", "00g-admins"];
    const states = [];
    for (const [i, groupId] of groups.entries()) {
        const inputs = { appId: "0oa-oidc", groupId, priority: priority(i), retainAssignment: false };
        states.push({ inputs, outs: (await model.create(client, inputs)).outs });
    }
    const diffs = [];
    for (const { inputs, outs } of states) diffs.push(model.diff!((await model.read(client, inputs.groupId, outs))!, inputs));
    return diffs;
}

describe("group assignment priorities against the provider's rules", () => {
    it("the stack's priorities (from 1): nothing to update after an up, on a fresh app", async () => {
        expect(await upThenRefresh(assignmentPriority, [])).toEqual([[], []]);
    });

    it("the stack's priorities: nothing to update when an admin assigned a group in the console first", async () => {
        expect(await upThenRefresh(assignmentPriority, ["00g-other"])).toEqual([[], []]);
    });

    it("why not from 0: an unsent 0 reads back as Okta's placement behind the console's group, and the update sends nothing again", async () => {
        expect(await upThenRefresh((i) => i, ["00g-other"])).toEqual([["priority"], []]);
    });
});
