/**
 * The session cache decorator: serve a cached session while it has at least
 * `AWS_MIN_TTL` left, otherwise get a new one from the inner provider and
 * store it. Old and expired sessions are purged before every cached read and
 * write, as aws-vault does. A session that is still valid is never deleted
 * because a refresh failed. Cache misses run under the {@linkcode SessionLock}
 * so that concurrent processes make one call between them.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import type { Clock, Logger } from "../platform/types.ts";
import { sessionKeyPrefix } from "../store/session_keys.ts";
import type { SessionStore } from "../store/session_store.ts";
import type { LockCallOptions, SessionLock } from "./session_lock.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider } from "./types.ts";

/** `****************ABCD`: an access key id with all but its last four characters masked. */
export function maskKeyId(accessKeyId: string): string {
  return "****************" + accessKeyId.slice(-4);
}

/** Whether a cached session expiring at `expiration` is reused at `now`: it has at least `minTtlMs` left. */
export function isFreshEnough(expiration: Date, now: Date, minTtlMs: number): boolean {
  return expiration.getTime() - now.getTime() >= minTtlMs;
}

/**
 * When the cached session of `key` that the cache would serve at `now`
 * expires, judged from the keyring's key names (nothing decrypted); undefined
 * when there is none or it has less than `minTtlMs` left. A session whose data
 * cannot be read is a miss that only retrieving finds.
 */
export async function usableCachedExpiry(
  sessions: SessionStore,
  key: SessionCacheKey,
  now: Date,
  minTtlMs: number,
): Promise<Date | undefined> {
  const found = await sessions.peek(key.type, key.profile, key.mfaSerial, now);
  if (found === undefined) return undefined;
  const expiration = new Date(found.expiration * 1000);
  return isFreshEnough(expiration, now, minTtlMs) ? expiration : undefined;
}

/** What the cache needs. */
export interface SessionCacheContext {
  sessions: SessionStore;
  clock: Clock;
  log: Logger;
  /** Minimum remaining lifetime for reuse (`AWS_MIN_TTL`). */
  minTtlMs: number;
  lock: SessionLock;
}

/** Which cache entry: the parts of aws-vault's session key name (type, profile, MFA serial). */
export interface SessionCacheKey {
  type: string;
  profile: string;
  /** The MFA serial, or "" when none. */
  mfaSerial: string;
}

/** A provider whose results are kept in the session cache. */
export class CachedSessionProvider implements CredentialProvider {
  readonly kind: string;
  readonly #inner: CredentialProvider;
  readonly #key: SessionCacheKey;
  readonly #ctx: SessionCacheContext;
  readonly #lockOptions: LockCallOptions;

  /** `lock` changes how long (and how) a miss waits for another process making the same call. */
  constructor(
    inner: CredentialProvider,
    key: SessionCacheKey,
    ctx: SessionCacheContext,
    options: { lock?: LockCallOptions } = {},
  ) {
    this.kind = inner.kind;
    this.#inner = inner;
    this.#key = key;
    this.#ctx = ctx;
    this.#lockOptions = options.lock ?? {};
  }

  /** The cached session when it is fresh enough, else a new one (stored). */
  async retrieve(): Promise<Credentials> {
    // A listing already read in this run will do here: a miss is checked again under the lock.
    const cached = await this.#fresh(true);
    if (cached) return cached;
    const { type, profile, mfaSerial } = this.#key;
    const name = sessionKeyPrefix(type, profile, mfaSerial);
    return await this.#ctx.lock(name, `${type} for profile ${profile}`, async () => {
      // Another process may have stored one while we waited.
      const stored = await this.#fresh(false);
      if (stored) return stored;
      const creds = await this.#inner.retrieve();
      if (!creds.expiration) return creds;
      await this.#ctx.sessions.removeOldSessions(this.#ctx.clock.now());
      await this.#ctx.sessions.set(type, profile, mfaSerial, creds);
      this.#ctx.log.debug(`profile ${profile}: cached ${type} session for ${this.#left(creds)}`);
      return creds;
    }, this.#lockOptions);
  }

  #left(creds: Credentials): string {
    const ms = (creds.expiration?.getTime() ?? 0) - this.#ctx.clock.now().getTime();
    return formatGoDuration(Math.trunc(ms / 1000) * 1000);
  }

  async #fresh(reuseListing: boolean): Promise<Credentials | undefined> {
    const { sessions, clock, log, minTtlMs } = this.#ctx;
    const { type, profile, mfaSerial } = this.#key;
    const creds = await sessions.purgeAndGet(type, profile, mfaSerial, clock.now(), {
      reuseListing,
    });
    if (!creds?.expiration) return undefined;
    if (!isFreshEnough(creds.expiration, clock.now(), minTtlMs)) {
      log.debug(
        `profile ${profile}: cached ${type} session ${maskKeyId(creds.accessKeyId)} expires in ${
          this.#left(creds)
        }, less than the minimum ${formatGoDuration(minTtlMs)}; getting a new one`,
      );
      return undefined;
    }
    log.debug(
      `Re-using cached credentials ${maskKeyId(creds.accessKeyId)} from ${type}, expires in ${
        this.#left(creds)
      }`,
    );
    return creds;
  }
}
