/**
 * The real keystores for end-to-end runs of the CLI (pass with GnuPG, gnome-keyring's
 * Secret Service, kwalletd5), each started fresh and seen through its own tools
 * (pass, secret-tool, gdbus), not through our backend code.
 */
import { assert, assertEquals } from "./assert.ts";
import { startKeyringSession, startKWalletSession } from "./bus_session.ts";
import { openGpgStore } from "./gpg_store.ts";
import { gdbusCall, toolOutput } from "./store_tools.ts";

/** A real keystore, seen through its own tools (not through our backend code). */
export interface RealStore {
  /** What CLI runs need to use this store (backend name, store location, bus). */
  env: Record<string, string>;
  /** Every key in the store. */
  keys(): Promise<string[]>;
  /** The secret stored under `key`, as the store's own tool returns it. */
  raw(key: string): Promise<string>;
  /** The store's own metadata checks for an aws-vault item (label, attributes, entry type). */
  checkMetadata(key: string): Promise<void>;
  /** Ends the store's processes and deletes its files; throws when its harness failed. */
  stop(): Promise<void>;
}

/** The object paths and strings in gdbus's printed result. */
const quoted = (text: string) => [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]);

/** The names of the `.gpg` files below `dir`, without the extension, as pass keys. */
function passKeys(dir: string, rel = ""): string[] {
  return [...Deno.readDirSync(dir)].flatMap((e) =>
    e.isDirectory
      ? passKeys(`${dir}/${e.name}`, `${rel}${e.name}/`)
      : e.name.endsWith(".gpg")
      ? [`${rel}${e.name.slice(0, -4)}`]
      : []
  );
}

/** A fresh GnuPG key and `pass init`ed store (tests/helpers/gpg_store.sh). */
export async function passStore(): Promise<RealStore> {
  const gpg = await openGpgStore("aws-vault-session-pass-");
  const dir = gpg.env.PASSWORD_STORE_DIR;
  return {
    env: { AWS_VAULT_BACKEND: "pass", ...gpg.env },
    keys: () => Promise.resolve(passKeys(dir)),
    raw: (key) => toolOutput("pass", ["show", key], { env: { HOME: gpg.root, ...gpg.env } }),
    checkMetadata: (key) => {
      assert(Deno.statSync(`${dir}/${key}.gpg`).isFile, key);
      return Promise.resolve();
    },
    stop: () => gpg.close(),
  };
}

/** gnome-keyring's unlocked login collection (tests/helpers/keyring_session.sh). */
export async function secretServiceStore(): Promise<RealStore> {
  const session = await startKeyringSession();
  const bus = session.address;
  const dest = "org.freedesktop.secrets";
  const collection = "/org/freedesktop/secrets/collection/login";
  const prop = (path: string, iface: string, name: string) =>
    gdbusCall(bus, dest, path, "org.freedesktop.DBus.Properties.Get", iface, name);
  return {
    env: {
      AWS_VAULT_BACKEND: "secret-service",
      AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "login",
      DBUS_SESSION_BUS_ADDRESS: bus,
    },
    async keys() {
      const items = quoted(await prop(collection, "org.freedesktop.Secret.Collection", "Items"));
      const labels = [];
      for (const item of items) {
        labels.push(...quoted(await prop(item, "org.freedesktop.Secret.Item", "Label")));
      }
      return labels;
    },
    // gnome-keyring reports every secret as text/plain, so secret-tool prints ours.
    raw: (key) =>
      toolOutput("secret-tool", ["lookup", "profile", key], {
        env: { DBUS_SESSION_BUS_ADDRESS: bus },
      }),
    async checkMetadata(key) {
      const found = await gdbusCall(
        bus,
        dest,
        "/org/freedesktop/secrets",
        "org.freedesktop.Secret.Service.SearchItems",
        `{'profile': '${key}'}`,
      );
      const [item, ...more] = quoted(found);
      assertEquals(more, [], found);
      assert(item.startsWith(`${collection}/`), found);
      const iface = "org.freedesktop.Secret.Item";
      assertEquals(await prop(item, iface, "Label"), `(<'${key}'>,)`);
      // gnome-keyring itself sometimes adds its generic schema to the first item of a fresh
      // login keyring; aws-vault's search by "profile" finds the item either way.
      const attributes = (await prop(item, iface, "Attributes"))
        .replace(", 'xdg:schema': 'org.freedesktop.Secret.Generic'", "");
      assertEquals(attributes, `(<{'profile': '${key}'}>,)`);
    },
    stop: () => session.stop(),
  };
}

/** kwalletd5 with the wallet "aws-vault" open (tests/helpers/kwallet_session.sh). */
export async function kwalletStore(): Promise<RealStore> {
  const session = await startKWalletSession();
  const bus = session.address;
  const call = (method: string, ...args: string[]) =>
    gdbusCall(bus, "org.kde.kwalletd5", "/modules/kwalletd5", `org.kde.KWallet.${method}`, ...args);
  const handle = async () => (await call("open", "aws-vault", "0", "aws-vault")).replace(/\D/g, "");
  return {
    env: { AWS_VAULT_BACKEND: "kwallet", DBUS_SESSION_BUS_ADDRESS: bus },
    keys: async () => quoted(await call("entryList", await handle(), "aws-vault", "aws-vault")),
    async raw(key) {
      const out = await call("readEntry", await handle(), "aws-vault", key, "aws-vault");
      const bytes = [...out.matchAll(/0x([0-9a-f]{2})/g)].map((m) => parseInt(m[1], 16));
      return new TextDecoder().decode(new Uint8Array(bytes));
    },
    async checkMetadata(key) {
      // 2 = a binary "Stream" entry, what aws-vault's writeEntry(ay) creates.
      assertEquals(await call("entryType", await handle(), "aws-vault", key, "aws-vault"), "(2,)");
    },
    stop: () => session.stop(),
  };
}
