/**
 * Compact JWE (RFC 7516) with `PBES2-HS256+A128KW` key management and
 * `A256GCM` content encryption (both from RFC 7518), exactly as aws-vault's
 * file backend writes it through jose2go. Web Crypto only, no dependencies.
 *
 * Encryption: PBKDF2-HMAC-SHA-256 over the passphrase with salt
 * `"PBES2-HS256+A128KW" || 0x00 || p2s` derives a 16-byte AES-KW key that wraps
 * a random 32-byte content key; the payload is sealed with AES-256-GCM (12-byte
 * IV, 16-byte tag) with the ASCII of the header segment as additional data.
 *
 * @module
 */

import { KeyringError } from "../src/errors.ts";
import { decodeBase64Url, encodeBase64Url, fromUtf8, utf8 } from "../src/encoding.ts";
import { goJsonStringify } from "../src/go_json.ts";

/** The key-management algorithm aws-vault uses. */
export const JWE_ALG = "PBES2-HS256+A128KW";
/** The content-encryption algorithm aws-vault uses. */
export const JWE_ENC = "A256GCM";
/** The PBKDF2 iteration count jose2go writes (and every aws-vault version reads). */
export const JWE_DEFAULT_P2C = 8192;
/** The largest `p2c` current jose2go accepts for `PBES2-HS256+A128KW`. */
export const JWE_MAX_P2C = 1_300_000;

/** Stable codes of {@linkcode JweError}. */
export type JweErrorCode =
  /** Not five segments, bad base64url, header not a JSON object, wrong part sizes. */
  | "JWE_MALFORMED"
  /** `alg`/`enc` are not the ones above, or the payload is compressed (`zip`). */
  | "JWE_UNSUPPORTED"
  /** `p2c` or `p2s` is missing or has the wrong type. */
  | "JWE_BAD_HEADER"
  /** `p2c` is outside 1..{@linkcode JWE_MAX_P2C}. */
  | "JWE_P2C_LIMIT"
  /** AES key unwrap failed its integrity check: almost always a wrong passphrase. */
  | "JWE_KEY_UNWRAP"
  /** AES-GCM authentication failed: the file was altered. */
  | "JWE_DECRYPT";

/** A compact JWE could not be produced or opened. */
export class JweError extends KeyringError {
  /** The stable code, narrowed to {@linkcode JweErrorCode}. */
  declare readonly code: JweErrorCode;
  override readonly name: string = "JweError";

  constructor(code: JweErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code });
  }
}

/** The protected header fields this module reads or writes. */
export interface JweProtectedHeader {
  alg: string;
  enc: string;
  p2c: number;
  p2s: string;
  /** aws-vault's informational creation time (Go `time.Now().String()`). */
  created?: string;
  /** Any other fields found in a header; ignored on decryption. */
  [field: string]: unknown;
}

/** Options of {@linkcode encryptJwe}, injectable for deterministic tests. */
export interface EncryptJweOptions {
  /** The clock for the `created` header field; defaults to `new Date()`. */
  now?: () => Date;
  /**
   * Source of random bytes; called for the 12-byte `p2s`, then the 32-byte
   * content key, then the 12-byte IV. Defaults to `crypto.getRandomValues`.
   */
  random?: (length: number) => Uint8Array;
  /** PBKDF2 iterations; defaults to {@linkcode JWE_DEFAULT_P2C}. */
  p2c?: number;
}

const SALT_LENGTH = 12;
const CEK_LENGTH = 32;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;
const WRAPPED_CEK_LENGTH = CEK_LENGTH + 8;

/** Copies bytes into a fresh `ArrayBuffer`-backed array, as Web Crypto wants. */
function bytes(data: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return copy;
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function defaultRandom(length: number): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(length));
}

function randomBytes(random: (length: number) => Uint8Array, length: number): Uint8Array {
  const out = random(length);
  if (out.length !== length) {
    throw new RangeError(`Random source returned ${out.length} bytes instead of ${length}`);
  }
  return out;
}

/**
 * Formats a time the way Go's `time.Time.String()` does for a UTC time
 * (`2006-01-02 15:04:05.999999999 -0700 MST`, trailing zeros of the fraction
 * dropped), without the monotonic-clock suffix.
 */
