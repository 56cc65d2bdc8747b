import { isDeployed } from "../common/graph";
import type { Registered } from "../common/runProgram";
import type { Decision } from "./world";

/**
 * The file `pulumi import --file` reads (pulumi/pulumi pkg/cmd/pulumi/operations/import.go, importFile
 * and importSpec): every component the program registers (`component: true`, created empty), and
 * every resource found in the org with its import ID, each under the same parent, with the same
 * type and name as the program registers it. `name` is the key parents are referred to by; the
 * resource's own name is `logicalName`.
 */

export interface ImportSpec {
    type: string;
    name: string;
    logicalName: string;
    id?: string;
    parent?: string;
    component?: boolean;
    version?: string;
}

export interface ImportFile {
    nameTable: Record<string, string>;
    resources: ImportSpec[];
}

/** The last part of a type token: `okta:app/oAuth:OAuth` -> OAuth. */
const typeName = (type: string) => type.split(":").pop()!;

export function importFile(resources: Registered[], decisions: Decision[], versions: Record<string, string>): ImportFile {
    const decisionOf = (r: Registered) => decisions.find((d) => d.type === r.type && d.name === r.name);
    const included = resources.filter((r) => !isDeployed(r.type) || decisionOf(r)?.action === "import");
    // A name several entries share gets the type appended, as the CLI's own files do.
    const count = new Map<string, number>();
    for (const r of included) count.set(r.name, (count.get(r.name) ?? 0) + 1);
    const keyOf = new Map(included.map((r) => [r.urn, count.get(r.name)! > 1 ? `${r.name}-${typeName(r.type)}` : r.name]));
    return {
        nameTable: {},
        resources: included.map((r): ImportSpec => {
            const spec: ImportSpec = { type: r.type, name: keyOf.get(r.urn)!, logicalName: r.name };
            if (r.parent) spec.parent = keyOf.get(r.parent);
            if (!isDeployed(r.type)) return { ...spec, component: true };
            const version = versions[r.type.split(":")[0]];
            return { ...spec, id: decisionOf(r)!.importId, ...(version ? { version } : {}) };
        }),
    };
}
