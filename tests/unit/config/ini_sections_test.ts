import assert from "node:assert/strict";
import { ConfigError } from "../../../src/errors.ts";
import { type IniDocument, parseIni } from "../../../src/config/ini.ts";

const PATH = "/home/me/.aws/config";

type KeyView = [name: string, value: string, line: number, nested: string[]];

function keysOf(doc: IniDocument, section: string): KeyView[] {
  const keys = doc.sections.get(section)?.keys;
  assert.ok(keys, `section ${section} exists`);
  return [...keys.values()].map((k) => [k.name, k.value, k.line, [...k.nestedValues]]);
}

/** Reads every section's keys in the given order and returns them by section name. */
function readInOrder(text: string, order: string[]): Record<string, KeyView[]> {
  const doc = parseIni(text, PATH);
  const out: Record<string, KeyView[]> = {};
  for (const name of order) out[name] = keysOf(doc, name);
  return out;
}

function assertSameInAnyOrder(text: string, expected: Record<string, KeyView[]>): void {
  const names = Object.keys(expected);
  for (const order of [names, [...names].reverse()]) {
    assert.deepEqual(readInOrder(text, order), expected, `reading ${order.join(", ")}`);
  }
}

Deno.test("parseIni() gives indented lines after an empty value to that key across later headers", () => {
  const text = "[a]\ns3 =\n[b]\n  x = 1\n# c\n\n  y = 2\nk = v\n  z = 3\n";
  assertSameInAnyOrder(text, {
    a: [["s3", "", 2, ["x = 1", "y = 2"]]],
    b: [["k", "v", 8], ["z", "3", 9]].map(([n, v, l]) => [n, v, l, []] as KeyView),
  });
});

Deno.test("parseIni() skips another section's nested values at the start of a repeated section", () => {
  const text = "[a]\nk = 1\n[b]\ns3 =\n[a]\n  n = 1\nm = 2\n";
  assertSameInAnyOrder(text, {
    a: [["k", "1", 2, []], ["m", "2", 7, []]],
    b: [["s3", "", 4, ["n = 1"]]],
  });
});

Deno.test("parseIni() keeps the nested values of a repeated key and of a repeated section", () => {
  const text = "[a]\ns3 =\n  one\n[b]\n[a]\ns3 =\n  two\n";
  assertSameInAnyOrder(text, { a: [["s3", "", 6, ["one", "two"]]], b: [] });
});

Deno.test("parseIni() does not take a header inside a multi-line value for a section", () => {
  const text = '[s]\nm = """x\n[not a section]\ny"""\n[t]\nk = v\nc = a \\\n[b]\n';
  const doc = parseIni(text, PATH);
  assert.deepEqual([...doc.sections.keys()], ["DEFAULT", "s", "t"]);
  assert.deepEqual(keysOf(doc, "t"), [["k", "v", 6, []], ["c", "a [b]", 7, []]]);
  assert.deepEqual(keysOf(doc, "s"), [["m", "x\n[not a section]\ny", 2, []]]);
  assert.equal(doc.sections.get("t")?.line, 5);
});

Deno.test("parseIni() reports a malformed line after many plain ones before any key is read", () => {
  const lines = ["[default]", "region = eu-west-1", ""];
  for (let i = 0; i < 300; i++) lines.push(`[profile p${i}]`, "region = us-east-1", "");
  lines.push("[profile last]", "not a key", "");
  assert.throws(
    () => parseIni(lines.join("\n"), PATH),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.message === `Cannot parse "${PATH}" line 905: expected "key = value"`,
  );
});

Deno.test("parseIni() reads lines with unusual white space, quotes or comments as plain ones would be", () => {
  const text = [
    "[s]",
    "nbsp_end = v\u00a0",
    "nbsp\u00a0= k",
    "inner = a\u00a0b",
    "tabs\t=\tv\t",
    "crlf = v\r",
    'quoted = "v"',
    "comment = v #c",
    "semi=v;x",
    "colon: a:b",
    "UPPER = Case",
    "\u00a0lead = n",
    "",
  ].join("\n");
  const doc = parseIni(text, PATH);
  assert.deepEqual(keysOf(doc, "s").map(([name, value]) => [name, value]), [
    ["nbsp_end", "v"],
    ["nbsp", "k"],
    ["inner", "a\u00a0b"],
    ["tabs", "v"],
    ["crlf", "v"],
    ["quoted", "v"],
    ["comment", "v"],
    ["semi", "v;x"],
    ["colon", "a:b"],
    ["upper", "Case"],
    ["lead", "n"],
  ]);
});
