/**
 * IMDSv2 session tokens, as the EC2 instance metadata service hands them out:
 * `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: <1-21600>`
 * returns a token that later requests carry in `X-aws-ec2-metadata-token`.
 *
 * A token is 16 random bytes and its expiry time, signed with HMAC-SHA256
 * under a key that lives only in this server's memory: nothing is stored per
 * token, a token from another server (or an earlier run) is refused, and the
 * signature is compared in constant time.
 *
 * @module
 */

import { decodeBase64Url, encodeBase64Url } from "../encoding.ts";
import type { Clock } from "../platform/types.ts";
import { timingSafeEqual } from "../timing_safe_equal.ts";

/** The request header that asks for a token and its lifetime in seconds. */
export const TOKEN_TTL_HEADER = "x-aws-ec2-metadata-token-ttl-seconds";
/** The request header that carries a token. */
export const TOKEN_HEADER = "x-aws-ec2-metadata-token";
/** The longest lifetime IMDS grants a token: six hours. */
export const MAX_TOKEN_TTL_SECONDS = 21_600;

const NONCE_BYTES = 16;
const EXPIRY_BYTES = 8;
const SIGNED_BYTES = NONCE_BYTES + EXPIRY_BYTES;
const TOKEN_BYTES = SIGNED_BYTES + 32;

/** The lifetime asked for in a TTL header: whole seconds from 1 to 21600, else `undefined`. */
export function parseTokenTtl(value: string | null): number | undefined {
  if (value === null || !/^\d{1,5}$/.test(value)) return undefined;
  const seconds = Number(value);
  return seconds >= 1 && seconds <= MAX_TOKEN_TTL_SECONDS ? seconds : undefined;
}

/** Issues and checks the tokens of one metadata server. */
export class ImdsTokens {
  readonly #key: CryptoKey;
  readonly #clock: Clock;

  private constructor(key: CryptoKey, clock: Clock) {
    this.#key = key;
    this.#clock = clock;
  }

  /** Tokens signed with a new random key; `clock` decides when they expire. */
  static async create(clock: Clock): Promise<ImdsTokens> {
    const key = await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    return new ImdsTokens(key, clock);
  }

  async #sign(signed: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
    return new Uint8Array(await crypto.subtle.sign("HMAC", this.#key, signed));
  }

  /** A new token valid for `ttlSeconds` from now. */
  async issue(ttlSeconds: number): Promise<string> {
    const token = new Uint8Array(TOKEN_BYTES);
    crypto.getRandomValues(token.subarray(0, NONCE_BYTES));
    const expiry = BigInt(this.#clock.now().getTime() + ttlSeconds * 1000);
    new DataView(token.buffer).setBigUint64(NONCE_BYTES, expiry);
    token.set(await this.#sign(token.subarray(0, SIGNED_BYTES)), SIGNED_BYTES);
    return encodeBase64Url(token);
  }

  /** Whether `token` was issued by this server and has not expired. */
  async verify(token: string): Promise<boolean> {
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = new Uint8Array(decodeBase64Url(token));
    } catch {
      return false;
    }
    if (bytes.length !== TOKEN_BYTES) return false;
    const signature = await this.#sign(bytes.subarray(0, SIGNED_BYTES));
    if (!timingSafeEqual(bytes.subarray(SIGNED_BYTES), signature)) return false;
    const expiry = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(NONCE_BYTES);
    return expiry > BigInt(this.#clock.now().getTime());
  }
}
