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
import {
  IniSyntaxError,
  kindOf,
  LineReader,
  readHeader,
  readKeyLine,
  skipSpace,
  trimmed,
} from "./ini_lines.ts";

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

/** Where a section's lines start after one of its headers (or at the top, for `DEFAULT`). */
interface Segment {
  /** Position of the first line after the header. */
  readonly from: number;
  /** Its line number. */
  readonly line: number;
  /**
   * Whether an earlier key's empty value is still open here, so that indented
   * lines before this section's first key are that key's nested values.
   */
  readonly nestedOpen: boolean;
}

/**
 * A section whose keys are read from the text the first time they are asked
 * for. Its first segment starts at `from`, on the line after its header.
 */
class LazySection implements IniSection {
  readonly name: string;
  readonly line: number;
  readonly #text: string;
  readonly #from: number;
  readonly #nestedOpen: boolean;
  /** Segments after repeated headers (rare: kept out of the common case). */
  #repeated?: Segment[];
  #keys?: Map<string, MutableKey>;

  constructor(text: string, name: string, line: number, first: Omit<Segment, "line">) {
    this.#text = text;
    this.name = name;
    this.line = line;
    this.#from = first.from;
    this.#nestedOpen = first.nestedOpen;
  }

  /** Adds the lines after a repeated header of this section. */
  addSegment(segment: Segment): void {
    (this.#repeated ??= []).push(segment);
  }

  get keys(): ReadonlyMap<string, IniKey> {
    if (this.#keys === undefined) {
      const first = { from: this.#from, line: this.line + 1, nestedOpen: this.#nestedOpen };
      this.#keys = readSectionKeys(this.#text, [first, ...this.#repeated ?? []]);
    }
    return this.#keys;
  }
}

/** Sets key `name` of `keys` (a repeated key keeps its nested values); returns it. */
function putKey(
  keys: Map<string, MutableKey>,
  name: string,
  value: string,
  line: number,
): MutableKey {
  const key = keys.get(name);
  if (key === undefined) {
    const added = { name, value, line, nestedValues: [] };
    keys.set(name, added);
    return added;
  }
  key.value = value;
  key.line = line;
  return key;
}

/**
 * Reads the keys of a section from its segments. The text was checked by
 * {@linkcode scanSections}, so nothing here can fail.
 */
function readSectionKeys(text: string, segments: readonly Segment[]): Map<string, MutableKey> {
  const keys = new Map<string, MutableKey>();
  for (const segment of segments) {
    const reader = new LineReader(text, segment.from, segment.line);
    // Nested values open at the start belong to an earlier key, read with its own section.
    let nestedOpen = segment.nestedOpen;
    let lastKey: MutableKey | undefined;
    while (!reader.eof) {
      const plain = nestedOpen ? null : reader.advancePlainMatch();
      if (plain !== null) {
        if (plain[1] !== undefined) {
          lastKey = putKey(keys, plain[1].toLowerCase(), plain[2], reader.line);
        }
        continue;
      }
      if (reader.advancePlainHeader() !== undefined) break;
      reader.advance();
      if (nestedOpen && reader.indented()) {
        lastKey?.nestedValues.push(trimmed(text, reader.start, reader.next));
        continue;
      }
      const start = skipSpace(text, reader.start, reader.next);
      const kind = kindOf(reader, start);
      if (kind === "blank") continue;
      if (kind === "header") break;
      const lineNo = reader.line;
      const { name, value } = readKeyLine(reader, start);
      lastKey = putKey(keys, name, value, lineNo);
      nestedOpen = value === "";
    }
    if (nestedOpen && lastKey !== undefined) readNestedRun(reader, lastKey);
  }
  return keys;
}

/**
 * Collects the nested values of `key` that follow the end of its section:
 * indented lines up to the next key line, across blank lines, comments and
 * other sections' headers (go-ini keeps the "empty value" state across them).
 */
function readNestedRun(reader: LineReader, key: MutableKey): void {
  while (!reader.eof) {
    reader.advance();
    if (reader.indented()) {
      key.nestedValues.push(trimmed(reader.text, reader.start, reader.next));
    } else if (kindOf(reader, skipSpace(reader.text, reader.start, reader.next)) === "key") {
      return;
    }
  }
}

/**
 * Checks the whole text and finds its sections and where their lines are,
 * reading no key: keys are read per section when first asked for.
 */
function scanSections(text: string): Map<string, LazySection> {
  const sections = new Map<string, LazySection>();
  const top = { from: 0, nestedOpen: false };
  sections.set(INI_DEFAULT_SECTION, new LazySection(text, INI_DEFAULT_SECTION, 0, top));
  // True after a key with an empty value: indented lines are then its nested values.
  let nestedOpen = false;
  const reader = new LineReader(text);
  while (!reader.eof) {
    if (!nestedOpen && reader.advancePlain()) continue;
    let name = reader.advancePlainHeader();
    if (name === undefined) {
      reader.advance();
      if (nestedOpen && reader.indented()) continue;
      const start = skipSpace(text, reader.start, reader.next);
      const kind = kindOf(reader, start);
      if (kind === "blank") continue;
      if (kind === "key") {
        nestedOpen = readKeyLine(reader, start).value === "";
        continue;
      }
      name = readHeader(reader, start);
    }
    const existing = sections.get(name);
    if (existing !== undefined) {
      existing.addSegment({ from: reader.next, line: reader.line + 1, nestedOpen });
    } else {
      sections.set(
        name,
        new LazySection(text, name, reader.line, { from: reader.next, nestedOpen }),
      );
    }
  }
  return sections;
}

/**
 * Parses INI text. `path` is used only in error messages.
 * Throws {@linkcode ConfigError} on a malformed line, for example
 * `Cannot parse "/home/me/.aws/config" line 12: expected "key = value"`.
 * The whole text is checked at once; each section's keys are read when first used.
 */
export function parseIni(text: string, path: string): IniDocument {
  try {
    return { sections: scanSections(text.startsWith("\uFEFF") ? text.slice(1) : text) };
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
