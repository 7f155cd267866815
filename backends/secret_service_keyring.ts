/**
 * The `secret-service` keyring: items in the Secret Service collection
 * `/org/freedesktop/secrets/collection/<name>` (default `awsvault`), stored exactly
 * as aws-vault v7.2.0 stores them: label = key, attribute
 * `profile` = key, secret = whole-item JSON with content type `application/json`.
 *
 * Everything goes over one native D-Bus connection per operation (no helper
 * process): a "plain" session only lives as long as the connection that opened
 * it, and `secret-tool` can neither list a collection, create one, read
 * `application/json` secrets nor store more than 8 KiB.
 *
 * @module
 */

import { KeyringError } from "../src/errors.ts";
import type { Logger } from "../src/platform/types.ts";
import type { Keyring, KeyringItem } from "./types.ts";
import { decodeItemJson, encodeItemJson } from "./item_json.ts";
import { type DbusClient, DbusError } from "./dbus_connection.ts";
import type { HeadlessCollections } from "./secret_service_headless.ts";
import {
  isServiceMissing,
  SecretServiceClient,
  SecretServicePromptError,
} from "./secret_service_dbus.ts";

/** How a {@linkcode SecretServiceKeyring} is set up. */
export interface SecretServiceKeyringOptions {
  /** The collection name (`--secret-service-collection`, default `awsvault`). */
  collection: string;
  /** Opens a fresh, authenticated session-bus connection. */
  connect(): Promise<DbusClient>;
  log: Logger;
  /** How long to wait for an unlock or create prompt to be answered (default 60 s). */
  promptTimeoutMs?: number;
  /**
   * Creates and unlocks the collection when there is no display (password asked
   * on the terminal). Without it, or with a display, the service's own prompts are used.
   */
  headless?: HeadlessCollections;
}

/** The content type aws-vault gives its secrets. */
export const ITEM_CONTENT_TYPE = "application/json";

const SERVICE_MISSING =
  'no Secret Service provider on the session bus (e.g. the Debian package "gnome-keyring")';

/** A keyring in a Secret Service collection. */
export class SecretServiceKeyring implements Keyring {
  /** {@inheritDoc Keyring.backend} */
  readonly backend = "secret-service";
  readonly #options: SecretServiceKeyringOptions;

  constructor(options: SecretServiceKeyringOptions) {
    this.#options = options;
  }

  get #name(): string {
    return this.#options.collection;
  }

  async #with<T>(action: string, fn: (client: SecretServiceClient) => Promise<T>): Promise<T> {
    const log = this.#options.log;
    log.debug(`secret-service: ${action} (collection "${this.#name}")`);
    let bus: DbusClient;
    try {
      bus = await this.#options.connect();
    } catch (error) {
      throw failure(action, error);
    }
    try {
      return await fn(
        new SecretServiceClient(bus, { promptTimeoutMs: this.#options.promptTimeoutMs ?? 60_000 }),
      );
    } catch (error) {
      throw failure(action, error);
    } finally {
      await bus.close();
    }
  }

  async #createCollection(client: SecretServiceClient): Promise<string> {
    this.#options.log.debug(`secret-service: creating collection "${this.#name}"`);
    const headless = this.#options.headless;
    if (headless?.active) return await headless.create(client, this.#name);
    return await client.createCollection(this.#name);
  }

  /** Unlocks the collection when `path` (the collection, or an item in it) is locked. */
  async #unlockIfLocked(
    client: SecretServiceClient,
    collection: string,
    path: string,
    kind: "collection" | "item",
  ) {
    if (!(await client.isLocked(path, kind))) return;
    const headless = this.#options.headless;
    if (headless?.active) return await headless.unlock(client, collection, this.#name);
    this.#options.log.debug(
      `secret-service: collection "${this.#name}" is locked, asking the service to unlock it`,
    );
    await client.unlock(path, `collection "${this.#name}"`);
  }

  /** {@inheritDoc Keyring.get} */
  get(key: string): Promise<KeyringItem | undefined> {
    return this.#with(`get "${key}"`, async (client) => {
      const collection = await client.findCollection(this.#name);
      if (collection === undefined) return undefined;
      const [item] = await client.searchItems(collection, { profile: key });
      if (item === undefined) return undefined;
      await this.#unlockIfLocked(client, collection, item, "item");
      const session = await client.openSession();
      const { value } = await client.getSecret(item, session);
      try {
        return decodeItemJson(new TextDecoder("utf-8", { fatal: true }).decode(value));
      } catch {
        // The parser's message may quote the secret: say only what is wrong.
        throw new KeyringError(`the secret of item "${key}" is not a keyring item in JSON`);
      }
    });
  }

  /** {@inheritDoc Keyring.set} */
  set(item: KeyringItem): Promise<void> {
    return this.#with(`set "${item.key}"`, async (client) => {
      let collection = await client.findCollection(this.#name);
      collection ??= await this.#createCollection(client);
      await this.#unlockIfLocked(client, collection, collection, "collection");
      const earlier = await client.searchItems(collection, { profile: item.key });
      const session = await client.openSession();
      const created = await client.createItem(collection, {
        label: item.key,
        attributes: { profile: item.key },
        session,
        value: new TextEncoder().encode(encodeItemJson(item)),
        contentType: ITEM_CONTENT_TYPE,
      });
      // CreateItem replaces only an item with exactly the same attributes; drop any
      // other item for this key (e.g. one `secret-tool store` wrote with xdg:schema),
      // so that get() cannot return a stale one.
      for (const old of earlier) if (old !== created) await client.deleteItem(old);
    });
  }

  /** {@inheritDoc Keyring.remove} */
  remove(key: string): Promise<boolean> {
    return this.#with(`remove "${key}"`, async (client) => {
      const collection = await client.findCollection(this.#name);
      if (collection === undefined) return false;
      const items = await client.searchItems(collection, { profile: key });
      for (const item of items) {
        await this.#unlockIfLocked(client, collection, item, "item");
        await client.deleteItem(item);
      }
      return items.length > 0;
    });
  }

  /** {@inheritDoc Keyring.keys} Labels are readable without unlocking. */
  keys(): Promise<string[]> {
    return this.#with("list keys", async (client) => {
      const collection = await client.findCollection(this.#name);
      if (collection === undefined) return [];
      const items = await client.items(collection);
      const labels = await Promise.all(items.map((i) => client.label(i).catch(() => undefined)));
      return labels.filter((l): l is string => l !== undefined);
    });
  }
}

function failure(action: string, error: unknown): KeyringError {
  let detail: string;
  if (isServiceMissing(error)) detail = SERVICE_MISSING;
  else if (error instanceof DbusError || error instanceof SecretServicePromptError) {
    detail = error.message;
  } else if (error instanceof KeyringError) detail = error.message;
  else detail = error instanceof Error ? error.message : String(error);
  const line = detail.split("\n")[0].trim();
  return new KeyringError(`secret-service backend: cannot ${action}: ${line}`, { cause: error });
}
