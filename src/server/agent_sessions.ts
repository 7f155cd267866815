/**
 * The agent's memory of decrypted items: each plaintext keyed by a hash of the
 * exact encrypted text it came from (so a changed or removed file is never
 * answered from memory), kept only for cached sessions that have not expired.
 *
 * @module
 */

import { decodeItemJson } from "../../backends/item_json.ts";
import { decryptJwe } from "../../backends/jwe.ts";
import { encodeBase64, fromUtf8 } from "../encoding.ts";
import { parseSessionKey, SESSION_TYPES } from "../store/session_keys.ts";

interface Remembered {
  plaintext: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Decrypts items with the passphrase, remembering unexpired sessions. */
export class SessionMemory {
  readonly #passphrase: string;
  readonly #now: () => number;
  readonly #items = new Map<string, Remembered>();
  /** How many requests were answered from memory. */
  hits = 0;

  constructor(passphrase: string, now: () => number) {
    this.#passphrase = passphrase;
    this.#now = now;
  }

  /** How many unexpired sessions it holds. */
  size(): number {
    this.#prune();
    return this.#items.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#items.clear();
  }

  /** The plaintext of `jwe`, from memory or decrypted now; `undefined` when it does not decrypt. */
  async plaintext(jwe: string): Promise<string | undefined> {
    this.#prune();
    const id = encodeBase64(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(jwe))),
    );
    const known = this.#items.get(id);
    if (known) {
      this.hits++;
      return known.plaintext;
    }
    let plaintext: string;
    try {
      plaintext = fromUtf8(await decryptJwe(jwe, this.#passphrase));
    } catch {
      return undefined;
    }
    const expiresAt = sessionExpiry(plaintext);
    if (expiresAt !== undefined && expiresAt > this.#now()) {
      this.#items.set(id, { plaintext, expiresAt });
    }
    return plaintext;
  }

  #prune(): void {
    const now = this.#now();
    for (const [id, item] of this.#items) if (item.expiresAt <= now) this.#items.delete(id);
  }
}

/**
 * When the session in `plaintext` expires (ms since the epoch), read from the key the
 * item itself carries (it is inside the encryption, so the client cannot choose it);
 * `undefined` for anything that is not a cached session.
 */
function sessionExpiry(plaintext: string): number | undefined {
  let key: string;
  try {
    key = decodeItemJson(plaintext).key;
  } catch {
    return undefined;
  }
  const session = parseSessionKey(key);
  if (!session || !(SESSION_TYPES as readonly string[]).includes(session.type)) return undefined;
  return session.expiration * 1000;
}
