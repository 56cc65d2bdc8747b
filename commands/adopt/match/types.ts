import type { KiroConfig } from "../../../components/config";
import type { OrgSnapshot } from "../org";
import type { TxtSet } from "../route53";

/** What adoption knows when the program registers a resource: the config, the org as read, the TXT set. */
export interface MatchContext {
    cfg: KiroConfig;
    org: OrgSnapshot;
    txt?: TxtSet;
    orgUrl: string;
}

/**
 * One resource the program registers, matched with what the org has: imported (with the ID
 * `pulumi import` takes, docs/okta-behaviour.md "Pulumi"), created (nothing to adopt), or blocked
 * (adopting it would be unsafe). `id` and `state` are what the program sees, as the engine would give them.
 */
export interface Match {
    action: "import" | "create" | "blocked";
    importId?: string;
    detail: string;
    id: string;
    state: Record<string, unknown>;
}

/** Matches one resource type: `name` is the resource's, `inputs` what the program gave it. */
export type Matcher = (ctx: MatchContext, name: string, inputs: Record<string, any>) => Match;

/** Placeholders for what adoption leaves to `pulumi up`: never an Okta ID. */
export const toCreate = (name: string) => `<${name}: to create>`;
export const isPlaceholder = (id: unknown) => typeof id === "string" && id.startsWith("<");

export const importing = (importId: string, detail: string[], id = importId, state: Record<string, unknown> = {}): Match => ({
    action: "import",
    importId,
    detail: detail.join("; "),
    id,
    state,
});

export const creating = (name: string, detail: string, state: Record<string, unknown> = {}): Match => ({
    action: "create",
    detail,
    id: toCreate(name),
    state,
});

/** A group's or user's name from its ID, as the config gave it. */
export const nameOf = (ids: Record<string, string | undefined>, id: string) => Object.keys(ids).find((k) => ids[k] === id) ?? id;
