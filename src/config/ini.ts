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
import { IniLineReader, IniSyntaxError } from "./ini_line_reader.ts";

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

/**
 * A section whose keys are read from the text the first time they are asked
 * for, at the places the scan of the whole text recorded.
 */
class LazySection implements IniSection {
  readonly name: string;
  readonly line: number;
  readonly #text: string;
  /**
   * Where the scan found the section's entries, in file order: for a key
   * line its start and its line number (two numbers), for a nested value of
   * the key before it `~start` (one negative number). Undefined until the
   * first entry, so that a section without keys costs no array.
   */
  entries: number[] | undefined;
  #keys?: Map<string, MutableKey>;

  constructor(text: string, name: string, line: number) {
    this.#text = text;
    this.name = name;
    this.line = line;
  }

  get keys(): ReadonlyMap<string, IniKey> {
    if (this.#keys === undefined) this.#keys = this.#readKeys();
    return this.#keys;
  }

  /** Reads the recorded lines; they were checked by the scan, so nothing here can fail. */
  #readKeys(): Map<string, MutableKey> {
    const keys = new Map<string, MutableKey>();
    const entries = this.entries ?? [];
    const reader = new IniLineReader(this.#text);
    let last: MutableKey | undefined;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      if (entry < 0) {
        reader.moveTo(~entry, 0);
        reader.advance();
        last?.nestedValues.push(reader.trimmedLine());
        continue;
      }
      const line = entries[++i];
      reader.moveTo(entry, line);
      reader.advance();
      reader.readKey();
      const name = reader.name();
      const value = reader.value();
      last = keys.get(name);
      if (last === undefined) {
        last = { name, value, line, nestedValues: [] };
        keys.set(name, last);
      } else {
        // A repeated key takes the later value and keeps its nested values.
        last.value = value;
        last.line = line;
      }
    }
    return keys;
  }
}

/**
 * Checks the whole text and finds its sections and where their keys are,
 * reading no value that is plain (see {@linkcode IniLineReader.readKey}).
 */
function scanSections(text: string): Map<string, LazySection> {
  let section = new LazySection(text, INI_DEFAULT_SECTION, 0);
  const sections = new Map<string, LazySection>();
  sections.set(INI_DEFAULT_SECTION, section);
  // After a key with an empty value, indented lines are its nested values, across later headers.
  let nestedOpen = false;
  // The entries of the section that holds the last key, where its nested values go.
  let keyEntries: number[] = [];
  const reader = new IniLineReader(text);
  for (let kind = reader.advance(); kind !== undefined; kind = reader.advance()) {
    if (nestedOpen && reader.indented()) {
      keyEntries.push(~reader.start);
    } else if (kind === "key") {
      keyEntries = section.entries ??= [];
      keyEntries.push(reader.start, reader.line);
      nestedOpen = !reader.readKey() && reader.value() === "";
    } else if (kind === "header") {
      const name = reader.header();
      const existing = sections.get(name);
      if (existing !== undefined) {
        section = existing;
      } else {
        section = new LazySection(text, name, reader.line);
        sections.set(name, section);
      }
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
