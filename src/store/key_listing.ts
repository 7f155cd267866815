/**
 * One key listing of the keyring, shared by the stores of one command run.
 *
 * Listing is the costly part of a lookup on the OS keystores (a D-Bus round trip
 * per item on Secret Service and KWallet, a directory walk on pass), and a
 * cached `exec` needs it twice: to see which profiles have stored credentials
 * and to find the session key (its name ends with the expiry, so it cannot be
 * looked up directly). {@linkcode KeyListing.shared} lets the second reuse the
 * first; callers that must see other processes' writes (after waiting for the
 * session lock) ask for {@linkcode KeyListing.fresh}.
 *
 * @module
 */

import type { Keyring } from "../../backends/types.ts";

/** A remembered `keyring.keys()` result. */
export class KeyListing {
  readonly #keyring: Keyring;
  #memo?: Promise<string[]>;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  /** The listing read earlier in this run, or a new one when there is none. */
  shared(): Promise<string[]> {
    this.#memo ??= this.#keyring.keys();
    return this.#memo;
  }

  /** A new listing, which later {@linkcode shared} calls reuse. */
  fresh(): Promise<string[]> {
    this.#memo = this.#keyring.keys();
    return this.#memo;
  }

  /** Drops the remembered listing (after a write). */
  forget(): void {
    this.#memo = undefined;
  }
}
