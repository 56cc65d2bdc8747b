/** A resource-name-safe form of a group name or login: "Kiro Users" -> "kiro-users". */
export function slug(value: string): string {
    return value.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "x";
}
