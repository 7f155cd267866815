/**
 * Cached STS sessions in the keyring, byte-compatible with aws-vault: the
 * same key names, labels and JSON, looked up whatever their expiry, and the
 * same housekeeping (old-format and expired sessions are deleted).
 *
 * @module
 */

import type { Keyring } from "../../backends/types.ts";
import type { Credentials } from "../aws_credentials.ts";
import { fromUtf8, utf8 } from "../encoding.ts";
import { KeyringItemCorruptError } from "../errors.ts";
import { goJsonStringify, lookupField } from "../go_json.ts";
import { parseRfc3339, rfc3339, rfc3339Nano } from "../time_format.ts";
import type { Logger } from "../platform/types.ts";
import { KeyListing } from "./key_listing.ts";
import {
  formatSessionKey,
  isOidcKey,
  isOldSessionKey,
  parseSessionKey,
  type SessionKey,
  sessionKeyPrefix,
  sessionKeysOf,
} from "./session_keys.ts";

/** A session key as found in the keyring, with its raw key string. */
export interface StoredSession extends SessionKey {
  key: string;
}

/** The data aws-vault writes for a session (the STS `types.Credentials` struct). */
export function encodeSessionCredentials(creds: Credentials): Uint8Array {
  return utf8(goJsonStringify({
    AccessKeyId: creds.accessKeyId,
    Expiration: creds.expiration ? rfc3339Nano(creds.expiration) : null,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken ?? null,
  }));
}

/** Parses session data; `undefined` when unusable (aws-vault treats that as "not found"). */
export function decodeSessionCredentials(data: Uint8Array): Credentials | undefined {
  try {
    const obj = JSON.parse(fromUtf8(data)) as Record<string, unknown>;
    const accessKeyId = lookupField(obj, "AccessKeyId");
    const secretAccessKey = lookupField(obj, "SecretAccessKey");
    const sessionToken = lookupField(obj, "SessionToken");
    const expiration = lookupField(obj, "Expiration");
    if (typeof accessKeyId !== "string" || typeof secretAccessKey !== "string") return undefined;
    const creds: Credentials = { accessKeyId, secretAccessKey };
    if (typeof sessionToken === "string" && sessionToken !== "") creds.sessionToken = sessionToken;
    if (typeof expiration === "string") {
      const date = parseRfc3339(expiration);
      if (!date) return undefined;
      creds.expiration = date;
    }
    return creds;
  } catch {
    return undefined;
  }
}

/** Whether `key` is an expired session or one in a retired format (both are purged). */
function isStaleKey(key: string, now: Date): boolean {
  const parsed = parseSessionKey(key);
  return parsed ? parsed.expiration * 1000 < now.getTime() : isOldSessionKey(key);
}

/** The first of `keys` that holds the session of (type, profile, mfa), whatever its expiry. */
function findSessionKey(
  keys: readonly string[],
  type: string,
  profile: string,
  mfaSerial: string,
): string | undefined {
  const prefix = sessionKeyPrefix(type, profile, mfaSerial);
  return keys.find((k) => k.startsWith(prefix));
}

/** Sessions on top of a keyring. */
export class SessionStore {
  readonly #keyring: Keyring;
  readonly #listing: KeyListing;
  readonly #log?: Logger;

  /**
   * `listing` is shared with the run's credential store (one listing per cached exec);
   * `log` narrates the deletion of sessions that cannot be read.
   */
  constructor(
    keyring: Keyring,
    listing: KeyListing = new KeyListing(keyring),
    options: { log?: Logger } = {},
  ) {
    this.#keyring = keyring;
    this.#listing = listing;
    this.#log = options.log;
  }

