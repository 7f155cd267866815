/**
 * The file backend's file names: aws-vault's encoding of keys as file names,
 * the order in which Go lists a directory, and the names of temporary files.
 *
 * @module
 */

import { utf8 } from "../src/encoding.ts";

/**
 * The file name aws-vault uses for `key`: each UTF-8 byte of `/` and `%`
 * becomes `%` and two upper-case hex digits; everything else is kept verbatim.
 */
export function encodeFileName(key: string): string {
  if (!key.includes("/") && !key.includes("%")) return key;
  return key.replace(/[/%]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
}

/**
 * The key a file name stands for: every `%XY` with two hex digits (either
 * case) becomes that byte; all other characters are kept. Bytes that do not
 * form valid UTF-8 become U+FFFD.
 */
export function decodeFileName(name: string): string {
  if (!name.includes("%")) return name;
  const out: number[] = [];
  const raw = utf8(name);
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x25 && i + 2 < raw.length
      ? String.fromCharCode(raw[i + 1], raw[i + 2])
      : "";
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else {
      out.push(raw[i]);
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

function compareBytes(a: string, b: string): number {
  const x = utf8(a);
  const y = utf8(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i] - y[i];
  }
  return x.length - y.length;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** Sorts `names` in UTF-8 byte order (the order of Go's `os.ReadDir`). */
export function sortBytewise(names: string[]): string[] {
  // Without surrogates, UTF-16 code-unit order (the default sort) is code-point
  // order, which is UTF-8 byte order; only names with surrogates need encoding.
  return SURROGATE.test(names.join("")) ? names.sort(compareBytes) : names.sort();
}
