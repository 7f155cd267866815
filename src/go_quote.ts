/**
 * Go's `strconv.Quote` (what `%q` prints), needed to reproduce kingpin's
 * messages (`expected command but got "x"`) and placeholders (`"aws-vault"`).
 *
 * @module
 */

const SHORT_ESCAPES: Readonly<Record<number, string>> = {
  0x07: "\\a",
  0x08: "\\b",
  0x0c: "\\f",
  0x0a: "\\n",
  0x0d: "\\r",
  0x09: "\\t",
  0x0b: "\\v",
};

/** Go's `unicode.IsPrint` for non-ASCII characters (letters, marks, numbers, punctuation, symbols). */
function isPrintable(ch: string): boolean {
  // Built on demand, for non-ASCII text only: compiling this Unicode-property class is
  // costly at start-up, and almost every quoted string is ASCII.
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

function hex(value: number, digits: number): string {
  return value.toString(16).padStart(digits, "0");
}

/** Quotes `text` with double quotes and Go escapes, as `strconv.Quote` does. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") {
      out += "\\" + ch;
    } else if (cp < 0x80) {
      if (cp >= 0x20 && cp < 0x7f) out += ch;
      else out += SHORT_ESCAPES[cp] ?? "\\x" + hex(cp, 2);
    } else if (isPrintable(ch)) {
      out += ch;
    } else if (cp < 0x10000) {
      out += "\\u" + hex(cp, 4);
    } else {
      out += "\\U" + hex(cp, 8);
    }
  }
  return out + '"';
}

/** C0 controls, DEL and C1 controls: what a terminal may act on instead of showing. */
// deno-lint-ignore no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// deno-lint-ignore no-control-regex -- as above
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * `text` with its control characters (C0 such as ESC and newline, DEL, C1)
 * written as Go escapes (`\x1b`, `\n`, `\u009b`), for showing names from the
 * config file or the vault on a terminal; everything else is kept as it is.
 */
export function escapeControlChars(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (ch) => {
    const cp = ch.charCodeAt(0);
    return SHORT_ESCAPES[cp] ?? (cp < 0x80 ? "\\x" + hex(cp, 2) : "\\u" + hex(cp, 4));
  });
}
