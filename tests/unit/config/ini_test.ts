import assert from "node:assert/strict";
import { ConfigError } from "../../../src/errors.ts";
import {
  findIniKey,
  INI_DEFAULT_SECTION,
  type IniDocument,
  iniValue,
  parseIni,
} from "../../../src/config/ini.ts";

const PATH = "/home/me/.aws/config";

function values(doc: IniDocument, section: string): Record<string, string> {
  const keys = doc.sections.get(section)?.keys;
  assert.ok(keys, `section ${section} exists`);
  return Object.fromEntries([...keys.values()].map((k) => [k.name, k.value]));
}

function errorOf(text: string): ConfigError {
  try {
    parseIni(text, PATH);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error;
  }
  throw new Error("expected a ConfigError");
}

Deno.test("parseIni() reads sections and keys in file order with the implicit DEFAULT first", () => {
  const doc = parseIni("[default]\nregion = us-east-1\n\n[profile a]\nrole_arn=arn:x\n", PATH);
  assert.deepEqual([...doc.sections.keys()], [INI_DEFAULT_SECTION, "default", "profile a"]);
  assert.deepEqual(values(doc, "default"), { region: "us-east-1" });
  assert.deepEqual(values(doc, "profile a"), { role_arn: "arn:x" });
});

Deno.test("parseIni() lower-cases keys but keeps section names case-sensitive", () => {
  const doc = parseIni("[Profile X]\nREGION = eu-west-1\nMfa_Serial = m\n[profile X]\n", PATH);
  assert.deepEqual(values(doc, "Profile X"), { region: "eu-west-1", mfa_serial: "m" });
  assert.deepEqual(values(doc, "profile X"), {});
  assert.equal(doc.sections.has("profile x"), false);
});

Deno.test("parseIni() trims whitespace around section names", () => {
  const doc = parseIni("[  profile a  ]\nregion = r\n", PATH);
  assert.deepEqual(values(doc, "profile a"), { region: "r" });
});

Deno.test("parseIni() accepts `key = value`, `key=value` and `key: value`", () => {
  const doc = parseIni("[s]\na = 1\nb=2\nc: 3\nd =\ne = x = y\n", PATH);
  assert.deepEqual(values(doc, "s"), { a: "1", b: "2", c: "3", d: "", e: "x = y" });
});

Deno.test("parseIni() skips full-line # and ; comments and blank lines", () => {
  const doc = parseIni("# top\n; also\n\n[s]\n  # indented comment\n\t; tab\n\na = 1\n", PATH);
  assert.deepEqual(values(doc, "s"), { a: "1" });
});

Deno.test("parseIni() drops inline comments only after whitespace", () => {
  const doc = parseIni(
    [
      "[s]",
      "url = https://x.awsapps.com/start#/",
      "semi = a;b",
      "hash = value # comment",
      "semi2 = value ; comment",
      "tab = value\t# comment",
      'quoted = "us-east-1" # comment',
      "",
    ].join("\n"),
    PATH,
  );
  assert.deepEqual(values(doc, "s"), {
    url: "https://x.awsapps.com/start#/",
    semi: "a;b",
    hash: "value",
    semi2: "value",
    tab: "value",
    quoted: "us-east-1",
  });
});

Deno.test("parseIni() strips one pair of surrounding quotes", () => {
  const doc = parseIni(
    '[s]\nd = "double"\ns = \'single\'\nspaces = "  padded  "\ninner = "a"b"\nmixed = "a\'\nempty = ""\n',
    PATH,
  );
  assert.deepEqual(values(doc, "s"), {
    d: "double",
    s: "single",
    spaces: "  padded  ",
    inner: '"a"b"',
    mixed: "\"a'",
    empty: "",
  });
});

Deno.test("parseIni() reads triple-quoted and back-ticked values, also over several lines", () => {
  const doc = parseIni(
    [
      "[s]",
      'one = """single line"""',
      "tick = `a # not a comment`",
      'multi = """first',
      "second",
      'third"""',
      "ticks = `x",
      "y`",
      "after = ok",
      "",
    ].join("\n"),
    PATH,
  );
  assert.deepEqual(values(doc, "s"), {
    one: "single line",
    tick: "a # not a comment",
    multi: "first\nsecond\nthird",
    ticks: "x\ny",
    after: "ok",
  });
});

