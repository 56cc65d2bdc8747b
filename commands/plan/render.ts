import { isDeployed, shortType } from "../common/graph";
import type { ProgramRun, Registered } from "../common/runProgram";

/** The plan as data, and as text and Mermaid. Pure: a recorded program run in, strings out. */

export interface PlannedResource {
    type: string;
    name: string;
    settings: Record<string, unknown>;
    protect: boolean;
    retainOnDelete: boolean;
    ignoreChanges: string[];
    /** Names of the deployed resources this one waits for. */
    waitsFor: string[];
}

export interface PlannedComponent {
    type: string;
    name: string;
    resources: PlannedResource[];
}

export interface PlannedPhase {
    phase: number;
    title: string;
    reached: boolean;
    /** Config keys still to set for this phase. */
    missing: string[];
    components: PlannedComponent[];
}

export interface Plan {
    stack?: string;
    configFile: string;
    /** `scimApp`: which SCIM app the stack makes, and what switching it does. */
    scimApp: { kind: string; note: string };
    /** The program's top-level components (the stack: one KiroOkta), which every resource is under. */
    roots: { type: string; name: string }[];
    reachedPhase: number;
    phases: PlannedPhase[];
    outputs: Record<string, unknown>;
}

const PHASES = [
    { phase: 1, title: "Okta: OIDC app, authorization server, SCIM app, assignments", keys: ["assignGroups"] },
    {
        phase: 2,
        title: "Kiro profile values: domain verification record, SCIM runbook",
        keys: ["domain", "domainVerificationToken", "scimEndpoint", "scimToken"],
    },
    { phase: 3, title: "Group push to Kiro over SCIM", keys: ["pushGroups"] },
];

const PHASE_OF_COMPONENT: Record<string, number> = { "kiro:aws:DomainVerification": 2, "kiro:okta:GroupPush": 3 };

/** The inputs a reviewer checks, per resource type; other types show every input. */
const SETTINGS: Record<string, string[]> = {
    "okta:app/oAuth:OAuth": [
        "label",
        "type",
        "grantTypes",
        "responseTypes",
        "tokenEndpointAuthMethod",
        "pkceRequired",
        "refreshTokenRotation",
        "issuerMode",
        "redirectUris",
    ],
    "okta:auth/server:Server": ["name", "audiences", "issuerMode", "description"],
    "okta:auth/serverScope:ServerScope": ["name", "consent", "metadataPublish"],
    "okta:auth/serverPolicy:ServerPolicy": ["name", "clientWhitelists", "priority"],
    "okta:auth/serverPolicyRule:ServerPolicyRule": [
        "name",
        "scopeWhitelists",
        "grantTypeWhitelists",
        "groupWhitelists",
        "priority",
        "accessTokenLifetimeMinutes",
        "refreshTokenLifetimeMinutes",
        "refreshTokenWindowMinutes",
    ],
    "okta:app/saml:Saml": ["label", "preconfiguredApp", "ssoUrl", "audience", "hideWeb"],
    "okta:app/groupAssignment:GroupAssignment": ["appId", "groupId", "priority"],
    "okta:app/user:User": ["appId", "userId"],
    "okta:index/pushGroup:PushGroup": ["appId", "sourceGroupId", "deleteTargetGroupOnDestroy"],
    "aws:route53/record:Record": ["zoneId", "name", "type", "ttl", "records"],
};

/** `okta:app/oAuth:OAuth` -> `okta.app.OAuth`, as the program writes it. */

function settingsOf(r: Registered): Record<string, unknown> {
    const keys = SETTINGS[r.type] ?? Object.keys(r.inputs).sort();
    return Object.fromEntries(keys.filter((k) => r.inputs[k] !== undefined).map((k) => [k, r.inputs[k]]));
}

const SCIM_APP_NAMES: Record<string, string> = {
    "custom-saml": "custom-saml, the guide's custom SAML 2.0 app",
    catalog: "catalog, Okta's AWS IAM Identity Center catalog app (Kiro's current guide)",
};

/** What a reviewer must know before changing scimApp on a deployed stack. */
export function scimAppNote(kind: string): string {
    return (
        `SCIM app: ${SCIM_APP_NAMES[kind] ?? kind}. Changing scimApp on a deployed stack replaces the SCIM app: ` +
        "the old app is deleted and a new one created (new app ID), the assignments and pushes move to the new app, " +
        "and SCIM provisioning must be set up again on it (scimRunbook output)."
    );
}

