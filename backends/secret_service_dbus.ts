/**
 * The Secret Service D-Bus API (org.freedesktop.secrets), the calls aws-vault's
 * go-libsecret makes: collections, items, "plain" sessions, unlocking and
 * prompts. Prompts are waited for a bounded time only.
 *
 * @module
 */

import { callBus, type DbusClient, DbusError } from "./dbus_connection.ts";
import { DbusVariant } from "./dbus_marshal.ts";

/** The Secret Service's bus name. */
export const SECRETS_NAME = "org.freedesktop.secrets";
/** The service object. */
export const SECRETS_PATH = "/org/freedesktop/secrets";
const SERVICE = "org.freedesktop.Secret.Service";
const COLLECTION = "org.freedesktop.Secret.Collection";
const ITEM = "org.freedesktop.Secret.Item";
const PROMPT = "org.freedesktop.Secret.Prompt";
const PROPERTIES = "org.freedesktop.DBus.Properties";
/**
 * gnome-keyring's private interface on the service object: creates and unlocks
 * collections with a password given in the call, without a prompt.
 */
export const GNOME_KEYRING_INTERFACE = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface";
/** The error gnome-keyring's private interface answers a wrong password with. */
export const GNOME_KEYRING_DENIED = "org.gnome.keyring.Error.Denied";

/** A prompt was dismissed, or not answered in time. */
export class SecretServicePromptError extends Error {
  /** True when nobody answered in time (the prompt is then dismissed by us). */
  readonly timedOut: boolean;
  constructor(message: string, options: { timedOut?: boolean } = {}) {
    super(message);
    this.name = "SecretServicePromptError";
    this.timedOut = options.timedOut ?? false;
  }
}

/** The object path aws-vault expects for collection `name`. */
export function collectionPath(name: string): string {
  return `${SECRETS_PATH}/collection/${name}`;
}

