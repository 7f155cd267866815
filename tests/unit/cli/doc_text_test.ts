import { docToText, wrapWords } from "../../../src/cli/doc_text.ts";
import { goQuote } from "../../../src/go_quote.ts";
import { assertEquals } from "../../helpers/assert.ts";

// Expected outputs of Go 1.19's doc.ToText(w, text, prefix, "  "+prefix, width).
const TEXTS: [string, string, number, string][] = [
  ["Show debugging output", "", 51, "Show debugging output\n"],
  [
    "Show context-sensitive help (also try --help-long and --help-man).",
    "",
    51,
    "Show context-sensitive help (also try --help-long\nand --help-man).\n",
  ],
  // Optimal, not greedy: the break after "use," wins although "if" would fit.
  [
    "Name of secret-service collection to use, if it doesn't exist it will be created ($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)",
    "",
    51,
    "Name of secret-service collection to use,\nif it doesn't exist it will be created\n($AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME)\n",
  ],
  [
    "A vault for securely storing and accessing AWS credentials in development environments.",
    "",
    80,
    "A vault for securely storing and accessing AWS credentials in development\nenvironments.\n",
  ],
  ["Show help.", "    ", 76, "    Show help.\n"],
  ["one two\n\nthree   four", "  ", 0, "  one two\n\n  three four\n"],
  ["a very long line of words", "", -1, "a very long line of words\n"],
  ["", "", 80, ""],
  ["supercalifragilistic word", "", 5, "supercalifragilistic\nword\n"],
];

for (const [text, prefix, width, expected] of TEXTS) {
  Deno.test(`docToText() wraps ${JSON.stringify(text.slice(0, 30))} at ${width} like go/doc`, () => {
    assertEquals(docToText(text, prefix, width), expected);
  });
}

Deno.test("wrapWords() returns line starts ending with the word count", () => {
  assertEquals(wrapWords(["a"], 10), [0, 1]);
  assertEquals(wrapWords(["aa", "bb", "cc"], 5), [0, 2, 3]);
});

// Each row: text, Go's strconv.Quote of it.
const QUOTES: [string, string][] = [
  ["foo", '"foo"'],
  ["", '""'],
  ['a"b\\c', '"a\\"b\\\\c"'],
  ["a\tb\n", '"a\\tb\\n"'],
  ["\x00\x7f", '"\\x00\\x7f"'],
  ["é✓😀", '"é✓😀"'],
  ["\u00a0\u200b", '"\\u00a0\\u200b"'],
];

for (const [text, quoted] of QUOTES) {
  Deno.test(`goQuote() quotes ${JSON.stringify(text)} as ${quoted}`, () => {
    assertEquals(goQuote(text), quoted);
  });
}
