/**
 * A reference model of the INI dialect that `src/config/ini.ts` reads, for
 * differential tests: the same rules written as plainly as possible (the text
 * split into lines, each read with string methods, every section read at once)
 * and with no care for speed or for very long lines.
 *
 * @module
 */

import { ConfigError } from "../../../src/errors.ts";
import { INI_DEFAULT_SECTION, type IniDocument } from "../../../src/config/ini.ts";

interface Key {
  name: string;
  value: string;
  line: number;
  nestedValues: string[];
}

interface Section {
  name: string;
  line: number;
  keys: Map<string, Key>;
}

/** A value and the index of the last line it is on. */
type Read = [value: string, lastLine: number];

class Model {
  readonly lines: string[];
  readonly path: string;

  constructor(text: string, path: string) {
    this.lines = (text.startsWith("\uFEFF") ? text.slice(1) : text).split("\n");
    this.path = path;
  }

  fail(index: number, detail: string): never {
    throw new ConfigError(`Cannot parse "${this.path}" line ${index + 1}: ${detail}`);
  }

  /** The length of line `index` with its `\n`, if it has one. */
  fullLength(index: number, text: string): number {
    return text.length + (index < this.lines.length - 1 ? 1 : 0);
  }

  read(): Map<string, Section> {
    let section: Section = { name: INI_DEFAULT_SECTION, line: 0, keys: new Map() };
    const sections = new Map([[section.name, section]]);
    let lastKey: Key | undefined;
    let nestedOpen = false;
    for (let i = 0; i < this.lines.length; i++) {
      const raw = this.lines[i];
      if (nestedOpen && (raw.startsWith(" ") || raw.startsWith("\t"))) {
        lastKey!.nestedValues.push(raw.trim());
        continue;
      }
      const line = raw.trimStart();
      if (line === "" || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[")) {
        const close = line.lastIndexOf("]");
        if (close === -1) this.fail(i, `expected "]" at the end of section header`);
        const name = line.slice(1, close).trim();
        if (name === "") this.fail(i, "empty section name");
        section = sections.get(name) ?? { name, line: i + 1, keys: new Map() };
        sections.set(name, section);
        continue;
      }
      const [name, rest] = this.splitKey(i, line);
      const [value, last] = this.readValue(i, rest.trimStart(), name);
      lastKey = section.keys.get(name);
      if (lastKey === undefined) {
        lastKey = { name, value, line: i + 1, nestedValues: [] };
        section.keys.set(name, lastKey);
      } else {
        lastKey.value = value;
        lastKey.line = i + 1;
      }
      nestedOpen = value === "";
      i = last;
    }
    return sections;
  }

  /** The lower-cased key of key line `line` (the text of line `index` from its first non-blank) and what follows its delimiter. */
  splitKey(index: number, line: string): [string, string] {
    let quote = "";
    if (line.startsWith('"""') && this.fullLength(index, line) > 6) quote = '"""';
    else if (line.startsWith('"')) quote = '"';
    else if (line.startsWith("`")) quote = "`";
    const nameEnd = quote === "" ? 0 : line.indexOf(quote, quote.length);
    if (nameEnd === -1) this.fail(index, `expected "key = value"`);
    const delimiter = line.slice(nameEnd + quote.length).search(/[=:]/);
    if (delimiter === -1) this.fail(index, `expected "key = value"`);
    const at = nameEnd + quote.length + delimiter;
    const name = (quote === "" ? line.slice(0, at) : line.slice(quote.length, nameEnd)).trim();
    if (name === "") this.fail(index, "empty key name");
    return [name.toLowerCase(), line.slice(at + 1)];
  }

  /** The value that starts as `text` (without leading blanks) on line `index`. */
  readValue(index: number, text: string, keyName: string): Read {
    if (text === "") return ["", index];
    let quote = "";
    if (text.startsWith('"""') && this.fullLength(index, text) > 3) quote = '"""';
    else if (text.startsWith("`")) quote = "`";
    if (quote !== "") {
      const close = text.lastIndexOf(quote);
      if (close >= quote.length) return [text.slice(quote.length, close), index];
      let value = text.slice(quote.length);
      for (let i = index + 1; i < this.lines.length; i++) {
        value += "\n";
        const end = this.lines[i].lastIndexOf(quote);
        if (end !== -1) return [value + this.lines[i].slice(0, end), i];
        value += this.lines[i];
      }
      this.fail(index, `missing closing ${quote} for the value of "${keyName}"`);
    }
    let value = text.trimEnd();
    if (value.endsWith("\\")) {
      value = value.slice(0, -1);
      for (let i = index + 1; i < this.lines.length; i++) {
        const line = this.lines[i].trim();
        if (line === "") return [value, i];
        if (!line.endsWith("\\")) return [value + line, i];
        value += line.slice(0, -1);
      }
      return [value, this.lines.length - 1];
    }
    const hash = value.search(/[ \t]#/);
    const comment = hash !== -1 ? hash : value.search(/[ \t];/);
    if (comment !== -1) value = value.slice(0, comment).trimEnd();
    const lead = value[0];
    if (
      (lead === '"' || lead === "'") && value.length >= 2 &&
      value.indexOf(lead, 1) === value.length - 1
    ) {
      value = value.slice(1, -1);
    }
    return [value, index];
  }
}

/** Parses `text` by the reference model: an {@linkcode IniDocument} or the same `ConfigError`. */
export function referenceParseIni(text: string, path: string): IniDocument {
  return { sections: new Model(text, path).read() };
}
