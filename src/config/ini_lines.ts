/**
 * Reading the lines of go-ini's INI dialect (see `ini.ts` for the rules):
 * a line reader that walks the text by position, and the readers of section
 * headers and `key = value` lines, including values that continue on later
 * lines. Lines that are plain (most of a real file) are matched in one native
 * regular-expression step; the others are read character by character.
 *
 * @module
 */

/** A malformed line: its number and what is wrong (`parseIni` reports it as a `ConfigError`). */
export class IniSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, detail: string) {
    super(detail);
    this.name = "IniSyntaxError";
    this.line = line;
  }
}

const TAB = 9;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const SINGLE_QUOTE = 39;
const COLON = 58;
const SEMICOLON = 59;
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const BACKTICK = 96;
const UNICODE_SPACE = /\s/;

/** Whether the character code is JavaScript white space (what `trim()` and `\s` match). */
function isSpace(code: number): boolean {
  if (code === SPACE || (code >= TAB && code <= 13)) return true;
  return code >= 0xa0 && UNICODE_SPACE.test(String.fromCharCode(code));
}

/** The first position in `[from, to)` that is not white space (`to` when none). */
export function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  return from;
}

/** The end of `[from, to)` without its trailing white space. */
function trimEnd(text: string, from: number, to: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** `text.slice(from, to).trim()`. */
export function trimmed(text: string, from: number, to: number): string {
  const start = skipSpace(text, from, to);
  return text.slice(start, trimEnd(text, start, to));
}

/** The first `code` in `[from, to)` that follows a space or tab (its position minus one), or -1. */
function afterBlank(text: string, code: number, from: number, to: number): number {
  for (let i = from + 1; i < to; i++) {
    if (text.charCodeAt(i) !== code) continue;
    const before = text.charCodeAt(i - 1);
    if (before === SPACE || before === TAB) return i - 1;
  }
  return -1;
}

/**
 * Reads the text one line at a time by position, as go-ini's reader does: a
 * line is returned with its `\n`, and reading past the end gives empty lines.
 */
export class LineReader {
  /** The whole text (without a byte order mark). */
  readonly text: string;
  /** Where the current line starts. */
  start = 0;
  /** Where its `\n` is (the end of the text for the last line). */
  end = 0;
  /** Where the next line starts. */
  next: number;
  /** Number of the current line (1-based). */
  line: number;
  /** Whether the current line is the last one (it has no `\n`). */
  eof = false;
  /**
   * A blank line, a comment, or a `key = value` line whose key and value are
   * plain (no quotes, inline comment, backslash or unusual white space) and
   * whose value is not empty: lines that the general rules below would read
   * the same way, matched in one native step. For a key line, group 1 is the
   * key as written and group 2 the value. The `\n` is required.
   */
  readonly #plainLine =
    /(?:[^\S\n]*(?:[#;][^\n]*)?|[ \t]*([^\s=:"`[#;][^\s=:]*)[ \t]*[=:][ \t]*([^\s#;\\"'`](?:[ \t]*[^\s#;\\])*)[^\S\n]*)\n/y;
  /** A plain section header: no `]` in the name and nothing after it; group 1 is the name. */
  readonly #plainHeader = /\[[ \t]*([^\s\]](?:[^\S\n\]]*[^\s\]])*)[ \t]*\][^\S\n]*\n/y;

  /** Starts before the line at `from`, whose number is `line`. */
  constructor(text: string, from = 0, line = 1) {
    this.text = text;
    this.next = from;
    this.line = line - 1;
  }

  /** Moves to the next line. */
  advance(): void {
    this.line++;
    this.start = this.next;
    const newline = this.text.indexOf("\n", this.start);
    if (newline === -1) {
      this.end = this.next = this.text.length;
      this.eof = true;
    } else {
      this.end = newline;
      this.next = newline + 1;
    }
  }

  /** Reads the next line when it is a plain line (see `#plainLine`); false (not moving) otherwise. */
  advancePlain(): boolean {
    this.#plainLine.lastIndex = this.next;
    return this.#plainLine.test(this.text) && this.#moveTo(this.#plainLine.lastIndex);
  }

  /** {@linkcode LineReader.advancePlain} with the match: `[line, key, value]`; null when not plain. */
  advancePlainMatch(): RegExpExecArray | null {
    this.#plainLine.lastIndex = this.next;
    const match = this.#plainLine.exec(this.text);
    if (match !== null) this.#moveTo(this.#plainLine.lastIndex);
    return match;
  }

  /** Reads the next line when it is a plain section header; returns the section name. */
  advancePlainHeader(): string | undefined {
    this.#plainHeader.lastIndex = this.next;
    const match = this.#plainHeader.exec(this.text);
    if (match === null) return undefined;
    this.#moveTo(this.#plainHeader.lastIndex);
    return match[1];
  }

  /** Makes the line ending just before `next` the current one. */
  #moveTo(next: number): true {
    this.line++;
    this.start = this.next;
    this.next = next;
    this.end = next - 1;
    return true;
  }

  /** The current line with its `\n`. */
  raw(): string {
    return this.text.slice(this.start, this.next);
  }

  /** Whether the current line starts with a space or a tab (a nested value after an empty one). */
  indented(): boolean {
    const first = this.text.charCodeAt(this.start);
    return first === SPACE || first === TAB;
  }
}

/** What a line holds once leading white space is skipped. */
export type LineKind = "blank" | "header" | "key";

/** The kind of the current line; `start` is where its text begins. */
export function kindOf(reader: LineReader, start: number): LineKind {
  if (start === reader.next) return "blank";
  const lead = reader.text.charCodeAt(start);
  if (lead === HASH || lead === SEMICOLON) return "blank";
  return lead === OPEN_BRACKET ? "header" : "key";
}

/** The section name of the header line whose text begins at `start`. */
export function readHeader(reader: LineReader, start: number): string {
  const close = reader.text.lastIndexOf("]", reader.end);
  if (close < start) {
    throw new IniSyntaxError(reader.line, `expected "]" at the end of section header`);
  }
  const name = trimmed(reader.text, start + 1, close);
  if (name === "") throw new IniSyntaxError(reader.line, "empty section name");
  return name;
}

/** The first `=` or `:` in `[from, to)`, or -1. */
function delimiterIn(text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === EQUALS || code === COLON) return i;
  }
  return -1;
}

/** A key line's name (lower-cased) and value. */
export interface KeyLine {
  name: string;
  value: string;
}

/** Reads the key line whose text begins at `start`, and the lines its value continues on. */
export function readKeyLine(reader: LineReader, start: number): KeyLine {
  const { text, end } = reader;
  const first = text.charCodeAt(start);
  let quote = "";
  if (first === DOUBLE_QUOTE) {
    quote = reader.next - start > 6 && text.startsWith('"""', start) ? '"""' : '"';
  } else if (first === BACKTICK) {
    quote = "`";
  }
  let nameStart = start;
  let nameEnd: number;
  let delimiter: number;
  if (quote !== "") {
    nameStart = start + quote.length;
    nameEnd = text.indexOf(quote, nameStart);
    delimiter = nameEnd === -1 || nameEnd >= end
      ? -1
      : delimiterIn(text, nameEnd + quote.length, end);
  } else {
    delimiter = nameEnd = delimiterIn(text, start, end);
  }
  if (delimiter === -1) throw new IniSyntaxError(reader.line, `expected "key = value"`);
  const written = trimmed(text, nameStart, nameEnd);
  if (written === "") throw new IniSyntaxError(reader.line, "empty key name");
  const name = written.toLowerCase();
  return { name, value: readValue(reader, delimiter + 1, name) };
}

/** Reads the value that starts at `from` on the current line (and maybe on the next ones). */
function readValue(reader: LineReader, from: number, keyName: string): string {
  const { text, next } = reader;
  const start = skipSpace(text, from, next);
  if (start === next) return "";

  let quote = "";
  if (next - start > 3 && text.startsWith('"""', start)) quote = '"""';
  else if (text.charCodeAt(start) === BACKTICK) quote = "`";
  if (quote !== "") {
    const close = text.lastIndexOf(quote, next - quote.length);
    if (close >= start + quote.length) return text.slice(start + quote.length, close);
    // Multi-line value: raw lines are appended until one holds the closing quote.
    const startLine = reader.line;
    let value = text.slice(start + quote.length, next);
    for (;;) {
      reader.advance();
      const line = reader.raw();
      const end = line.lastIndexOf(quote);
      if (end !== -1) return value + line.slice(0, end);
      value += line;
      if (reader.eof) {
        throw new IniSyntaxError(
          startLine,
          `missing closing ${quote} for the value of "${keyName}"`,
        );
      }
    }
  }

  let end = trimEnd(text, start, next);
  if (text.charCodeAt(end - 1) === BACKSLASH) {
    // Continuation: trimmed following lines are appended until one does not end
    // with a backslash; an empty line ends the value (and is consumed).
    let value = text.slice(start, end - 1);
    for (;;) {
      reader.advance();
      const line = reader.raw().trim();
      if (line === "") return value;
      value += line;
      if (!value.endsWith("\\")) return value;
      value = value.slice(0, -1);
    }
  }
  // An inline comment starts at ByteNess's " #", else at " ;" (a tab counts as a space).
  let comment = afterBlank(text, HASH, start, end);
  if (comment === -1) comment = afterBlank(text, SEMICOLON, start, end);
  if (comment !== -1) end = trimEnd(text, start, comment);
  // One pair of surrounding quotes is removed when the value holds no other.
  const lead = text.charCodeAt(start);
  if (
    (lead === SINGLE_QUOTE || lead === DOUBLE_QUOTE) && end - start >= 2 &&
    text.charCodeAt(end - 1) === lead && text.indexOf(text[start], start + 1) === end - 1
  ) {
    return text.slice(start + 1, end - 1);
  }
  return text.slice(start, end);
}
