/**
 * Which profile names survive being written as a `[profile <name>]` header
 * and read back: the config reader splits lines at line breaks, ends a header
 * at `]`, and trims whitespace around the name, so names with control
 * characters, brackets or surrounding whitespace would come back different
 * (or break the file for every later command).
 *
 * @module
 */

import { goQuote } from "../go_quote.ts";

/** Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and brackets. */
function isBreaking(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029 ||
    ch === "[" || ch === "]";
}

/**
 * Why `name` cannot be written to the config file as a profile and read back
 * unchanged, as a detail for a message (`name contains "\n"`), or `undefined`
 * when it can.
 */
export function profileNameProblem(name: string): string | undefined {
  if (name === "") return "name is empty";
  for (const ch of name) {
    if (isBreaking(ch)) return `name contains ${goQuote(ch)}`;
  }
  // The reader trims whitespace around a section name.
  if (/^\s/.test(name)) return `name starts with ${goQuote(name[0])}`;
  if (/\s$/.test(name)) return `name ends with ${goQuote(name.at(-1)!)}`;
  return undefined;
}
