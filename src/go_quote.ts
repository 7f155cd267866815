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

/**
 * C0 controls, DEL and C1 controls (what a terminal may act on instead of
 * showing), and the invisible format characters that reorder or hide text:
 * the soft hyphen, bidirectional marks, embeddings, overrides and isolates,
 * zero-width characters, line and paragraph separators, the BOM, interlinear
 * annotation marks and tag characters. A plain class, not `\p{Cf}`: a
 * Unicode-property class is costly to compile at start-up.
 */
const CONTROL_SOURCE = "[\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u180e\\u200b-\\u200f" +
  "\\u2028-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufff9-\\ufffb]|\\udb40[\\udc00-\\udc7f]";
const CONTROL = new RegExp(CONTROL_SOURCE);
const CONTROLS = new RegExp(CONTROL_SOURCE, "g");

/**
 * `text` with its control and invisible format characters (C0 such as ESC and
 * newline, DEL, C1, bidirectional overrides, zero-width spaces) written as Go
 * escapes (`\x1b`, `\n`, `\u009b`, `\u202e`, `\U000e0041`), for showing names
 * from the config file or the vault on a terminal; everything else is kept as it is.
 */
export function escapeControlChars(text: string): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x10000) return "\\U" + hex(cp, 8);
    return SHORT_ESCAPES[cp] ?? (cp < 0x80 ? "\\x" + hex(cp, 2) : "\\u" + hex(cp, 4));
  });
}