export function formatGoTime(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const ms = date.getUTCMilliseconds();
  const fraction = ms === 0 ? "" : "." + p(ms, 3).replace(/0+$/, "");
  return `${p(date.getUTCFullYear(), 4)}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}${fraction}` +
    ` +0000 UTC`;
}

async function deriveKek(
  passphrase: string,
  p2s: Uint8Array,
  p2c: number,
  usage: "wrapKey" | "unwrapKey",
): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey("raw", bytes(utf8(passphrase)), "PBKDF2", false, [
    "deriveKey",
  ]);
  const salt = concat(utf8(JWE_ALG), new Uint8Array([0]), p2s);
  return await crypto.subtle.deriveKey(
    { name: "PBKDF2", hash: "SHA-256", salt, iterations: p2c },
    base,
    { name: "AES-KW", length: 128 },
    false,
    [usage],
  );
}

function checkP2c(p2c: unknown): number {
  if (typeof p2c !== "number" || !Number.isFinite(p2c)) {
    throw new JweError(
      "JWE_BAD_HEADER",
      "Pbse2HmacAesKW.Unwrap(): expected 'p2c' param in JWT header, but was not found.",
    );
  }
  if (p2c > JWE_MAX_P2C) {
    throw new JweError(
      "JWE_P2C_LIMIT",
      `Pbse2HmacAesKW.Unwrap(): expected 'p2c' to be less than ${JWE_MAX_P2C} but got ${p2c}`,
    );
  }
  if (!Number.isInteger(p2c) || p2c < 1) {
    throw new JweError(
      "JWE_P2C_LIMIT",
      `Invalid JWE header: "p2c" must be a whole number from 1, got ${p2c}`,
    );
  }
  return p2c;
}

/**
 * Encrypts `plaintext` under `passphrase` and returns the compact JWE that
 * aws-vault writes: header keys sorted, no whitespace,
 * `{"alg":…,"created":…,"enc":"A256GCM","p2c":8192,"p2s":…}`.
 */
export async function encryptJwe(
  plaintext: Uint8Array | string,
  passphrase: string,
  options: EncryptJweOptions = {},
): Promise<string> {
  const random = options.random ?? defaultRandom;
  const p2c = checkP2c(options.p2c ?? JWE_DEFAULT_P2C);
  const now = options.now?.() ?? new Date();
  const p2s = randomBytes(random, SALT_LENGTH);
  // Go marshals a map with its keys sorted: alg, created, enc, p2c, p2s.
  const header = goJsonStringify({
    alg: JWE_ALG,
    created: formatGoTime(now),
    enc: JWE_ENC,
    p2c,
    p2s: encodeBase64Url(p2s),
  });
  const headerSegment = encodeBase64Url(header);

  const kek = await deriveKek(passphrase, p2s, p2c, "wrapKey");
  const cekBytes = bytes(randomBytes(random, CEK_LENGTH));
  const cek = await crypto.subtle.importKey("raw", cekBytes, "AES-GCM", true, ["encrypt"]);
  const wrapped = new Uint8Array(await crypto.subtle.wrapKey("raw", cek, kek, "AES-KW"));
  const iv = bytes(randomBytes(random, IV_LENGTH));
  const data = typeof plaintext === "string" ? utf8(plaintext) : plaintext;
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      {
        name: "AES-GCM",
        iv,
        additionalData: bytes(utf8(headerSegment)),
        tagLength: TAG_LENGTH * 8,
      },
      cek,
      bytes(data),
    ),
  );
  const ciphertext = sealed.subarray(0, sealed.length - TAG_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  return [headerSegment, wrapped, iv, ciphertext, tag]
    .map((part) => typeof part === "string" ? part : encodeBase64Url(part))
    .join(".");
}

function decodeSegment(segment: string, what: string): Uint8Array {
  try {
    return decodeBase64Url(segment);
  } catch (cause) {
    throw new JweError("JWE_MALFORMED", `Invalid JWE: the ${what} is not base64url`, { cause });
  }
}

function splitCompact(token: string): string[] {
  const parts = token.trim().split(".");
  if (parts.length !== 5) {
    throw new JweError(
      "JWE_MALFORMED",
      `Invalid JWE: expected 5 dot-separated parts, found ${parts.length}`,
    );
  }
  return parts;
}

