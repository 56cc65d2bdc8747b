import { describe, expect, it } from "vitest";
import { criticalPath } from "../commands/common/graph";

const node = (urn: string, dependencies: string[] = [], type = "okta:app/x:X") => ({ urn, type, dependencies });

describe("criticalPath", () => {
    it("is the longest chain of deployed resources", () => {
        expect(criticalPath([node("a"), node("b", ["a"]), node("c", ["b"]), node("d", ["a"])])).toEqual(["a", "b", "c"]);
    });

    it("ignores components and the stack, which are not deployed", () => {
        const nodes = [
            node("comp", [], "kiro:okta:OidcApp"),
            node("stack", [], "pulumi:pulumi:Stack"),
            node("a", ["comp", "stack"]),
            node("b", ["a"]),
        ];
        expect(criticalPath(nodes)).toEqual(["a", "b"]);
    });

    it("counts each resource once on a diamond", () => {
        expect(criticalPath([node("a"), node("b", ["a"]), node("c", ["a"]), node("d", ["b", "c"])])).toHaveLength(3);
    });

    it("is empty without resources and refuses a cycle", () => {
        expect(criticalPath([])).toEqual([]);
        expect(() => criticalPath([node("a", ["b"]), node("b", ["a"])])).toThrow("dependency cycle");
    });
});
