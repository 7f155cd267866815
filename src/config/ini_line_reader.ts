/**
 * Reading the lines of go-ini's INI dialect (see `ini.ts` for the rules): a
 * reader that walks the text one line at a time by position, tells what each
 * line holds, and reads section headers and `key = value` lines, including
 * values that continue on later lines. Every line is read by the same code;
 * nothing here backtracks, so a line of any length is read in time linear in
 * its length.
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

/** What a line holds once leading white space is skipped. */
export type LineKind = "blank" | "header" | "key";

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
function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isSpace(text.charCodeAt(from))) from++;
  return from;
}

/** The end of `[from, to)` without its trailing white space. */
function trimEnd(text: string, from: number, to: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
  return to;
}

/** Where the first `mark` that follows a space or a tab in `value` is: the position of that blank, or -1. */
function commentIn(value: string, mark: string): number {
  const space = value.indexOf(" " + mark);
  const tab = value.indexOf("\t" + mark);
  return space === -1 || (tab !== -1 && tab < space) ? tab : space;
}

/**
 * Walks a text line by line, as go-ini's reader does: a line ends at `\n`
 * (a `\r` before it is white space), and the last line is what follows the
 * last `\n`, even when empty.
 */
export class IniLineReader {
  /** The whole text (without a byte order mark). */
  readonly text: string;
  /** Where the current line starts. */
  start = 0;
  /** Where its first character that is not white space is (`end` for a blank line). */
  at = 0;
  /** Where its `\n` is (the end of the text for the last line). */
  end = 0;
  /** Where the next line starts (the end of the text after the last line). */
  next = 0;
  /** Number of the current line (1-based). */
  line = 0;
  /** Whether the current line is the last one. */
  last = false;
  #nameStart = 0;
  #nameEnd = 0;
  #valueStart = 0;
  #valueEnd = 0;

  /** Starts before the line at `from`, whose number is `line`. */
  constructor(text: string, from = 0, line = 1) {
    this.text = text;
    this.moveTo(from, line);
  }

  /** Goes back (or on) to just before the line at `from`, whose number is `line`. */
  moveTo(from: number, line: number): void {
    this.next = from;
    this.line = line - 1;
    this.last = false;
  }

  /** Moves to the next line and tells what it holds; undefined after the last line. */
  advance(): LineKind | undefined {
    if (this.last) return undefined;
    const { text } = this;
    const start = this.start = this.next;
    this.line++;
    let end = text.indexOf("\n", start);
    if (end === -1) {
      end = this.next = text.length;
      this.last = true;
    } else {
      this.next = end + 1;
    }
    this.end = end;
    let at = start;
    let lead = text.charCodeAt(at);
    if (at < end && (lead <= SPACE || lead >= 0xa0)) {
      at = skipSpace(text, start, end);
      lead = text.charCodeAt(at);
    }
    this.at = at;
    if (at === end || lead === HASH || lead === SEMICOLON) return "blank";
    return lead === OPEN_BRACKET ? "header" : "key";
  }

  /** Whether the current line starts with a space or a tab (a nested value after an empty one). */
  indented(): boolean {
    const first = this.text.charCodeAt(this.start);
    return first === SPACE || first === TAB;
  }

  /** The current line, trimmed. */
  trimmedLine(): string {
    return this.text.slice(this.start, this.end).trim();
  }

  /** The section name of the current header line: the text up to its last `]`, trimmed. */
  header(): string {
    const close = this.text.lastIndexOf("]", this.end);
    if (close < this.at) {
      throw new IniSyntaxError(this.line, `expected "]" at the end of section header`);
    }
    const name = this.text.slice(this.at + 1, close).trim();
    if (name === "") throw new IniSyntaxError(this.line, "empty section name");
    return name;
  }

