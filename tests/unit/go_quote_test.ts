import { assertEquals } from "../helpers/assert.ts";
import { escapeControlChars, goQuote } from "../../src/go_quote.ts";

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

Deno.test("escapeControlChars() writes invisible format characters as Go escapes, as %q does", () => {
  const cases: [string, string][] = [
    ["admin\u202etxt.exe", "admin\\u202etxt.exe"],
    ["a\u2066b\u2069c\u200fd\u061c", "a\\u2066b\\u2069c\\u200fd\\u061c"],
    ["zero\u200bwidth\u200d\ufeff\u00ad", "zero\\u200bwidth\\u200d\\ufeff\\u00ad"],
    ["line\u2028para\u2029", "line\\u2028para\\u2029"],
    ["tag\u{E0041}\u{E007F}", "tag\\U000e0041\\U000e007f"],
  ];
  for (const [text, shown] of cases) {
    assertEquals(escapeControlChars(text), shown);
    // The same escapes as Go's strconv.Quote, without its quotes.
    assertEquals(goQuote(text), `"${shown}"`);
  }
});