  #keys(): Promise<string[]> {
    return this.#listing.fresh();
  }

  async #remove(key: string): Promise<boolean> {
    this.#listing.forget();
    return await this.#keyring.remove(key);
  }

  /** Every current-format session key, in the backend's order. */
  async list(): Promise<StoredSession[]> {
    const out: StoredSession[] = [];
    for (const key of await this.#keys()) {
      const parsed = parseSessionKey(key);
      if (parsed) out.push({ ...parsed, key });
    }
    return out;
  }

  /** Deletes every session (any type) whose profile field is `profile`; returns the count. */
  async deleteForProfile(profile: string): Promise<number> {
    let n = 0;
    for (const { key } of sessionKeysOf(await this.#keys(), profile)) {
      if (await this.#remove(key)) n++;
    }
    return n;
  }

  /**
   * Deletes old-format keys and expired sessions, as aws-vault does before
   * each cached read or write; returns the count.
   */
  async removeOldSessions(now: Date): Promise<number> {
    return (await this.#purge(await this.#keys(), now)).removed;
  }

  /** Deletes the stale keys among `keys`; returns how many, and the keys left. */
  async #purge(keys: string[], now: Date): Promise<{ removed: number; kept: string[] }> {
    let removed = 0;
    const kept: string[] = [];
    for (const key of keys) {
      if (!isStaleKey(key, now)) kept.push(key);
      else if (await this.#remove(key)) removed++;
    }
    return { removed, kept };
  }

  /** Deletes every session and OIDC token (`clear` without a profile); returns the count. */
  async deleteAll(now: Date): Promise<number> {
    let n = await this.removeOldSessions(now);
    for (const key of await this.#keys()) {
      if ((parseSessionKey(key) || isOidcKey(key)) && await this.#remove(key)) n++;
    }
    return n;
  }

  /** The cached session for (type, profile, mfa), whatever its expiry; `undefined` when none. */
  async get(type: string, profile: string, mfaSerial: string): Promise<Credentials | undefined> {
    return await this.#read(await this.#keys(), type, profile, mfaSerial);
  }

  /**
   * {@linkcode removeOldSessions} then {@linkcode get}, from one key listing
   * (the cached-session read on every `exec`/`export`). With `reuseListing`,
   * the listing read earlier in this run (e.g. by the credential store) is used
   * when there is one; without it the keyring is listed again, which is needed to
   * see a session another process stored while this one waited for the lock.
   */
  async purgeAndGet(
    type: string,
    profile: string,
    mfaSerial: string,
    now: Date,
    options: { reuseListing?: boolean } = {},
  ): Promise<Credentials | undefined> {
    const keys = options.reuseListing ? await this.#listing.shared() : await this.#keys();
    const { kept } = await this.#purge(keys, now);
    return await this.#read(kept, type, profile, mfaSerial);
  }

  async #read(
    keys: string[],
    type: string,
    profile: string,
    mfaSerial: string,
  ): Promise<Credentials | undefined> {
    const key = findSessionKey(keys, type, profile, mfaSerial);
    if (!key) return undefined;
    // A session that cannot be read is a cache miss, as in aws-vault, and is deleted so that
    // it does not stay in the way. A wrong passphrase is not a damaged item and stays an error.
    let reason = "its data is not a session";
    try {
      const item = await this.#keyring.get(key);
      if (!item) return undefined;
      const creds = decodeSessionCredentials(item.data);
      if (creds) return creds;
    } catch (error) {
      if (!(error instanceof KeyringItemCorruptError)) throw error;
      reason = error.message;
    }
    this.#log?.debug(
      `profile ${profile}: deleting the cached ${type} session, which cannot be read: ${reason}`,
    );
    await this.#remove(key);
    return undefined;
  }

  /**
   * The session {@linkcode purgeAndGet} would read, from the key names alone:
   * nothing is decrypted (no passphrase is asked) and nothing is deleted.
   */
  async peek(
    type: string,
    profile: string,
    mfaSerial: string,
    now: Date,
  ): Promise<SessionKey | undefined> {
    const live = (await this.#listing.shared()).filter((key) => !isStaleKey(key, now));
    const key = findSessionKey(live, type, profile, mfaSerial);
    return key === undefined ? undefined : parseSessionKey(key);
  }

  /** Stores a session, replacing any other with the same (type, profile, mfa). */
  async set(type: string, profile: string, mfaSerial: string, creds: Credentials): Promise<void> {
    if (!creds.expiration) throw new TypeError("a session must expire");
    const key = formatSessionKey({
      type,
      profileName: profile,
      mfaSerial,
      expiration: Math.floor(creds.expiration.getTime() / 1000),
    });
    const prefix = sessionKeyPrefix(type, profile, mfaSerial);
    this.#listing.forget();
    await this.#keyring.set({
      key,
      data: encodeSessionCredentials(creds),
      label: `aws-vault session for ${profile} (expires ${rfc3339(creds.expiration)})`,
      description: "aws-vault session",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    });
    for (const old of await this.#keys()) {
      if (old !== key && old.startsWith(prefix)) await this.#remove(old);
    }
  }
}
