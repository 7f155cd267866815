/**
 * The single INI reader (interim module: it replaces `parseIni` once shown
 * to read every text as the general path of the old reader does).
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import { INI_DEFAULT_SECTION, type IniDocument, type IniKey, type IniSection } from "./ini.ts";
import { IniLineReader, IniSyntaxError } from "./ini_line_reader.ts";

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
    this.entries = undefined;
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

/** `parseIni` on the single reader. */
export function parseIniNext(text: string, path: string): IniDocument {
  try {
    return { sections: scanSections(text.startsWith("\uFEFF") ? text.slice(1) : text) };
  } catch (error) {
    if (error instanceof IniSyntaxError) {
      throw new ConfigError(`Cannot parse "${path}" line ${error.line}: ${error.message}`);
    }
    throw error;
  }
}
