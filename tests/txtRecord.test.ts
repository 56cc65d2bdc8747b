import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { foreignTxtValues, fromRoute53TxtValue, mergeTxtValues, sameDnsName, zoneCandidates } from "../components/txtRecord";

const txtValue = fc.stringMatching(/^[a-z0-9=._-]{1,40}$/);

describe("mergeTxtValues", () => {
    it("adds the token after the values already there", () => {
        expect(mergeTxtValues(["v=spf1 include:_spf.google.com ~all", "google-site-verification=abc"], "kiro=1")).toEqual([
            "v=spf1 include:_spf.google.com ~all",
            "google-site-verification=abc",
            "kiro=1",
        ]);
    });

    it("is the token alone for an empty set", () => {
        expect(mergeTxtValues([], "kiro=1")).toEqual(["kiro=1"]);
    });

    it("keeps every existing value, in order, and holds the token once", () => {
        fc.assert(
            fc.property(fc.array(txtValue, { maxLength: 8 }), txtValue, (existing, token) => {
                const merged = mergeTxtValues(existing, token);
                expect(merged.filter((v) => v === token)).toHaveLength(1);
                const others = [...new Set(existing)].filter((v) => v !== token);
                expect(merged.filter((v) => v !== token)).toEqual(others);
                expect(merged.slice(0, new Set(existing).size)).toEqual([...new Set(existing)]);
            }),
        );
    });

    it("is idempotent: a run after `up` reads back its own set and changes nothing", () => {
        fc.assert(
            fc.property(fc.array(txtValue, { maxLength: 8 }), txtValue, (existing, token) => {
                const once = mergeTxtValues(existing, token);
                expect(mergeTxtValues(once, token)).toEqual(once);
            }),
        );
    });

    it("foreignTxtValues is what the stack does not own", () => {
        expect(foreignTxtValues(["a", "kiro=1", "a"], "kiro=1")).toEqual(["a"]);
        expect(foreignTxtValues(["kiro=1"], "kiro=1")).toEqual([]);
    });
});

describe("fromRoute53TxtValue", () => {
    it.each([
        ['"v=spf1 -all"', "v=spf1 -all"],
        ['"first255" "rest"', 'first255""rest'],
        ['"a"  "b" "c"', 'a""b""c'],
        ["unquoted", "unquoted"],
        ['""', ""],
    ])("%s -> %s", (api, stored) => expect(fromRoute53TxtValue(api)).toBe(stored));

    it("round-trips any value Route53 quotes", () => {
        fc.assert(
            fc.property(txtValue, (v) => {
                expect(fromRoute53TxtValue(`"${v}"`)).toBe(v);
            }),
        );
    });
});

describe("zones and names", () => {
    it("zoneCandidates walks up to the registrable domain", () => {
        expect(zoneCandidates("a.b.example.com")).toEqual(["a.b.example.com", "b.example.com", "example.com"]);
        expect(zoneCandidates("example.com")).toEqual(["example.com"]);
    });

    it("sameDnsName compares Route53's listing form with a config name", () => {
        expect(sameDnsName("example.com.", "Example.com")).toBe(true);
        expect(sameDnsName("\\052.example.com.", "*.example.com")).toBe(true);
        expect(sameDnsName("www.example.com.", "example.com")).toBe(false);
    });
});
