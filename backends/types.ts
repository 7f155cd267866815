/**
 * The keyring abstraction every backend implements (modelled on 99designs/keyring).
 *
 * @module
 */

/** One stored item, as aws-vault's `keyring.Item`. */
export interface KeyringItem {
  key: string;
  /** The item's payload: UTF-8 JSON of credentials or a session. */
  data: Uint8Array;
  label: string;
  description: string;
  /** macOS: the item trusts no application (master credentials). */
  keychainNotTrustApplication: boolean;
  keychainNotSynchronizable: boolean;
}

/** A store of items keyed by string. */
export interface Keyring {
  /** The backend name, e.g. "file". */
  readonly backend: string;
  /** The item, or `undefined` when there is none under `key`. */
  get(key: string): Promise<KeyringItem | undefined>;
  /** Creates or replaces the item under `item.key`. */
  set(item: KeyringItem): Promise<void>;
  /** Deletes the item; returns false when there was none. */
  remove(key: string): Promise<boolean>;
  /** All keys, without reading (or decrypting) any item. */
  keys(): Promise<string[]>;
  /**
   * Starts reading the items under `keys` in the background, for backends where that
   * saves time and needs no question; a later `get` takes the result when it is still
   * current. Resolves once the work is under way and never rejects: errors are left for
   * `get` to report.
   */
  prefetch?(keys: readonly string[]): Promise<void>;
  /**
   * Deletes what writers killed mid-write left behind (the file backend's temporary
   * files whose writer is gone); never an item. Returns how many were deleted.
   */
  removeLeftovers?(): Promise<number>;
}

/** Settings that choose and configure a backend (the global flags of §2). */
export interface KeyringOptions {
  backend: string;
  fileDir: string;
  keychainName: string;
  secretServiceCollection: string;
  passDir: string;
  passCmd: string;
  passPrefix: string;
}
