/**
 * An in-memory {@linkcode Keyring} for tests.
 *
 * @module
 */

import type { Keyring, KeyringItem } from "./types.ts";

/** Options of {@linkcode MemoryKeyring}. */
export interface MemoryKeyringOptions {
  /** The backend name it reports; defaults to `"memory"`. */
  backend?: string;
  /** Items to start with (copied). */
  items?: Iterable<KeyringItem>;
}

function copyItem(item: KeyringItem): KeyringItem {
  return { ...item, data: item.data.slice() };
}

/**
 * A keyring that keeps items in a `Map`. Items are copied on the way in and
 * out, so callers cannot change stored data by mutating what they hold.
 * `keys()` returns the keys sorted, like a directory listing.
 */
export class MemoryKeyring implements Keyring {
  /** The configured backend name. */
  readonly backend: string;
  readonly #items = new Map<string, KeyringItem>();

  /** Creates the keyring, optionally pre-filled. */
  constructor(options: MemoryKeyringOptions = {}) {
    this.backend = options.backend ?? "memory";
    for (const item of options.items ?? []) this.#items.set(item.key, copyItem(item));
  }

  /** A copy of the item, or `undefined`. */
  get(key: string): Promise<KeyringItem | undefined> {
    const item = this.#items.get(key);
    return Promise.resolve(item === undefined ? undefined : copyItem(item));
  }

  /** Stores a copy of the item. */
  set(item: KeyringItem): Promise<void> {
    this.#items.set(item.key, copyItem(item));
    return Promise.resolve();
  }

  /** Deletes the item; false when there was none. */
  remove(key: string): Promise<boolean> {
    return Promise.resolve(this.#items.delete(key));
  }

  /** All keys, sorted. */
  keys(): Promise<string[]> {
    return Promise.resolve([...this.#items.keys()].sort());
  }
}
