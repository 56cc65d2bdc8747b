import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameKey, namedResources, slug } from "../components/naming";

describe("nameKey: a resource name part for every Okta group name and login", () => {
    it.each([
        ["engineering", "engineering"],
        ["kiro-users", "kiro-users"],
        ["Kiro-Users", "Kiro-Users"],
        ["Kiro Users", "Kiro_20Users"],
        ["C++ Developers", "C_2b_2b_20Developers"],
        ["C# Developers", "C_23_20Developers"],
        ["ada@example.com", "ada_40example.com"],
        ["a_b", "a_5fb"],
        // The same bytes on every machine: UTF-8, no locale, no normalisation.
        ["開発チーム", "_e9_96_8b_e7_99_ba_e3_83_81_e3_83_bc_e3_83_a0"],
        ["営業チーム", "_e5_96_b6_e6_a5_ad_e3_83_81_e3_83_bc_e3_83_a0"],
    ])("%s -> %s", (name, key) => expect(nameKey(name)).toBe(key));

    it("distinct names get distinct keys (any script, punctuation, case)", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary", minLength: 1 }), fc.string({ unit: "binary", minLength: 1 }), (a, b) => {
                fc.pre(a !== b);
                expect(nameKey(a)).not.toBe(nameKey(b));
            }),
            { numRuns: 2000 },
        );
    });

    it("distinct names that differ only in case or punctuation get distinct keys", () => {
        const variant = fc
            .tuple(fc.stringMatching(/^[a-z]{1,8}$/), fc.constantFrom(" ", "-", "_", ".", "+", "#", "--", ""))
            .map(([w, sep]) => [w, sep] as const);
        fc.assert(
            fc.property(variant, variant, fc.boolean(), ([w1, s1], [w2, s2], upper) => {
                const a = `${w1}${s1}${w2}`;
                const b = upper ? a.toUpperCase() : `${w1}${s2}${w2}`;
                fc.pre(a !== b);
                expect(nameKey(a)).not.toBe(nameKey(b));
            }),
        );
    });

    it("keys use only letters, digits, dots, dashes and underscores", () => {
        fc.assert(
            fc.property(fc.string({ unit: "binary", minLength: 1 }), (name) => {
                expect(nameKey(name)).toMatch(/^[A-Za-z0-9._-]+$/);
            }),
        );
    });

    it("ASCII names stay readable: letters and digits are kept in order", () => {
        fc.assert(
            fc.property(fc.string({ unit: "grapheme-ascii", minLength: 1 }), (name) => {
                const kept = name.replace(/[^A-Za-z0-9]/g, "");
                expect(
                    nameKey(name)
                        .replace(/_[0-9a-f]{2}/g, "")
                        .replace(/[^A-Za-z0-9]/g, ""),
                ).toBe(kept);
            }),
        );
    });
});

describe("namedResources: names, and the 0.1 names as aliases", () => {
    const names = (items: string[]) => namedResources("kiro-oidc-group", items, (n) => n);

    it("keeps a slug-form name as it was: no alias needed", () => {
        expect(names(["engineering"])).toEqual([{ item: "engineering", name: "kiro-oidc-group-engineering", oldNames: [] }]);
    });

    it("carries the 0.1 name of a renamed resource", () => {
        expect(names(["Kiro-Users", "開発チーム"]).map((r) => [r.name, r.oldNames])).toEqual([
            ["kiro-oidc-group-Kiro-Users", ["kiro-oidc-group-kiro-users"]],
            ["kiro-oidc-group-_e9_96_8b_e7_99_ba_e3_83_81_e3_83_bc_e3_83_a0", ["kiro-oidc-group-x"]],
        ]);
    });

    it("gives a 0.1 name that several names share to none of them", () => {
        expect(
            names(["開発チーム", "営業チーム", "C++ Developers", "C# Developers", "kiro-users", "Kiro Users"]).map((r) => r.oldNames),
        ).toEqual([[], [], [], [], [], []]);
    });

    it("never gives one alias twice, nor an alias that is another resource's name", () => {
        fc.assert(
            fc.property(
                fc.uniqueArray(
                    fc.oneof(fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 6 }), fc.constantFrom("開発", "営業", "x")),
                    { maxLength: 8 },
                ),
                (items) => {
                    const named = names(items);
                    const current = named.map((r) => r.name);
                    const aliases = named.flatMap((r) => r.oldNames);
                    expect(new Set(current).size).toBe(current.length);
                    expect(new Set(aliases).size).toBe(aliases.length);
                    for (const alias of aliases) expect(current).not.toContain(alias);
                },
            ),
        );
    });

    it("an alias is always the name kiro-okta 0.1 gave", () => {
        for (const r of names(["Kiro-Users", "ada@example.com"])) expect(r.oldNames).toEqual([`kiro-oidc-group-${slug(r.item)}`]);
    });
});
