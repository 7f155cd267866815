import { assertEquals } from "../helpers/assert.ts";
import { escapeControlChars } from "../../src/go_quote.ts";

Deno.test("escapeControlChars() writes C0, DEL and C1 controls as Go escapes", () => {
  assertEquals(
    escapeControlChars("a\x00\x07\x08\t\n\x0b\x0c\r\x1b[2J\x7f\u0080\u009b\u009fz"),
    "a\\x00\\a\\b\\t\\n\\v\\f\\r\\x1b[2J\\x7f\\u0080\\u009b\\u009fz",
  );
});

Deno.test("escapeControlChars() keeps printable text, backslashes and quotes as they are", () => {
  for (const text of ["", "prod", 'a "b" \\x1b', "dé 日本 \u00a0\u{1F511}", "team/prod:a b,c"]) {
    assertEquals(escapeControlChars(text), text);
  }
});
