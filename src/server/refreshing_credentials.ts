/**
 * Credentials a server hands out many times: kept in memory and replaced
 * before they expire, with one refresh under way at a time however many
 * requests wait for it.
 *
 * The SDKs ask again 5 to 15 minutes before `Expiration`, so credentials are
 * refreshed once less than their refresh window is left: 15 minutes, or half
 * their lifetime when they were fetched with less than 30 minutes left, but
 * never less than 5 minutes unless they lived shorter than that (a session
 * under 5 minutes is refreshed at half time). The fetch is told how much a
 * cached session must have left to be taken instead of a new one: twice the
 * window, and at least 5 minutes, so that what replaces the old credentials
 * is not due for refresh itself.
 *
 * When a refresh fails, credentials with at least 5 minutes left are still
 * handed out, and no new attempt is made for a minute (so a prompt that was
 * cancelled is not shown again at once); otherwise the failure is the answer.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import type { Clock, Logger } from "../platform/types.ts";
import type { Credentials } from "../aws_credentials.ts";

/** The longest refresh window. */
export const REFRESH_WINDOW_MS = 15 * 60_000;
/** Credentials with less left are refreshed whenever fresh ones can be had. */
export const MINIMUM_LEFT_MS = 5 * 60_000;
/** After a failed refresh, how long usable credentials are handed out before the next attempt. */
export const RETRY_AFTER_MS = 60_000;

/** What {@linkcode RefreshingCredentials} needs. */
export interface RefreshingCredentialsOptions {
  /**
   * Gets new credentials; a cached session with less than `minTtlMs` left
   * must not be returned.
   */
  fetch(minTtlMs: number): Promise<Credentials>;
  clock: Pick<Clock, "now">;
  log: Logger;
  /** Names the credentials in `--debug` lines, e.g. `profile work`. */
  label: string;
}

interface Held {
  credentials: Credentials;
  /** When to refresh, in milliseconds since the epoch (Infinity: never). */
  refreshAt: number;
  windowMs: number;
}

/** The refresh window of credentials fetched with `leftMs` to live. */
export function refreshWindowMs(leftMs: number): number {
  const window = Math.min(REFRESH_WINDOW_MS, Math.max(MINIMUM_LEFT_MS, leftMs / 2));
  return window < leftMs ? window : leftMs / 2;
}

/** In-memory credentials, refreshed before they expire, one refresh at a time. */
export class RefreshingCredentials {
  readonly #options: RefreshingCredentialsOptions;
  #held?: Held;
  #refreshing?: Promise<Credentials>;
  #retryAt = 0;

  constructor(options: RefreshingCredentialsOptions) {
    this.#options = options;
  }

  /** The credentials to hand out now, refreshed first when they are due. */
  get(): Promise<Credentials> {
    const held = this.#held;
    const now = this.#options.clock.now().getTime();
    if (held && now < held.refreshAt) return Promise.resolve(held.credentials);
    if (held && now < this.#retryAt && this.#usable(held, now)) {
      return Promise.resolve(held.credentials);
    }
    this.#refreshing ??= this.#refresh(held).finally(() => this.#refreshing = undefined);
    return this.#refreshing;
  }

  #usable(held: Held, now: number): boolean {
    const expiration = held.credentials.expiration;
    return expiration === undefined || expiration.getTime() - now >= MINIMUM_LEFT_MS;
  }

  async #refresh(held: Held | undefined): Promise<Credentials> {
    const { fetch, clock, log, label } = this.#options;
    const minTtlMs = Math.max(MINIMUM_LEFT_MS, held ? 2 * held.windowMs : 0);
    if (held) log.debug(`${label}: refreshing credentials`);
    try {
      const credentials = await fetch(minTtlMs);
      this.#held = this.#hold(credentials, clock.now().getTime());
      return credentials;
    } catch (error) {
      const now = clock.now().getTime();
      if (!held || !this.#usable(held, now)) throw error;
      this.#retryAt = now + RETRY_AFTER_MS;
      log.debug(
        `${label}: refreshing failed, handing out the current credentials for now: ${
          messageOf(error)
        }`,
      );
      return held.credentials;
    }
  }

  #hold(credentials: Credentials, now: number): Held {
    const expiration = credentials.expiration?.getTime();
    if (expiration === undefined) return { credentials, refreshAt: Infinity, windowMs: 0 };
    const left = expiration - now;
    if (left <= 0) {
      throw new CredentialsError(
        `${this.#options.label}: the new credentials had already expired`,
      );
    }
    const windowMs = refreshWindowMs(left);
    this.#options.log.debug(
      `${this.#options.label}: credentials expire in ${
        formatGoDuration(Math.trunc(left / 1000) * 1000)
      }, refreshed ${formatGoDuration(Math.trunc(windowMs / 1000) * 1000)} before`,
    );
    return { credentials, refreshAt: expiration - windowMs, windowMs };
  }
}