export function buildPlan(
    run: ProgramRun,
    meta: { stack?: string; configFile: string; configured: ReadonlySet<string>; scimApp: string },
): Plan {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const components = run.resources.filter((r) => r.type.startsWith("kiro:"));
    const reachedPhase = typeof run.outputs.phase === "number" ? run.outputs.phase : 1;
    const phases = PHASES.map(({ phase, title, keys }) => ({
        phase,
        title,
        reached: phase <= reachedPhase,
        missing: keys.filter((k) => !meta.configured.has(k)),
        components: components
            .filter((c) => (PHASE_OF_COMPONENT[c.type] ?? 1) === phase)
            .map((c) => ({
                type: c.type,
                name: c.name,
                resources: run.resources
                    .filter((r) => r.parent === c.urn && isDeployed(r.type))
                    .map((r) => ({
                        type: shortType(r.type),
                        name: r.name,
                        settings: settingsOf(r),
                        protect: r.protect,
                        retainOnDelete: r.retainOnDelete,
                        ignoreChanges: r.ignoreChanges,
                        waitsFor: r.dependencies
                            .filter((d) => isDeployed(byUrn.get(d)?.type ?? ""))
                            .map((d) => byUrn.get(d)!.name)
                            .sort(),
                    })),
            })),
    }));
    return {
        stack: meta.stack,
        configFile: meta.configFile,
        scimApp: { kind: meta.scimApp, note: scimAppNote(meta.scimApp) },
        roots: run.resources.filter((r) => r.parent === "" && !isDeployed(r.type)).map((r) => ({ type: r.type, name: r.name })),
        reachedPhase,
        phases,
        outputs: run.outputs,
    };
}

function formatValue(value: unknown, indent: string): string[] {
    if (Array.isArray(value) && value.some((v) => typeof v === "string" && v.length > 30)) {
        return value.map((v) => `${indent}  - ${String(v)}`);
    }
    if (Array.isArray(value)) return [`${indent}${value.map(String).join(", ") || "(none)"}`];
    return [`${indent}${typeof value === "string" ? value : JSON.stringify(value)}`];
}

function settingLines(key: string, value: unknown, indent: string): string[] {
    const lines = formatValue(value, "");
    return lines.length === 1 && !lines[0].startsWith("  - ")
        ? [`${indent}${key}: ${lines[0]}`]
        : [`${indent}${key}:`, ...lines.map((l) => `${indent}${l}`)];
}

export function renderText(plan: Plan): string {
    const out: string[] = [];
    const where = plan.stack ? `stack ${plan.stack} (${plan.configFile})` : plan.configFile;
    out.push(`kiro-okta plan for ${where}: reaches phase ${plan.reachedPhase} of ${PHASES.length}`, plan.scimApp.note);
    for (const root of plan.roots) out.push(`Everything below is under ${root.type} ${root.name}.`);
    for (const phase of plan.phases) {
        out.push("");
        if (!phase.reached) {
            out.push(`Phase ${phase.phase}: ${phase.title}: not reached; set ${phase.missing.join(", ")}`);
            continue;
        }
        out.push(`Phase ${phase.phase}: ${phase.title}`);
        if (phase.components.length === 0) out.push("  (no resources: values for the scimRunbook output)");
        for (const component of phase.components) {
            out.push(`  ${component.type} ${component.name}`);
            for (const r of component.resources) {
                const flags = [r.protect && "protected", r.retainOnDelete && "kept on destroy"].filter(Boolean);
                out.push(`    ${r.type} ${r.name}${flags.length ? ` [${flags.join(", ")}]` : ""}`);
                for (const [key, value] of Object.entries(r.settings)) out.push(...settingLines(key, value, "      "));
                if (r.ignoreChanges.length) out.push(`      ignores changes to: ${r.ignoreChanges.join(", ")}`);
                if (r.waitsFor.length) out.push(`      waits for: ${r.waitsFor.join(", ")}`);
            }
        }
    }
    out.push("", "Outputs");
    for (const [key, value] of Object.entries(plan.outputs)) {
        if (value === undefined) continue;
        if (typeof value === "string" && value.includes("\n")) {
            out.push(`  ${key}:`, ...value.split("\n").map((l) => `    | ${l}`));
        } else if (Array.isArray(value)) {
            out.push(`  ${key}:`, ...value.map((v) => `    - ${String(v)}`));
        } else {
            out.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
        }
    }
    return out.join("\n") + "\n";
}

/** A quoted Mermaid label: each line escaped, lines joined with <br/>. */
function mermaidLabel(...lines: string[]): string {
    const escape = (line: string) => line.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
    return `"${lines.map(escape).join("<br/>")}"`;
}

/** A flowchart: phases and components as subgraphs, an edge from each resource to what waits for it. */
export function renderMermaid(plan: Plan): string {
    const ids = new Map<string, string>();
    const out = ["flowchart LR"];
    let components = 0;
    for (const phase of plan.phases.filter((p) => p.components.length > 0)) {
        out.push(`  subgraph phase${phase.phase}[${mermaidLabel(`Phase ${phase.phase}`)}]`);
        for (const component of phase.components) {
            out.push(`    subgraph c${components++}[${mermaidLabel(`${component.type.split(":").pop()} ${component.name}`)}]`);
            for (const r of component.resources) {
                const id = `r${ids.size}`;
                ids.set(r.name, id);
                out.push(`      ${id}[${mermaidLabel(r.type, r.name)}]`);
            }
            out.push("    end");
        }
        out.push("  end");
    }
    for (const phase of plan.phases) {
        for (const component of phase.components) {
            for (const r of component.resources) {
                for (const dep of r.waitsFor) {
                    if (ids.has(dep)) out.push(`  ${ids.get(dep)} --> ${ids.get(r.name)}`);
                }
            }
        }
    }
    return out.join("\n") + "\n";
}
