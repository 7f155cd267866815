/**
 * Validation of Go duration flag values (kingpin `Duration()` flags such as
 * `exec --duration`) with `time.ParseDuration`'s exact error messages, and the
 * rule of our own that a session duration is not negative. The value itself
 * stays text; commands convert it with `src/config/duration.ts`.
 *
 * @module
 */

import { parseGoDurationNanos } from "../config/duration.ts";

/** Quotes like Go's `time` package does in its error messages. */
function timeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x80 || cp < 0x20) {
      for (const byte of new TextEncoder().encode(ch)) {
        out += "\\x" + byte.toString(16).padStart(2, "0");
      }
    } else {
      out += (ch === '"' || ch === "\\" ? "\\" : "") + ch;
    }
  }
  return out + '"';
}

const UNIT_NAMES = new Set(["ns", "us", "\u00b5s", "\u03bcs", "ms", "s", "m", "h"]);

/** Throws `time.ParseDuration`'s error for invalid Go duration text (kingpin `Duration()` flags). */
export function checkGoDuration(text: string): void {
  if (parseGoDurationNanos(text) !== undefined) return;
  const invalid = `time: invalid duration ${timeQuote(text)}`;
  // Find which check Go fails first; anything that passes these overflowed.
  let s = text.replace(/^[-+]/, "");
  while (s !== "") {
    const number = /^([0-9]*)(\.[0-9]*)?/.exec(s)!;
    const [whole, fraction = ""] = [number[1], number[2]];
    if (whole === "" && fraction.length <= 1) throw new Error(invalid);
    if (BigInt(whole || "0") > 1n << 63n) throw new Error(invalid);
    s = s.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === "") throw new Error(`time: missing unit in duration ${timeQuote(text)}`);
    if (!UNIT_NAMES.has(unit)) {
      throw new Error(`time: unknown unit ${timeQuote(unit)} in duration ${timeQuote(text)}`);
    }
    s = s.slice(unit.length);
  }
  throw new Error(invalid);
}

/**
 * Checks `--duration`: Go duration text that is not negative. kingpin and Go accept
 * `-1h`, which aws-vault sends to STS; we refuse it here. Zero means the default, as
 * in aws-vault.
 */
export function checkSessionDuration(text: string): void {
  checkGoDuration(text);
  if (parseGoDurationNanos(text)! < 0n) {
    throw new Error(
      `Invalid --duration ${JSON.stringify(text)}: a session duration cannot be negative`,
    );
  }
}
