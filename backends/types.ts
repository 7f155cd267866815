/**
 * The keyring abstraction every backend implements (modelled on 99designs/keyring).
 *
 * @module
 */

import type { Deps, Logger, OsName } from "../src/platform/types.ts";

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
   * Deletes what writers killed mid-write left behind (the file backend's temporary
   * files whose writer is gone); never an item. Returns how many were deleted.
   */
  removeLeftovers?(): Promise<number>;
}

/** Settings that choose and configure a backend: global flags such as `--backend`, `--file-dir`. */
export interface KeyringOptions {
  backend: string;
  fileDir: string;
  keychainName: string;
  secretServiceCollection: string;
  passDir: string;
  passCmd: string;
  passPrefix: string;
}

/** What a backend's probe and open functions receive. */
export interface BackendContext {
  deps: Deps;
  log: Logger;
}

/** The result of checking whether a backend can be used here and now. */
export interface ProbeResult {
  usable: boolean;
  /** Why, for `--debug` ("secret-tool not found on PATH"). */
  reason: string;
}

/** One backend: where it exists, how to tell it is usable, how to open it. */
export interface BackendDescriptor {
  name: string;
  /** The operating systems where the backend is offered at all. */
  os: readonly OsName[];
  /** A cheap check (no prompts, bounded time) used to choose the default backend. */
  probe(ctx: BackendContext, options: KeyringOptions): Promise<ProbeResult>;
  open(ctx: BackendContext, options: KeyringOptions): Promise<Keyring>;
}
