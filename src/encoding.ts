/**
 * Byte/text encodings used across the program (UTF-8, base64, base64url).
 * Built on the runtime's native `Uint8Array` base64 support.
 *
 * @module
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

/** UTF-8 bytes of `text`. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Decodes UTF-8; throws `TypeError` on invalid bytes. */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Standard base64 with padding (Go `base64.StdEncoding`). */
export function encodeBase64(bytes: Uint8Array): string {
  return bytes.toBase64();
}

/** Decodes standard base64; throws `SyntaxError` on invalid input. */
export function decodeBase64(text: string): Uint8Array {
  return Uint8Array.fromBase64(text);
}

/** base64url without padding (Go `base64.RawURLEncoding`: RFC 4648's URL-safe alphabet, no `=`). */
export function encodeBase64Url(bytes: Uint8Array | string): string {
  const b = typeof bytes === "string" ? utf8(bytes) : bytes;
  return b.toBase64({ alphabet: "base64url", omitPadding: true });
}

/** Decodes base64url without padding; throws `SyntaxError` on invalid input. */
export function decodeBase64Url(text: string): Uint8Array {
  if (text.includes("=")) throw new SyntaxError("unexpected padding in base64url text");
  return Uint8Array.fromBase64(text, { alphabet: "base64url" });
}
