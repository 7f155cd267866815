/**
 * A reader for the INI dialect of go-ini v1.67 as aws-vault configures it
 * (`AllowNestedValues`, case-insensitive keys, case-sensitive sections) with
 * ByteNess's "space before inline comment" rule, so that
 * `sso_start_url = https://x.awsapps.com/start#/` keeps its `#/`.
 *
 * Rules, in go-ini's order: an optional BOM is skipped; lines starting with
 * `#` or `;` are comments; `[name]` opens a section (a repeated section is
 * merged into the first, later keys win); `key = value` or `key: value`
 * (the first `=` or `:` delimits; keys are lower-cased; a key may be quoted
 * with `"`, `"""` or back-ticks); values may be wrapped in `"""…"""` or
 * back-ticks (possibly over several lines), end with `\` to continue on the
 * next lines, carry an inline comment after ` #` / ` ;`, and lose one pair of
 * surrounding `"` or `'`. After a key with an empty value, indented lines are
 * nested values of that key (the AWS CLI's `s3 =` blocks), not keys.
 * Keys that appear before any section belong to the implicit `DEFAULT` section,
 * which always exists and comes first.
 *
 * @module
 */

import { ConfigError } from "../errors.ts";

/** The name of go-ini's implicit section, which holds keys written before any header. */
export const INI_DEFAULT_SECTION = "DEFAULT";

/** One `key = value` entry. */
export interface IniKey {
  /** The key name, lower-cased. */
  readonly name: string;
  /** The value after unquoting, comment removal and line continuation. */
  readonly value: string;
  /** 1-based line number of the (last) assignment. */
  readonly line: number;
  /** Indented lines that followed the key when its value was empty, trimmed. */
  readonly nestedValues: readonly string[];
}

/** One `[name]` section; repeated headers are merged into one. */
export interface IniSection {
  /** The text between the brackets, trimmed; case-sensitive. */
  readonly name: string;
  /** 1-based line number of the first header (0 for the implicit `DEFAULT` section). */
  readonly line: number;
  /** Keys by lower-cased name, in order of first appearance. */
  readonly keys: ReadonlyMap<string, IniKey>;
}

/** A parsed INI file. */
export interface IniDocument {
  /** Sections by name, in order of first appearance; `DEFAULT` is always first. */
  readonly sections: ReadonlyMap<string, IniSection>;
}

interface MutableKey {
  name: string;
  value: string;
  line: number;
  nestedValues: string[];
}

interface MutableSection {
  name: string;
  line: number;
  keys: Map<string, MutableKey>;
}

/** Reads the text one line at a time, keeping each line's `\n` as go-ini's reader does. */
class LineReader {
  #text: string;
  #pos = 0;
  /** Number of the line most recently returned (1-based). */
  line = 0;
  eof = false;

  constructor(text: string) {
    this.#text = text;
  }

  next(): string {
    this.line++;
    const end = this.#text.indexOf("\n", this.#pos);
    if (end === -1) {
      const rest = this.#text.slice(this.#pos);
      this.#pos = this.#text.length;
      this.eof = true;
      return rest;
    }
    const line = this.#text.slice(this.#pos, end + 1);
    this.#pos = end + 1;
    return line;
  }
}

/** The result of reading a key name: the name and where its value starts. */
interface KeyName {
  name: string;
  valueStart: number;
}

function readKeyName(line: string): KeyName | undefined {
  let quote = "";
  if (line.startsWith('"')) quote = line.length > 6 && line.startsWith('"""') ? '"""' : '"';
  else if (line.startsWith("`")) quote = "`";
  if (quote !== "") {
    const close = line.indexOf(quote, quote.length);
    if (close === -1) return undefined;
    const rest = line.slice(close + quote.length);
    const delimiter = rest.search(/[=:]/);
    if (delimiter === -1) return undefined;
    return {
      name: line.slice(quote.length, close).trim(),
      valueStart: close + quote.length + delimiter + 1,
    };
  }
  const delimiter = line.search(/[=:]/);
  if (delimiter === -1) return undefined;
  return { name: line.slice(0, delimiter).trim(), valueStart: delimiter + 1 };
}

/** True when `text` is wrapped in `quote` and contains no other `quote`. */
function hasSurroundedQuote(text: string, quote: string): boolean {
  return text.length >= 2 && text.startsWith(quote) && text.endsWith(quote) &&
    text.indexOf(quote, 1) === text.length - 1;
}

/** Where an inline comment starts: ByteNess's rule, ` #` before ` ;` (a tab counts as a space). */
function inlineCommentStart(text: string): number {
  const hash = text.search(/[ \t]#/);
  return hash !== -1 ? hash : text.search(/[ \t];/);
}

/** A parse failure, turned into a {@linkcode ConfigError} by {@linkcode parseIni}. */
class IniSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, detail: string) {
    super(detail);
    this.line = line;
  }
}

