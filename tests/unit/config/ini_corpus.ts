/**
 * A corpus of INI texts for differential tests of the config reader: texts
 * assembled at random from the line shapes the go-ini dialect gives meaning to
 * (and the malformed ones), and mutations of those and of given seed texts
 * (characters inserted, removed or replaced; lines repeated, dropped or
 * swapped). Seeded, so a failure names a text that can be made again.
 * Also the canonical view of a parse that the tests compare.
 *
 * @module
 */

import type { IniDocument } from "../../../src/config/ini.ts";

/** A small fast deterministic generator (mulberry32): a float in [0, 1) per call. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

const NAMES = ["region", "REGION", "s3", "role_arn", "a", "a b", "k.x", "%(a)s", "x\u00a0y"];
const SECTIONS = [
  "default",
  "profile a",
  "profile a.b",
  "profile a.b.c",
  "s",
  "DEFAULT",
  "sso-session x",
];
const BLANKS = ["", " ", "\t", "\u00a0", "\u2028", "\v", "\f", "\r"];
const DELIMITERS = [" = ", "=", ": ", ":", " =", "= ", "=:", "\t=\t"];

/** Key names as written, quoted or not. */
const KEYS: readonly ((r: Random) => string)[] = [
  (r) => pick(r, NAMES),
  (r) => pick(r, NAMES),
  (r) => `"${pick(r, NAMES)}"`,
  (r) => `"""${pick(r, NAMES)}"""`,
  (r) => `\`${pick(r, NAMES)}\``,
  (r) => `\`${pick(r, NAMES)}=:\``,
  (r) => `"${pick(r, NAMES)}" x`,
];

/** Values that stay on their line. */
const VALUES = [
  "v",
  "us-east-1",
  "arn:aws:iam::1:role/r",
  "https://x/start#/",
  "a;b",
  "x = y",
  "value # comment",
  "value\t# comment",
  "value ; comment",
  "value ;c #d",
  "#not-a-comment",
  "; also",
  '"quoted"',
  "'single'",
  '"a"b"',
  '""',
  "''",
  '"" # c',
  "\"a'",
  '"  padded  "',
  '"""triple"""',
  '""""""',
  "`tick`",
  "`a`b`",
  "`a # b`",
  "a\\\\b",
  "%(region)s-%(a)s",
  "\u00a0v\u00a0",
  "v\r",
  "v  \t ",
];

/** Values that go on over the lines after them. */
const MULTI_LINE_VALUES = [
  "one \\\n  two \\\n three",
  "a\\\n\nb = 1",
  "\\\n  ",
  "x\\\n y\\",
  '"""first\nsecond\nthird"""',
  '"""\n[not a section]\nend""" junk',
  "`x\ny`",
  "`\n  = `",
];

/** Chunks (one line, or a line and the lines it continues on) that read without error. */
const CHUNKS: readonly ((r: Random) => string)[] = [
  (r) => pick(r, BLANKS),
  () => "# comment",
  () => "; comment",
  () => "  # indented comment",
  (r) => `[${pick(r, SECTIONS)}]`,
  (r) => `[${pick(r, SECTIONS)}]`,
  (r) => `[ ${pick(r, SECTIONS)} ]`,
  (r) => `[${pick(r, SECTIONS)}] trailing`,
  (r) => `  [${pick(r, SECTIONS)}]`,
  () => "[a]]",
  (r) => `${pick(r, NAMES)} = ${pick(r, VALUES)}`,
  (r) => `${pick(r, NAMES)} = ${pick(r, VALUES)}`,
  (r) => `${pick(r, KEYS)(r)}${pick(r, DELIMITERS)}${pick(r, VALUES)}`,
  (r) => `${pick(r, KEYS)(r)}${pick(r, DELIMITERS)}${pick(r, MULTI_LINE_VALUES)}`,
  (r) => `${pick(r, [" ", "\t", "\u00a0"])}${pick(r, NAMES)} = ${pick(r, VALUES)}`,
  (r) => `${pick(r, NAMES)}${pick(r, [" =", "=", ":", " = "])}`,
  (r) => `${pick(r, NAMES)} =\n  max = 50\n\tsig = s3v4`,
  (r) => `${pick(r, [" ", "\t"])}${pick(r, NAMES)} = 50`,
  (r) => `${pick(r, NAMES)} =${pick(r, ["\n", "\n[s]\n", "\n# c\n\n"])}  [x]\n\t# c\n plain`,
];