/** Decodes GNOME's `_XX` hex escapes in an object path (`aws_2dvault` → `aws-vault`). */
export function decodePathEscapes(path: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 0; i < path.length; i++) {
    const hex = path.slice(i + 1, i + 3);
    if (path[i] === "_" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...enc.encode(path[i]));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** What a new item gets. */
export interface NewItem {
  label: string;
  attributes: Record<string, string>;
  session: string;
  value: Uint8Array;
  contentType: string;
}

/** Secret Service calls over one bus connection. */
export class SecretServiceClient {
  readonly #bus: DbusClient;
  readonly #promptTimeoutMs: number;

  constructor(bus: DbusClient, options: { promptTimeoutMs: number }) {
    this.#bus = bus;
    this.#promptTimeoutMs = options.promptTimeoutMs;
  }

  #call(path: string, iface: string, member: string, signature = "", body: unknown[] = []) {
    return this.#bus.call({
      destination: SECRETS_NAME,
      path,
      interface: iface,
      member,
      signature,
      body,
    });
  }

  async #property(path: string, iface: string, name: string): Promise<unknown> {
    const [value] = await this.#call(path, PROPERTIES, "Get", "ss", [iface, name]);
    return value instanceof DbusVariant ? value.value : value;
  }

  /** Opens a "plain" session (secrets travel unencrypted on the bus, as aws-vault does). */
  async openSession(): Promise<string> {
    const [, session] = await this.#call(SECRETS_PATH, SERVICE, "OpenSession", "sv", [
      "plain",
      new DbusVariant("s", ""),
    ]);
    return String(session);
  }

  /** The object path of collection `name`, compared after decoding `_XX` escapes. */
  async findCollection(name: string): Promise<string | undefined> {
    const paths = (await this.#property(SECRETS_PATH, SERVICE, "Collections")) as string[];
    const wanted = collectionPath(name);
    return paths.find((p) => p === wanted || decodePathEscapes(p) === wanted);
  }

  /** Creates collection `name` (label = name), following the prompt the service asks for. */
  async createCollection(name: string): Promise<string> {
    const props = new Map([[
      "org.freedesktop.Secret.Collection.Label",
      new DbusVariant("s", name),
    ]]);
    const [path, prompt] = await this.#call(SECRETS_PATH, SERVICE, "CreateCollection", "a{sv}s", [
      props,
      "",
    ]);
    if (path !== "/") return String(path);
    const result = await this.#prompt(String(prompt), `creating collection "${name}"`);
    return String(result);
  }

  /**
   * Whether the service offers {@linkcode GNOME_KEYRING_INTERFACE} (from its
   * introspection data); false when it does not say.
   */
  async hasMasterPasswordInterface(): Promise<boolean> {
    try {
      const [xml] = await this.#call(
        SECRETS_PATH,
        "org.freedesktop.DBus.Introspectable",
        "Introspect",
      );
      return String(xml).includes(`<interface name="${GNOME_KEYRING_INTERFACE}"`);
    } catch {
      return false;
    }
  }

  /**
   * Creates collection `name` (label = name) protected by `password`, through
   * gnome-keyring's `CreateWithMasterPassword`: no prompt. Returns its path.
   */
  async createWithMasterPassword(name: string, password: Uint8Array): Promise<string> {
    const props = new Map([[
      "org.freedesktop.Secret.Collection.Label",
      new DbusVariant("s", name),
    ]]);
    const [path] = await this.#masterPassword("CreateWithMasterPassword", "a{sv}", props, password);
    return String(path);
  }

  /**
   * Unlocks `collection` with `password` through gnome-keyring's
   * `UnlockWithMasterPassword`: no prompt. A wrong password fails with the
   * {@linkcode DbusError} {@linkcode GNOME_KEYRING_DENIED}.
   */
  async unlockWithMasterPassword(collection: string, password: Uint8Array): Promise<void> {
    await this.#masterPassword("UnlockWithMasterPassword", "o", collection, password);
  }

  /** Calls `member(first, secret)` on gnome-keyring's private interface (plain session). */
  async #masterPassword(member: string, sig: string, first: unknown, password: Uint8Array) {
    const secret = [await this.openSession(), new Uint8Array(), password, "text/plain"];
    return await this.#call(SECRETS_PATH, GNOME_KEYRING_INTERFACE, member, `${sig}(oayays)`, [
      first,
      secret,
    ]);
  }

  /** Whether a collection or item (by `kind`) is locked. */
  async isLocked(path: string, kind: "collection" | "item"): Promise<boolean> {
    return Boolean(await this.#property(path, kind === "item" ? ITEM : COLLECTION, "Locked"));
  }

  /** Unlocks `path`, following the prompt the service asks for. */
  async unlock(path: string, what: string): Promise<void> {
    const [unlocked, prompt] = await this.#call(SECRETS_PATH, SERVICE, "Unlock", "ao", [[path]]);
    if ((unlocked as string[]).includes(path) || prompt === "/") return;
    // The result lists what was unlocked; like aws-vault we do not insist on it: a
    // call on an object that is still locked fails with the service's own error.
    await this.#prompt(String(prompt), `unlocking ${what}`);
  }

  /** Items of `collection` whose attributes include `attributes`. */
  async searchItems(collection: string, attributes: Record<string, string>): Promise<string[]> {
    const [paths] = await this.#call(collection, COLLECTION, "SearchItems", "a{ss}", [
      new Map(Object.entries(attributes)),
    ]);
    return (paths as string[]).map(String);
  }

  /** All items of `collection`. */
  async items(collection: string): Promise<string[]> {
    return ((await this.#property(collection, COLLECTION, "Items")) as string[]).map(String);
  }

  /** An item's label. */
  async label(item: string): Promise<string> {
    return String(await this.#property(item, ITEM, "Label"));
  }

  /** An item's secret bytes, through `session`. */
  async getSecret(
    item: string,
    session: string,
  ): Promise<{ value: Uint8Array; contentType: string }> {
    const [secret] = await this.#call(item, ITEM, "GetSecret", "o", [session]);
    const [, , value, contentType] = secret as [string, Uint8Array, Uint8Array, string];
    return { value, contentType };
  }

  /** Creates (or replaces, per the service's attribute match) an item in `collection`. */
  async createItem(collection: string, item: NewItem): Promise<string> {
    const props = new Map<string, DbusVariant>([
      ["org.freedesktop.Secret.Item.Label", new DbusVariant("s", item.label)],
      [
        "org.freedesktop.Secret.Item.Attributes",
        new DbusVariant("a{ss}", new Map(Object.entries(item.attributes))),
      ],
    ]);
    const secret = [item.session, new Uint8Array(), item.value, item.contentType];
    const [path, prompt] = await this.#call(
      collection,
      COLLECTION,
      "CreateItem",
      "a{sv}(oayays)b",
      [
        props,
        secret,
        true,
      ],
    );
    if (path !== "/") return String(path);
    return String(await this.#prompt(String(prompt), `storing "${item.label}"`));
  }

  /** Deletes an item, following any prompt. */
  async deleteItem(item: string): Promise<void> {
    const [prompt] = await this.#call(item, ITEM, "Delete");
    if (prompt !== "/") await this.#prompt(String(prompt), "deleting an item");
  }

  /**
   * Shows a prompt and waits at most the prompt time limit for its `Completed`
   * signal; returns the prompt's result. Throws {@linkcode SecretServicePromptError}
   * when it is dismissed or not answered in time (it is then dismissed).
   */
  async #prompt(path: string, what: string): Promise<unknown> {
    if (path === "/" || path === "") {
      throw new SecretServicePromptError(`${what}: the service returned no prompt`);
    }
    const rule = `type='signal',interface='${PROMPT}',member='Completed',path='${path}'`;
    await callBus(this.#bus, "AddMatch", "s", [rule]);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stop = () => {};
    const completed = new Promise<[boolean, unknown]>((resolve, reject) => {
      stop = this.#bus.onSignal((m) => {
        if (m.path === path && m.interface === PROMPT && m.member === "Completed") {
          const [dismissed, result] = m.body;
          resolve([Boolean(dismissed), result instanceof DbusVariant ? result.value : result]);
        }
      });
      timer = setTimeout(() => {
        reject(
          new SecretServicePromptError(
            `${what}: no answer to the Secret Service prompt within ${
              this.#promptTimeoutMs / 1000
            } s`,
            { timedOut: true },
          ),
        );
      }, this.#promptTimeoutMs);
    });
    completed.catch(() => {}); // settled or awaited below; never an unhandled rejection
    try {
      await this.#bus.call({
        destination: SECRETS_NAME,
        path,
        interface: PROMPT,
        member: "Prompt",
        signature: "s",
        body: [""],
        timeoutMs: this.#promptTimeoutMs,
      });
      const [dismissed, result] = await completed;
      if (dismissed) {
        throw new SecretServicePromptError(
          `${what}: the Secret Service prompt was dismissed (it needs a desktop session to be answered)`,
        );
      }
      return result;
    } catch (error) {
      if (error instanceof SecretServicePromptError && error.timedOut) {
        await this.#call(path, PROMPT, "Dismiss").catch(() => {});
      }
      throw error;
    } finally {
      clearTimeout(timer);
      stop();
      await callBus(this.#bus, "RemoveMatch", "s", [rule]).catch(() => {});
    }
  }
}

/** Whether `error` says the service has no such method or interface. */
export function isUnknownMethod(error: unknown): boolean {
  return error instanceof DbusError &&
    (error.errorName === "org.freedesktop.DBus.Error.UnknownMethod" ||
      error.errorName === "org.freedesktop.DBus.Error.UnknownInterface" ||
      error.errorName === "org.freedesktop.DBus.Error.UnknownObject");
}

/** Whether `error` says the Secret Service is not on the bus at all. */
export function isServiceMissing(error: unknown): boolean {
  return error instanceof DbusError &&
    (error.errorName === "org.freedesktop.DBus.Error.ServiceUnknown" ||
      error.errorName === "org.freedesktop.DBus.Error.NameHasNoOwner");
}
