/**
 * The deploy's dependency graph: which custom resources must wait for which. Components and the
 * stack are not deployed, so they are left out; the critical path is the longest wait chain.
 */

export interface Node {
    urn: string;
    type: string;
    dependencies: string[];
}

export function isDeployed(type: string): boolean {
    return type.includes("/") && type !== "pulumi:pulumi:Stack";
}

/** The longest chain of deployed resources, each waiting for the one before it (by URN). */
export function criticalPath(nodes: readonly Node[]): string[] {
    const deployed = new Map(nodes.filter((n) => isDeployed(n.type)).map((n) => [n.urn, n]));
    const memo = new Map<string, string[]>();
    const longest = (urn: string, seen: Set<string>): string[] => {
        const cached = memo.get(urn);
        if (cached) return cached;
        if (seen.has(urn)) throw new Error(`dependency cycle through ${urn}`);
        seen.add(urn);
        let best: string[] = [];
        for (const dep of deployed.get(urn)!.dependencies) {
            if (!deployed.has(dep)) continue;
            const chain = longest(dep, seen);
            if (chain.length > best.length) best = chain;
        }
        seen.delete(urn);
        const chain = [...best, urn];
        memo.set(urn, chain);
        return chain;
    };
    let result: string[] = [];
    for (const urn of [...deployed.keys()].sort()) {
        const chain = longest(urn, new Set());
        if (chain.length > result.length) result = chain;
    }
    return result;
}

/** `okta:app/oAuth:OAuth` as `okta.app.OAuth`, the way the SDKs name it. */
export function shortType(type: string): string {
    const [pkg, module, name] = type.split(":");
    const mod = module?.split("/")[0];
    return !name ? type : mod === "index" ? `${pkg}.${name}` : `${pkg}.${mod}.${name}`;
}