  /**
   * Finds the key and the value of the current key line: a key may be quoted
   * (`"`, `"""` or a back-tick) and then contain `=` and `:`; the first `=` or
   * `:` after it delimits. Throws {@linkcode IniSyntaxError} when there is no
   * delimiter or the key is empty. Returns whether the value is plain: on this
   * line only and not empty (it does not start with a quote or a back-tick, nor
   * end with `\`), so that reading it moves to no other line and
   * {@linkcode IniLineReader.value} can wait until the value is wanted.
   */
  readKey(): boolean {
    const { text, at, end } = this;
    const first = text.charCodeAt(at);
    const quoted = first === DOUBLE_QUOTE || first === BACKTICK;
    const from = quoted ? this.#afterQuotedName(first) : at;
    let delimiter = -1;
    for (let i = from; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === EQUALS || code === COLON) {
        delimiter = i;
        break;
      }
    }
    if (delimiter === -1) throw new IniSyntaxError(this.line, `expected "key = value"`);
    if (!quoted) {
      this.#nameStart = at;
      this.#nameEnd = delimiter;
    }
    // An unquoted key starts with a character that is not white space: it is empty only when nothing precedes the delimiter.
    if (quoted ? this.#writtenName() === "" : delimiter === at) {
      throw new IniSyntaxError(this.line, "empty key name");
    }
    let start = delimiter + 1;
    let lead = text.charCodeAt(start);
    while (lead === SPACE || lead === TAB) lead = text.charCodeAt(++start);
    if (start < end && (lead <= SPACE || lead >= 0xa0)) {
      start = skipSpace(text, start, end);
      lead = text.charCodeAt(start);
    }
    let stop = end;
    const tail = text.charCodeAt(end - 1);
    if (tail <= SPACE || tail >= 0xa0) stop = trimEnd(text, start, end);
    this.#valueStart = start;
    this.#valueEnd = stop;
    return start < stop && lead !== DOUBLE_QUOTE && lead !== SINGLE_QUOTE && lead !== BACKTICK &&
      text.charCodeAt(stop - 1) !== BACKSLASH;
  }

  /**
   * Finds the quoted key name of the current line (opening with `first`):
   * returns where the text after its closing quote starts, or the end of the
   * line when it does not close on this line.
   */
  #afterQuotedName(first: number): number {
    const { text, at, end } = this;
    const quote = first === BACKTICK
      ? "`"
      : this.next - at > 6 && text.startsWith('"""', at)
      ? '"""'
      : '"';
    const nameEnd = text.indexOf(quote, at + quote.length);
    if (nameEnd === -1 || nameEnd >= end) return end;
    this.#nameStart = at + quote.length;
    this.#nameEnd = nameEnd;
    return nameEnd + quote.length;
  }

  #writtenName(): string {
    return this.text.slice(this.#nameStart, this.#nameEnd).trim();
  }

  /** The key name of the line last read by {@linkcode IniLineReader.readKey}, lower-cased. */
  name(): string {
    return this.#writtenName().toLowerCase();
  }

  /**
   * The value of the key line last read: `"""…"""` or back-ticked text taken
   * as is (over several lines when it does not close on the first), lines
   * ending with `\` joined with the following ones, an inline comment after
   * ` #` (else ` ;`) removed, then one pair of surrounding `"` or `'` removed
   * when the value holds no other. Moves to the last line the value is on.
   */
  value(): string {
    const { text } = this;
    const start = this.#valueStart;
    const end = this.#valueEnd;
    if (start === end) return "";
    let quote = "";
    if (this.next - start > 3 && text.startsWith('"""', start)) quote = '"""';
    else if (text.charCodeAt(start) === BACKTICK) quote = "`";
    if (quote !== "") {
      const close = text.lastIndexOf(quote, this.end - quote.length);
      if (close >= start + quote.length) return text.slice(start + quote.length, close);
      return this.#untilClosing(quote, start + quote.length);
    }
    if (text.charCodeAt(end - 1) === BACKSLASH) return this.#continued(text.slice(start, end - 1));
    let value = text.slice(start, end);
    let comment = value.includes("#") ? commentIn(value, "#") : -1;
    if (comment === -1 && value.includes(";")) comment = commentIn(value, ";");
    if (comment !== -1) value = value.slice(0, comment).trimEnd();
    const lead = value.charCodeAt(0);
    if (
      (lead === SINGLE_QUOTE || lead === DOUBLE_QUOTE) && value.length >= 2 &&
      value.charCodeAt(value.length - 1) === lead && value.indexOf(value[0], 1) === value.length - 1
    ) {
      return value.slice(1, -1);
    }
    return value;
  }

  /**
   * A value that did not close on its first line: the raw text from `from` up
   * to the last `quote` of the next line that holds one.
   */
  #untilClosing(quote: string, from: number): string {
    const { text } = this;
    const startLine = this.line;
    const keyName = this.name();
    // One search forward finds the line that closes, so a long unclosed value costs one pass.
    const close = this.last ? -1 : text.indexOf(quote, this.next);
    if (close === -1) {
      throw new IniSyntaxError(startLine, `missing closing ${quote} for the value of "${keyName}"`);
    }
    while (this.end < close) this.advance();
    return text.slice(from, text.lastIndexOf(quote, this.end - quote.length));
  }

  /** `value` and the trimmed lines that follow, while each ends with `\` (an empty line ends the value). */
  #continued(value: string): string {
    for (;;) {
      if (this.advance() === undefined) return value;
      const line = this.trimmedLine();
      if (line === "") return value;
      if (!line.endsWith("\\")) return value + line;
      value += line.slice(0, -1);
    }
  }
}
