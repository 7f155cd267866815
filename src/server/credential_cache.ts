/**
 * The credentials a server hands out, kept in memory between requests (the
 * session cache below it may be a keystore that is slow to read or asks for
 * a passphrase). Concurrent requests share one retrieval; a failed one is not
 * kept, so the next request tries again.
 *
 * Unlike aws-vault, which serves credentials until the moment they expire,
 * they are renewed once they are within `refreshWindowMs` of expiring, so a
 * client never receives credentials that lapse while its request is on the way.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import type { Clock } from "../platform/types.ts";

/** How long before they expire served credentials are renewed by default. */
export const REFRESH_WINDOW_MS = 5 * 60 * 1000;

/** Where the cache gets credentials from (a provider chain). */
export interface CredentialSource {
  retrieve(): Promise<Credentials>;
}

/** Credentials retrieved once and reused until they are about to expire. */
export class CredentialCache implements CredentialSource {
  readonly #source: CredentialSource;
  readonly #clock: Clock;
  readonly #refreshWindowMs: number;
  #current?: Credentials;
  #pending?: Promise<Credentials>;

  constructor(source: CredentialSource, clock: Clock, refreshWindowMs = REFRESH_WINDOW_MS) {
    this.#source = source;
    this.#clock = clock;
    this.#refreshWindowMs = refreshWindowMs;
  }

  #fresh(credentials: Credentials | undefined): credentials is Credentials {
    if (!credentials) return false;
    if (!credentials.expiration) return true;
    return credentials.expiration.getTime() - this.#refreshWindowMs > this.#clock.now().getTime();
  }

  /** The kept credentials while fresh, else new ones from the source. */
  retrieve(): Promise<Credentials> {
    if (this.#fresh(this.#current)) return Promise.resolve(this.#current);
    this.#pending ??= this.#source.retrieve().then(
      (credentials) => {
        this.#current = credentials;
        this.#pending = undefined;
        return credentials;
      },
      (error) => {
        this.#pending = undefined;
        throw error;
      },
    );
    return this.#pending;
  }
}
