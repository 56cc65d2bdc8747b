/**
 * Resource names built from Okta group names and user logins. Okta names may use any script,
 * punctuation and case, so a name must map to a resource name that is unique for every distinct
 * Okta name, the same on every run and machine, and readable where the name is ASCII.
 */

/** The lossy form kiro-okta 0.1 used: "Kiro Users" -> "kiro-users", "開発チーム" -> "x". Kept for aliases. */
export function slug(value: string): string {
    return (
        value
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, "-")
            .replace(/^-|-$/g, "") || "x"
    );
}

const SLUG_FORM = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEPT = /[A-Za-z0-9.-]/;

/**
 * A name's part of a resource name. Lower-case slug-form names ("engineering", "kiro-users") stay
 * as they are; any other name keeps its letters, digits, dots and dashes, and every other UTF-8 byte
 * becomes `_XX` (hex). Injective: a slug-form name has no `_` and no upper case, an escaped one
 * differs from its (non-slug-form) name only by escapes, and the escape is prefix-free.
 */
export function nameKey(name: string): string {
    if (SLUG_FORM.test(name)) return name;
    let out = "";
    for (const ch of name) {
        if (KEPT.test(ch)) {
            out += ch;
            continue;
        }
        for (const byte of Buffer.from(ch, "utf8")) out += `_${byte.toString(16).padStart(2, "0")}`;
    }
    return out;
}

export interface NamedResource<T> {
    item: T;
    /** The resource name to register. */
    name: string;
    /** Earlier names of the same resource, for `aliases` (empty when unchanged or ambiguous). */
    oldNames: string[];
}

/**
 * Resource names `${prefix}-${nameKey(name)}` for each item, with the 0.1 name (`${prefix}-${slug}`)
 * as an alias where it differs. A 0.1 name that several configured names share is given to none of
 * them: which one was deployed cannot be known, and two resources may not claim one alias.
 */
export function namedResources<T>(prefix: string, items: readonly T[], nameOf: (item: T) => string): NamedResource<T>[] {
    const slugCount = new Map<string, number>();
    for (const item of items) slugCount.set(slug(nameOf(item)), (slugCount.get(slug(nameOf(item))) ?? 0) + 1);
    return items.map((item) => {
        const okta = nameOf(item);
        const name = `${prefix}-${nameKey(okta)}`;
        const old = `${prefix}-${slug(okta)}`;
        const oldNames = old !== name && slugCount.get(slug(okta)) === 1 ? [old] : [];
        return { item, name, oldNames };
    });
}