Deno.test("parseIni() joins lines ending with a backslash", () => {
  const doc = parseIni(
    "[s]\ncmd = one \\\n   two \\\n three\nnext = 1\nend = a\\\n\nlast = 2\n",
    PATH,
  );
  assert.deepEqual(values(doc, "s"), { cmd: "one two three", next: "1", end: "a", last: "2" });
});

Deno.test("parseIni() keeps indented lines after an empty value as nested values of that key", () => {
  const text = [
    "[default]",
    "region = us-east-1",
    "s3 =",
    "  max_concurrent_requests = 50",
    "\tsignature_version = s3v4",
    "output = json",
    "  indented_key = real",
    "",
  ].join("\n");
  const doc = parseIni(text, PATH);
  assert.deepEqual(values(doc, "default"), {
    region: "us-east-1",
    s3: "",
    output: "json",
    indented_key: "real",
  });
  const s3 = doc.sections.get("default")?.keys.get("s3");
  assert.deepEqual(s3?.nestedValues, ["max_concurrent_requests = 50", "signature_version = s3v4"]);
});

Deno.test("parseIni() handles CRLF line endings", () => {
  const doc = parseIni(
    "[profile a]\r\nregion = eu-west-1\r\n\r\nrole_arn = r # c\r\n[b]\r\n",
    PATH,
  );
  assert.deepEqual(values(doc, "profile a"), { region: "eu-west-1", role_arn: "r" });
  assert.equal(doc.sections.get("profile a")?.keys.get("role_arn")?.line, 4);
  assert.ok(doc.sections.has("b"));
});

Deno.test("parseIni() skips a UTF-8 byte order mark", () => {
  const doc = parseIni("\uFEFF[default]\nregion = r\n", PATH);
  assert.deepEqual(values(doc, "default"), { region: "r" });
});

Deno.test("parseIni() merges repeated sections, later keys winning", () => {
  const doc = parseIni("[s]\na = 1\nb = 1\n[t]\n[s]\nb = 2\nc = 3\n", PATH);
  assert.deepEqual([...doc.sections.keys()], [INI_DEFAULT_SECTION, "s", "t"]);
  assert.deepEqual(values(doc, "s"), { a: "1", b: "2", c: "3" });
  assert.equal(doc.sections.get("s")?.line, 1);
  assert.equal(doc.sections.get("s")?.keys.get("b")?.line, 6);
});

Deno.test("parseIni() records the line of every key", () => {
  const doc = parseIni('# c\n[s]\n\na = 1\nm = """x\ny"""\nb = 2\n', PATH);
  const keys = doc.sections.get("s")?.keys;
  assert.equal(keys?.get("a")?.line, 4);
  assert.equal(keys?.get("m")?.line, 5);
  assert.equal(keys?.get("b")?.line, 7);
});

Deno.test("parseIni() puts keys before the first header in DEFAULT", () => {
  const doc = parseIni("top = 1\n[s]\n", PATH);
  assert.deepEqual(values(doc, INI_DEFAULT_SECTION), { top: "1" });
});

Deno.test("parseIni() reads quoted key names", () => {
  const doc = parseIni('[s]\n"a key" = 1\n`b=c` = 2\n', PATH);
  assert.deepEqual(values(doc, "s"), { "a key": "1", "b=c": "2" });
});