/** Chunks that are malformed. */
const BAD_CHUNKS: readonly ((r: Random) => string)[] = [
  () => "[a",
  () => "[]",
  () => "[ \t]",
  () => "garbage",
  (r) => `${pick(r, ['""', '"', "`", "", " "])}${pick(r, DELIMITERS)}v`,
  (r) => `${pick(r, NAMES)} = ${pick(r, ['"""open', "`open", "`", '"""'])}`,
];

function randomChunk(random: Random): string {
  return pick(random, random() < 0.03 ? BAD_CHUNKS : CHUNKS)(random);
}

/** A text of `lines` random chunks, sometimes with CRLF endings, a BOM or no final newline. */
export function randomIni(random: Random, chunks: number): string {
  const out: string[] = [];
  for (let i = 0; i < chunks; i++) out.push(randomChunk(random));
  const eol = random() < 0.15 ? "\r\n" : "\n";
  let text = out.join("\n").replaceAll("\n", eol) + (random() < 0.8 ? eol : "");
  if (random() < 0.05) text = "\uFEFF" + text;
  return text;
}

const INSERTED = [
  " ",
  "\t",
  "\n",
  "\r",
  "#",
  ";",
  "=",
  ":",
  '"',
  "'",
  "`",
  "\\",
  "[",
  "]",
  ".",
  "a",
];

/** `text` changed by one to four random edits. */
export function mutateIni(random: Random, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (out.length + 1));
    const lines = out.split("\n");
    const line = Math.floor(random() * lines.length);
    switch (Math.floor(random() * 7)) {
      case 0:
        out = out.slice(0, at) + pick(random, INSERTED) + out.slice(at);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at + 1);
        break;
      case 2:
        out = out.slice(0, at) + pick(random, INSERTED) + out.slice(at + 1);
        break;
      case 3:
        lines.splice(line, 0, lines[line]);
        out = lines.join("\n");
        break;
      case 4:
        lines.splice(line, 1);
        out = lines.join("\n");
        break;
      case 5: {
        const other = Math.floor(random() * lines.length);
        [lines[line], lines[other]] = [lines[other], lines[line]];
        out = lines.join("\n");
        break;
      }
      default:
        out = out.slice(0, at) + randomChunk(random) + "\n" + out.slice(at);
    }
  }
  return out;
}

/**
 * `count` texts from `seed`: the seed texts as given, then random texts of 1 to
 * 30 lines and mutations of seed or random texts, in turn.
 */
export function iniCorpus(count: number, seed: number, seeds: readonly string[] = []): string[] {
  const random = seededRandom(seed);
  const texts = [...seeds];
  while (texts.length < count) {
    const fresh = randomIni(random, 1 + Math.floor(random() * 30));
    texts.push(fresh);
    const base = seeds.length > 0 && random() < 0.5 ? pick(random, seeds) : fresh;
    texts.push(mutateIni(random, base));
  }
  return texts.slice(0, count);
}

/**
 * What a parse gives, as plain data: the error message, or every section with
 * its keys (name, value, line, nested values), read in file order and then in
 * reverse order from a second parse (keys may be read per section on demand).
 */
export function iniView(parse: () => IniDocument): unknown {
  const read = (doc: IniDocument, names: string[]) =>
    names.map((name) => {
      const section = doc.sections.get(name)!;
      const keys = [...section.keys.values()].map((k) => [k.name, k.value, k.line, k.nestedValues]);
      return [name, section.line, keys];
    });
  try {
    const names = [...parse().sections.keys()];
    return { names, inOrder: read(parse(), names), reversed: read(parse(), [...names].reverse()) };
  } catch (error) {
    return { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
