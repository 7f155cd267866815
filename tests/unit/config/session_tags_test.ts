import assert from "node:assert/strict";
import {
  formatGoMap,
  formatGoSlice,
  parseSessionTags,
  parseTransitiveSessionTags,
} from "../../../src/config/session_tags.ts";

Deno.test("parseSessionTags() reads k=v pairs, trimming keys and values", () => {
  assert.deepEqual(
    parseSessionTags(" team = blue , cost=42,expr=a=b"),
    new Map([["team", "blue"], ["cost", "42"], ["expr", "a=b"]]),
  );
  assert.deepEqual(parseSessionTags("a=1,a=2"), new Map([["a", "2"]]));
  assert.deepEqual(parseSessionTags("a="), new Map([["a", ""]]));
});

Deno.test("parseSessionTags() rejects an element without '='", () => {
  for (const text of ["a", "a=1,b", "a=1,", ",a=1", ""]) {
    assert.equal(parseSessionTags(text), undefined, text);
  }
});

Deno.test("parseTransitiveSessionTags() trims keys and drops empty ones", () => {
  assert.deepEqual(parseTransitiveSessionTags(" a , b,,c , "), ["a", "b", "c"]);
  assert.deepEqual(parseTransitiveSessionTags(" , "), []);
});

Deno.test("formatGoMap() and formatGoSlice() print like Go's %v", () => {
  assert.equal(formatGoMap(new Map([["b", "2"], ["a", "1"]])), "map[a:1 b:2]");
  assert.equal(formatGoSlice(["x", "y"]), "[x y]");
  assert.equal(formatGoSlice([]), "[]");
});