function readValue(raw: string, reader: LineReader, keyName: string): string {
  const startLine = reader.line;
  const line = raw.replace(/^\s+/, "");
  if (line === "") return "";

  let quote = "";
  if (line.length > 3 && line.startsWith('"""')) quote = '"""';
  else if (line.startsWith("`")) quote = "`";
  if (quote !== "") {
    const close = line.lastIndexOf(quote);
    if (close >= quote.length) return line.slice(quote.length, close);
    // Multi-line value: raw lines are appended until one holds the closing quote.
    let value = line.slice(quote.length);
    for (;;) {
      const next = reader.next();
      const end = next.lastIndexOf(quote);
      if (end !== -1) return value + next.slice(0, end);
      value += next;
      if (reader.eof) {
        throw new IniSyntaxError(
          startLine,
          `missing closing ${quote} for the value of "${keyName}"`,
        );
      }
    }
  }

  let value = line.trim();
  if (value.endsWith("\\")) {
    // Continuation: trimmed following lines are appended until one does not end
    // with a backslash; an empty line ends the value (and is consumed).
    value = value.slice(0, -1);
    for (;;) {
      const next = reader.next().trim();
      if (next === "") break;
      value += next;
      if (!value.endsWith("\\")) break;
      value = value.slice(0, -1);
    }
    return value;
  }

  const comment = inlineCommentStart(value);
  if (comment !== -1) value = value.slice(0, comment).trim();
  if (hasSurroundedQuote(value, "'") || hasSurroundedQuote(value, '"')) {
    value = value.slice(1, -1);
  }
  return value;
}

function parseLines(text: string): Map<string, MutableSection> {
  const sections = new Map<string, MutableSection>();
  let section: MutableSection = { name: INI_DEFAULT_SECTION, line: 0, keys: new Map() };
  sections.set(section.name, section);
  let lastKey: MutableKey | undefined;
  let lastValueEmpty = false;
  const reader = new LineReader(text.startsWith("\uFEFF") ? text.slice(1) : text);

  while (!reader.eof) {
    const raw = reader.next();
    if (lastValueEmpty && lastKey !== undefined && (raw[0] === " " || raw[0] === "\t")) {
      lastKey.nestedValues.push(raw.trim());
      continue;
    }
    const line = raw.replace(/^\s+/, "");
    if (line === "" || line[0] === "#" || line[0] === ";") continue;

    if (line[0] === "[") {
      const close = line.lastIndexOf("]");
      if (close === -1) {
        throw new IniSyntaxError(reader.line, `expected "]" at the end of section header`);
      }
      const name = line.slice(1, close).trim();
      if (name === "") throw new IniSyntaxError(reader.line, "empty section name");
      const existing = sections.get(name);
      if (existing !== undefined) {
        section = existing;
      } else {
        section = { name, line: reader.line, keys: new Map() };
        sections.set(name, section);
      }
      continue;
    }

    const lineNo = reader.line;
    const keyName = readKeyName(line);
    if (keyName === undefined) throw new IniSyntaxError(lineNo, `expected "key = value"`);
    if (keyName.name === "") throw new IniSyntaxError(lineNo, "empty key name");
    const name = keyName.name.toLowerCase();
    const value = readValue(line.slice(keyName.valueStart), reader, name);
    lastValueEmpty = value === "";
    let key = section.keys.get(name);
    if (key === undefined) {
      key = { name, value, line: lineNo, nestedValues: [] };
      section.keys.set(name, key);
    } else {
      key.value = value;
      key.line = lineNo;
    }
    lastKey = key;
  }
  return sections;
}

/**
 * Parses INI text. `path` is used only in error messages.
 * Throws {@linkcode ConfigError} on a malformed line, for example
 * `Cannot parse "/home/me/.aws/config" line 12: expected "key = value"`.
 */
export function parseIni(text: string, path: string): IniDocument {
  try {
    return { sections: parseLines(text) };
  } catch (error) {
    if (error instanceof IniSyntaxError) {
      throw new ConfigError(`Cannot parse "${path}" line ${error.line}: ${error.message}`);
    }
    throw error;
  }
}

/** A key found by {@linkcode findIniKey}, with the section that holds it. */
export interface IniKeyMatch {
  /** The section the key was found in (the requested one or a dotted parent). */
  readonly section: IniSection;
  /** The key. */
  readonly key: IniKey;
}

/**
 * Looks a key up in a section the way go-ini does: when the section lacks it,
 * the "parent" sections named by the text before each last `.` are searched
 * in turn (`[profile a.b.c]` → `[profile a.b]` → `[profile a]`).
 */
export function findIniKey(
  doc: IniDocument,
  sectionName: string,
  keyName: string,
): IniKeyMatch | undefined {
  const name = keyName.toLowerCase();
  let current = sectionName;
  let section = doc.sections.get(current);
  if (section === undefined) return undefined;
  for (;;) {
    const key = section.keys.get(name);
    if (key !== undefined) return { section, key };
    let parent: IniSection | undefined;
    while (parent === undefined) {
      const dot = current.lastIndexOf(".");
      if (dot === -1) return undefined;
      current = current.slice(0, dot);
      parent = doc.sections.get(current);
    }
    section = parent;
  }
}

const INTERPOLATION = /%\(([^)]+)\)s/;
const MAX_INTERPOLATIONS = 99;

/**
 * The value of a key as go-ini's `Key.String()` returns it: found with
 * {@linkcode findIniKey}, then with `%(name)s` references replaced by the value
 * of `name` in the same section (or, failing that or for a self-reference,
 * in `DEFAULT`), up to 99 times. `undefined` when the key does not exist.
 */
export function iniValue(
  doc: IniDocument,
  sectionName: string,
  keyName: string,
): string | undefined {
  const match = findIniKey(doc, sectionName, keyName);
  if (match === undefined) return undefined;
  let value = match.key.value;
  for (let i = 0; i < MAX_INTERPOLATIONS && value.includes("%"); i++) {
    const reference = INTERPOLATION.exec(value);
    if (reference === null) break;
    let found = findIniKey(doc, match.section.name, reference[1]);
    if (found === undefined || found.key === match.key) {
      found = findIniKey(doc, INI_DEFAULT_SECTION, reference[1]);
      if (found === undefined) break;
    }
    value = value.replaceAll(reference[0], found.key.value);
  }
  return value;
}
