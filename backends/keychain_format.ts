/**
 * The text formats of macOS `/usr/bin/security` that the keychain backend
 * reads and writes: `print_buffer` values (`"text"` with `\ooo` escapes,
 * `0xHEX` for bytes outside printable ASCII), `dump-keychain` records,
 * `find-generic-password -w` output, the command lines of interactive mode
 * (`security -i`) and the OSStatus errors behind its exit codes.
 * Pure code, no I/O.
 *
 * @module
 */

import { utf8 } from "../src/encoding.ts";

/** One item of a `dump-keychain` listing. */
export interface DumpedItem {
  /** The item class, e.g. `genp` for generic passwords. */
  itemClass: string;
  /** Attributes by tag (`acct`, `svce`, `desc`, `0x00000007` for the label); `null` for `<NULL>`. */
  attributes: Map<string, Uint8Array | null>;
}

const textDecoder = new TextDecoder();

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Decodes a value printed by `print_buffer`: `"ascii"` (backslash and
 * non-printables as `\ooo`), `0xHEX ` when no byte is printable, or
 * `0xHEX  "ascii"` when both kinds occur (the hex is then authoritative).
 * Returns `null` for `<NULL>`.
 */
export function decodePrintBuffer(printed: string): Uint8Array | null {
  const value = printed.trim();
  if (value === "<NULL>") return null;
  const hex = value.match(/^0x([0-9A-Fa-f]*)/);
  if (hex !== null && hex[1].length % 2 === 0) return hexToBytes(hex[1]);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
    const bytes: number[] = [];
    const inner = value.slice(1, -1);
    for (let i = 0; i < inner.length; i++) {
      const octal = inner[i] === "\\" ? inner.slice(i + 1, i + 4) : "";
      if (/^[0-7]{3}$/.test(octal)) {
        bytes.push(parseInt(octal, 8) & 0xff);
        i += 3;
      } else {
        bytes.push(inner.charCodeAt(i) & 0xff);
      }
    }
    return new Uint8Array(bytes);
  }
  return utf8(value);
}

const ATTRIBUTE =
  /^(.*?)<(?:string|sint32|uint32|bignum|real|timedate|blob|complex|format: -?\d+)>=(.*)$/;

/** Parses the records of `security dump-keychain` (attributes only, no `-d`/`-a`). */
export function parseDumpKeychain(output: string): DumpedItem[] {
  const items: DumpedItem[] = [];
  let current: DumpedItem | undefined;
  for (const line of output.split("\n")) {
    if (line.startsWith("keychain: ")) {
      current = { itemClass: "", attributes: new Map() };
      items.push(current);
    } else if (current !== undefined && line.startsWith("class: ")) {
      const cls = decodePrintBuffer(line.slice("class: ".length));
      current.itemClass = cls === null ? "" : textDecoder.decode(cls);
    } else if (current !== undefined && line.startsWith(" ")) {
      const m = line.trim().match(ATTRIBUTE);
      if (m === null) continue;
      const tag = decodePrintBuffer(m[1]);
      const name = tag === null
        ? ""
        : /^0x/.test(m[1].trim())
        ? m[1].trim()
        : textDecoder.decode(tag);
      current.attributes.set(name, decodePrintBuffer(m[2]));
    }
  }
  return items;
}

/** The accounts (item keys) of the generic passwords of `service` in a dump. */
export function accountsOfService(items: DumpedItem[], service: string): string[] {
  const accounts: string[] = [];
  for (const item of items) {
    if (item.itemClass !== "genp") continue;
    const svce = item.attributes.get("svce");
    const acct = item.attributes.get("acct");
    if (svce == null || acct == null || textDecoder.decode(svce) !== service) continue;
    accounts.push(textDecoder.decode(acct));
  }
  return accounts;
}

/**
 * Decodes `find-generic-password -w` output: the data followed by a newline,
 * printed raw when every byte is printable ASCII, else as lower-case hex.
 * (Raw credential JSON always contains a `{`, so it is never mistaken for hex.)
 */
export function decodePasswordOutput(stdout: Uint8Array): Uint8Array {
  const body = stdout.at(-1) === 0x0a ? stdout.subarray(0, -1) : stdout;
  const text = textDecoder.decode(body);
  if (text.length > 0 && /^(?:[0-9a-f]{2})+$/.test(text)) return hexToBytes(text);
  return body.slice();
}

/** Lower-case hex of `bytes`, as `add-generic-password -X` takes it. */
export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Quotes one argument for a `security -i` command line when it needs it:
 * double quotes, with `\\` and `"` escaped by a backslash (the tool's
 * `split_line` rules). A line break or NUL cannot be expressed, so it is refused.
 */
export function quoteInteractive(arg: string): string {
  if (/[\r\n\0]/.test(arg)) {
    throw new RangeError("a line break or NUL cannot be passed to security -i");
  }
  if (/^[A-Za-z0-9@%+=:,.\/_-]+$/.test(arg)) return arg;
  return `"${arg.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * The longest command line `security -i` reads whole: its buffer holds 4096
 * bytes with the terminating NUL, and a line of exactly 4095 leaves its
 * newline to be read as a second, empty command.
 */
export const MAX_INTERACTIVE_LINE = 4094;

/** OSStatus codes we recognise, by the exit status `security` ends with (the low byte). */
const STATUSES: Record<number, { name: string; text: string }> = {
  36: { name: "errSecInteractionNotAllowed", text: "User interaction is not allowed." },
  44: {
    name: "errSecItemNotFound",
    text: "The specified item could not be found in the keychain.",
  },
  45: { name: "errSecDuplicateItem", text: "The specified item already exists in the keychain." },
  50: { name: "errSecNoSuchKeychain", text: "The specified keychain could not be found." },
  51: { name: "errSecAuthFailed", text: "The user name or passphrase you entered is not correct." },
  128: { name: "errSecUserCanceled", text: "User canceled the operation." },
};

/** What a failed `security` run means. */
export type SecurityFailure = "not-found" | "duplicate" | "no-keychain" | "other";

/** Classifies a failed run by its exit status and the messages it printed. */
export function classifyFailure(code: number, stderr: string): SecurityFailure {
  if (code === 45 || stderr.includes("already exists in the keychain")) return "duplicate";
  if (code === 50 || stderr.includes("The specified keychain could not be found")) {
    return "no-keychain";
  }
  if (code === 44 || stderr.includes("could not be found in the keychain")) return "not-found";
  return "other";
}

/**
 * The tool's own message for a failed run, on one line: its last `security: …`
 * error line without the program prefix, else the meaning of the exit status
 * (some failures, such as a canceled unlock during `-w`, print nothing).
 */
export function failureMessage(code: number, stderr: string): string {
  const lines = stderr.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const own = lines.filter((l) => l.startsWith("security: ")).at(-1);
  if (own !== undefined) {
    return `${own.slice("security: ".length).replace(/\.$/, "")} (exit status ${code})`;
  }
  const known = STATUSES[code];
  if (known !== undefined) {
    return `${known.text.replace(/\.$/, "")} (${known.name}, exit status ${code})`;
  }
  const other = lines.filter((l) => !/: returned -?\d+$/.test(l)).at(-1);
  return `${other ?? "security printed no message"} (exit status ${code})`;
}
