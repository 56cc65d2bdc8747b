/**
 * How the Pulumi CLI (3.248, pinned in CI) reads an import file: the checks and the URN each entry
 * gets in pkg/cmd/pulumi/operations/import.go (parseImportFile), ported for the tests. Returns the
 * URN of each entry, by its name, or the errors the CLI would print.
 */

export interface ImportSpecLike {
    type?: string;
    name?: string;
    logicalName?: string;
    id?: string;
    parent?: string;
    provider?: string;
    component?: boolean;
    remote?: boolean;
}

const KNOWN_FIELDS = new Set([
    "type",
    "name",
    "id",
    "parent",
    "provider",
    "version",
    "pluginDownloadUrl",
    "properties",
    "component",
    "remote",
    "logicalName",
]);

export function parseImportFile(
    file: { nameTable?: Record<string, string>; resources?: ImportSpecLike[] },
    stack: string,
    project: string,
): { urns: Map<string, string>; errors: string[] } {
    const errors: string[] = [];
    const specs = (file.resources ?? []).map((s) => ({ ...s, logicalName: s.logicalName || s.name, name: s.name || s.logicalName }));
    for (const [i, s] of (file.resources ?? []).entries()) {
        for (const key of Object.keys(s))
            if (!KNOWN_FIELDS.has(key)) errors.push(`resource ${i} has a field the CLI does not read: ${key}`);
    }
    const ambiguous = new Set<string>();
    specs.forEach((s, i) => {
        if (!s.type) errors.push(`resource ${i} has no type`);
        if (!s.name) errors.push(`resource ${i} has no name`);
        if (!s.component && !s.id) errors.push(`resource '${s.name}' has no ID`);
        if (s.component && s.id) errors.push(`resource '${s.name}' has an ID, but is marked as a component`);
        if (s.remote && !s.component) errors.push(`resource '${s.name}' is marked as remote, but not as a component`);
        if (specs.slice(0, i).some((o) => o.name === s.name)) ambiguous.add(s.name!);
    });
    if (errors.length) return { urns: new Map(), errors };
    const urns = new Map<string, string>(Object.entries(file.nameTable ?? {}));
    const taken = new Set(urns.values());
    const qualifiedType = (urn: string) => urn.split("::")[2];
    let progress = true;
    while (progress && specs.some((s) => !urns.has(s.name!))) {
        progress = false;
        for (const s of specs) {
            if (urns.has(s.name!)) continue;
            let parentType = "";
            if (s.parent) {
                if (ambiguous.has(s.parent)) errors.push(`resource '${s.name}' has an ambiguous parent`);
                const parentUrn = urns.get(s.parent);
                if (!parentUrn) {
                    if (!specs.some((o) => o.name === s.parent))
                        errors.push(`the parent '${s.parent}' for resource '${s.name}' has no entry in 'nameTable'`);
                    continue;
                }
                parentType = qualifiedType(parentUrn);
            }
            const urn = `urn:pulumi:${stack}::${project}::${parentType ? `${parentType}$` : ""}${s.type}::${s.logicalName}`;
            if (taken.has(urn)) errors.push(`resource '${s.name}' has an ambiguous URN, set name (or logical name) to be unique`);
            taken.add(urn);
            urns.set(s.name!, urn);
            progress = true;
        }
        if (errors.length) break;
    }
    for (const s of specs) if (!urns.has(s.name!) && !errors.length) errors.push(`resource '${s.name}' could not be resolved`);
    return { urns, errors };
}