Deno.test("parseIni() reports malformed lines with the file and line number", () => {
  const rows: Array<[string, string]> = [
    ["[default]\nregion = x\n[profile a\n", 'line 3: expected "]" at the end of section header'],
    ["[default]\ngarbage\n", 'line 2: expected "key = value"'],
    ["\n\n\n\n\n\n\n\n\n\n\n[s]\n  not a key\n", 'line 13: expected "key = value"'],
    ["[s]\n= value\n", "line 2: empty key name"],
    ["[s]\n[]\n", "line 2: empty section name"],
    ['[s]\na = 1\nm = """open\nnever closed\n', 'line 3: missing closing """ for the value of "m"'],
    ["[s]\r\nbad line\r\n", 'line 2: expected "key = value"'],
  ];
  for (const [text, detail] of rows) {
    assert.equal(errorOf(text).message, `Cannot parse "${PATH}" ${detail}`);
  }
  assert.equal(errorOf("x\n").code, "CONFIG");
});

Deno.test("findIniKey() falls back to dotted parent sections, skipping missing ones", () => {
  const doc = parseIni(
    "[profile a]\nregion = r-a\nmfa_serial = m-a\n[profile a.b]\nregion = r-ab\n[profile a.b.c.d]\n",
    PATH,
  );
  assert.equal(findIniKey(doc, "profile a.b.c.d", "region")?.key.value, "r-ab");
  assert.equal(findIniKey(doc, "profile a.b.c.d", "mfa_serial")?.section.name, "profile a");
  assert.equal(findIniKey(doc, "profile a.b.c.d", "role_arn"), undefined);
  assert.equal(findIniKey(doc, "profile missing", "region"), undefined);
  assert.equal(findIniKey(doc, "profile a.b", "REGION")?.key.value, "r-ab");
});

Deno.test("iniValue() expands %(name)s from the same section, then DEFAULT", () => {
  const doc = parseIni(
    [
      "account = 999",
      "[profile a]",
      "account = 111",
      "role_arn = arn:aws:iam::%(account)s:role/%(role)s",
      "role = admin",
      "[profile b]",
      "role_arn = arn:aws:iam::%(account)s:role/x",
      "self = %(self)s",
      "unknown = %(nope)s",
      "",
    ].join("\n"),
    PATH,
  );
  assert.equal(iniValue(doc, "profile a", "role_arn"), "arn:aws:iam::111:role/admin");
  assert.equal(iniValue(doc, "profile b", "role_arn"), "arn:aws:iam::999:role/x");
  assert.equal(iniValue(doc, "profile b", "self"), "%(self)s");
  assert.equal(iniValue(doc, "profile b", "unknown"), "%(nope)s");
  assert.equal(iniValue(doc, "profile b", "missing"), undefined);
});

Deno.test("parseIni() reads 5 MB lines quickly, without deep recursion", () => {
  const long = "a".repeat(5_000_000);
  const spaced = "a ".repeat(2_500_000) + "b";
  const started = Date.now();
  const doc = parseIni(
    `# ${long}\n[${long}]\nplain = ${long}\nspaced = ${spaced}\n[s]\n"${long}" = ${long} # c\n`,
    PATH,
  );
  assert.deepEqual(values(doc, long), { plain: long, spaced });
  assert.deepEqual(values(doc, "s"), { [long]: long });
  assert.equal(
    errorOf(`[s]\n${long}\n`).message,
    `Cannot parse "${PATH}" line 2: expected "key = value"`,
  );
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

Deno.test("parseIni() reads 5 MB of short lines of every kind in linear time", () => {
  const lines = (line: string) => line.repeat(Math.ceil(5_000_000 / line.length));
  const texts = [
    `[s]\n${lines("key: value\n")}`,
    `[s]\n${lines("k = v\n")}`,
    `[s]\n${lines("[s]\nk = v\n")}`,
    `[s]\ns3 =\n${lines("  n = 1\n")}`,
    `[s]\nm = """\n${lines("x\n")}"""\n`,
    `[s]\nc = a\\\n${lines("b\\\n")}`,
    lines("\n"),
  ];
  const started = Date.now();
  for (const text of texts) {
    for (const section of parseIni(text, PATH).sections.values()) section.keys.size;
  }
  assert.ok(Date.now() - started < 15_000, `took ${Date.now() - started} ms`);
  assert.equal(
    errorOf(`[s]\nm = """\n${lines("x\n")}`).message,
    `Cannot parse "${PATH}" line 2: missing closing """ for the value of "m"`,
  );
});
