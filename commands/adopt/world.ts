import type { KiroConfig } from "../../components/config";
import type { World } from "../common/runProgram";
import { lookup, MATCHERS, type MatchContext } from "./match";
import { toCreate } from "./match/types";
import type { OrgSnapshot } from "./org";
import type { TxtSet } from "./route53";

/**
 * The program's world during adoption: its lookups answer from the org, and each resource it
 * registers goes to the matcher of its type (match/), which decides: import, create or blocked.
 */

export interface Decision {
    type: string;
    name: string;
    action: "import" | "create" | "blocked";
    /** The import ID, for action import. */
    importId?: string;
    detail: string;
}

export function adoptWorld(cfg: KiroConfig, org: OrgSnapshot, txt: TxtSet | undefined, orgUrl: string) {
    const decisions: Decision[] = [];
    const problems: string[] = [];
    const ctx: MatchContext = { cfg, org, txt, orgUrl };
    const world: World = {
        call: (token, inputs) => lookup(ctx, problems, token, inputs),
        newResource(type, name, inputs) {
            const matcher = MATCHERS[type];
            if (!matcher) return { id: toCreate(name), state: inputs };
            const { id, state, ...decision } = matcher(ctx, name, inputs);
            decisions.push({ type, name, ...decision });
            return { id, state };
        },
    };
    return { world, decisions, problems };
}