function parseHeaderSegment(segment: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(fromUtf8(decodeSegment(segment, "header")));
  } catch (cause) {
    if (cause instanceof JweError) throw cause;
    throw new JweError("JWE_MALFORMED", "Invalid JWE: the header is not JSON", { cause });
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new JweError("JWE_MALFORMED", "Invalid JWE: the header is not a JSON object");
  }
  return value as Record<string, unknown>;
}

function validateHeader(header: Record<string, unknown>): JweProtectedHeader {
  if (header.alg !== JWE_ALG) {
    throw new JweError(
      "JWE_UNSUPPORTED",
      `Unsupported JWE "alg" ${JSON.stringify(header.alg ?? null)}: expected "${JWE_ALG}"`,
    );
  }
  if (header.enc !== JWE_ENC) {
    throw new JweError(
      "JWE_UNSUPPORTED",
      `Unsupported JWE "enc" ${JSON.stringify(header.enc ?? null)}: expected "${JWE_ENC}"`,
    );
  }
  if (header.zip !== undefined) {
    throw new JweError(
      "JWE_UNSUPPORTED",
      `Unsupported JWE "zip" ${JSON.stringify(header.zip)}: compressed payloads are not supported`,
    );
  }
  checkP2c(header.p2c);
  if (typeof header.p2s !== "string") {
    throw new JweError(
      "JWE_BAD_HEADER",
      "Pbse2HmacAesKW.Unwrap(): expected 'p2s' param in JWT header, but was not found",
    );
  }
  return header as JweProtectedHeader;
}

/**
 * Parses and validates the protected header of a compact JWE without
 * decrypting anything. Key order is irrelevant and unknown fields are kept.
 * Throws {@linkcode JweError}.
 */
export function parseJweHeader(token: string): JweProtectedHeader {
  return validateHeader(parseHeaderSegment(splitCompact(token)[0]));
}

/**
 * Decrypts a compact JWE written by aws-vault (or by {@linkcode encryptJwe})
 * and returns the plaintext. Surrounding whitespace is ignored. Throws
 * {@linkcode JweError}; a wrong passphrase gives code `JWE_KEY_UNWRAP` with
 * jose2go's message `aes.KeyUnwrap(): integrity check failed.`
 */
export async function decryptJwe(token: string, passphrase: string): Promise<Uint8Array> {
  const [headerSegment, keySegment, ivSegment, ctSegment, tagSegment] = splitCompact(token);
  const header = validateHeader(parseHeaderSegment(headerSegment));
  const p2s = decodeSegment(header.p2s, '"p2s" header field');
  const wrapped = decodeSegment(keySegment, "encrypted key");
  const iv = decodeSegment(ivSegment, "initialisation vector");
  const ciphertext = decodeSegment(ctSegment, "ciphertext");
  const tag = decodeSegment(tagSegment, "authentication tag");
  const sizes: [Uint8Array, number, string][] = [
    [wrapped, WRAPPED_CEK_LENGTH, "encrypted key"],
    [iv, IV_LENGTH, "initialisation vector"],
    [tag, TAG_LENGTH, "authentication tag"],
  ];
  for (const [part, size, what] of sizes) {
    if (part.length !== size) {
      throw new JweError(
        "JWE_MALFORMED",
        `Invalid JWE: the ${what} is ${part.length} bytes, expected ${size}`,
      );
    }
  }

  const kek = await deriveKek(passphrase, p2s, header.p2c, "unwrapKey");
  let cek: CryptoKey;
  try {
    cek = await crypto.subtle.unwrapKey("raw", bytes(wrapped), kek, "AES-KW", "AES-GCM", false, [
      "decrypt",
    ]);
  } catch (cause) {
    throw new JweError("JWE_KEY_UNWRAP", "aes.KeyUnwrap(): integrity check failed.", { cause });
  }
  try {
    const plaintext = await crypto.subtle.decrypt(
      {
        name: "AES-GCM",
        iv: bytes(iv),
        additionalData: bytes(utf8(headerSegment)),
        tagLength: TAG_LENGTH * 8,
      },
      cek,
      concat(ciphertext, tag),
    );
    return new Uint8Array(plaintext);
  } catch (cause) {
    throw new JweError("JWE_DECRYPT", "cipher: message authentication failed", { cause });
  }
}
