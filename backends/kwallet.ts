/**
 * The `kwallet` backend: KDE Wallet over D-Bus, stored exactly
 * where aws-vault v7.2.0 stores it — wallet `aws-vault`, folder `aws-vault`,
 * app id `aws-vault`, one binary ("Stream") entry per item holding the
 * whole-item JSON, written with `writeEntry(issays)` as aws-vault's godbus call
 * does.
 *
 * The daemon is spoken to natively over the session bus (no helper process):
 * `kwallet-query` cannot read or create Stream entries, and gdbus/qdbus would
 * put the secret in argv. Each operation uses one short connection: `isOpen`,
 * then `open` (which returns the wallet's handle; kwalletd keeps the session
 * for our app id even after the connection closes, as seen with kwalletd5
 * 5.103), then the entry call. A closed wallet makes kwalletd show a password
 * dialog; without a display nobody can answer it, so we fail at once, and with
 * a display we wait a bounded time only.
 *
 * @module
 */

import type { Env, Logger } from "../src/platform/types.ts";
import type { DbusClient } from "./dbus_connection.ts";
import type { BackendContext, BackendDescriptor, Keyring, KeyringItem } from "./types.ts";
import { KeyringError, messageOf } from "../src/errors.ts";
import { decodeItemJson, encodeItemJson } from "./item_json.ts";
import { utf8 } from "../src/encoding.ts";

/** aws-vault's wallet, folder and app id (all three are the service name). */
export const KWALLET_NAME = "aws-vault";

/** A KWallet daemon's bus name and object path. */
export interface KWalletService {
  name: string;
  path: string;
}

/** The daemons we talk to, in order of preference (aws-vault itself only knows kwalletd5). */
export const KWALLET_SERVICES: readonly KWalletService[] = [
  { name: "org.kde.kwalletd5", path: "/modules/kwalletd5" },
  { name: "org.kde.kwalletd6", path: "/modules/kwalletd6" },
];

const IFACE = "org.kde.KWallet";
const PREFIX = 'Keyring backend "kwallet"';
/** The bus itself; called directly so that this module loads no D-Bus code until it is used. */
const BUS = {
  destination: "org.freedesktop.DBus",
  path: "/org/freedesktop/DBus",
  interface: "org.freedesktop.DBus",
};
/** How long an `open` may wait for a password dialog when a display is there. */
const DEFAULT_OPEN_TIMEOUT_MS = 60_000;
/** How long `open` may take when no display exists (no dialog can be answered). */
const HEADLESS_OPEN_TIMEOUT_MS = 10_000;
/** KWallet's entry type numbers (`KWallet::Wallet::EntryType`). */
const ENTRY_TYPE = { password: 1, stream: 2 } as const;

/** What a {@linkcode KWalletKeyring} needs. */
export interface KWalletKeyringOptions {
  /** Opens a new connection to the session bus (closed after each operation). */
  openBus(): Promise<DbusClient>;
  /** Consulted for `DISPLAY` / `WAYLAND_DISPLAY` (can a password dialog be answered?). */
  env: Env;
  log: Logger;
  /** Wallet, folder and app id; all default to `aws-vault`. */
  wallet?: string;
  folder?: string;
  appId?: string;
  /** Time limit for opening the wallet when a dialog may be shown (default 60 s). */
  openTimeoutMs?: number;
}

/** The first KWallet daemon running on the bus, else the first activatable one. */
export async function findKWalletService(
  bus: DbusClient,
): Promise<{ service: KWalletService; running: boolean } | undefined> {
  for (const service of KWALLET_SERVICES) {
    const [owned] = await bus.call({
      ...BUS,
      member: "NameHasOwner",
      signature: "s",
      body: [service.name],
    });
    if (owned === true) return { service, running: true };
  }
  const [names] = await bus.call({ ...BUS, member: "ListActivatableNames" });
  const activatable = Array.isArray(names) ? names : [];
  const service = KWALLET_SERVICES.find((s) => activatable.includes(s.name));
  return service === undefined ? undefined : { service, running: false };
}

/** The first line of an error's message. */
function firstLine(error: unknown): string {
  return messageOf(error).split("\n")[0];
}

/** KWallet's int answers: 0 is success. */
function expectZero(rc: unknown, member: string, key: string): void {
  if (rc !== 0) {
    throw new KeyringError(`${PREFIX}: ${member} failed for "${key}" (KWallet returned ${rc})`);
  }
}

function isNoReply(error: unknown): boolean {
  return (error as { errorName?: unknown })?.errorName === "org.freedesktop.DBus.Error.NoReply";
}

/** Calls an org.kde.KWallet method and resolves to the first value of its reply. */
type WalletCall = (
  member: string,
  signature: string,
  body: unknown[],
  timeoutMs?: number,
) => Promise<unknown>;

/** One operation's view of the wallet: a connection to the daemon and an open handle. */
interface WalletSession {
  call: WalletCall;
  handle: number;
}

/** KDE Wallet as a {@linkcode Keyring}. */
export class KWalletKeyring implements Keyring {
  readonly backend = "kwallet";
  readonly #options: KWalletKeyringOptions;
  readonly #wallet: string;
  readonly #folder: string;
  readonly #appId: string;

  constructor(options: KWalletKeyringOptions) {
    this.#options = options;
    this.#wallet = options.wallet ?? KWALLET_NAME;
    this.#folder = options.folder ?? KWALLET_NAME;
    this.#appId = options.appId ?? KWALLET_NAME;
  }

  /** {@inheritDoc Keyring.get} */
  async get(key: string): Promise<KeyringItem | undefined> {
    return await this.#withWallet(async (w) => {
      const args = [w.handle, this.#folder, key, this.#appId];
      let data = await w.call("readEntry", "isss", args) as Uint8Array;
      if (data.length === 0) return undefined; // aws-vault: an empty value is "not found"
      if (data[0] !== 0x7b && await w.call("entryType", "isss", args) === ENTRY_TYPE.password) {
        // Written by `kwallet-query -w`: readEntry returns the QDataStream form of the text.
        data = utf8(await w.call("readPassword", "isss", args) as string);
      }
      try {
        return decodeItemJson(new TextDecoder().decode(data));
      } catch (error) {
        throw new KeyringError(
          `${PREFIX}: the entry "${key}" in folder "${this.#folder}" of wallet "${this.#wallet}" ` +
            `is not an aws-vault item: ${firstLine(error)}`,
          { cause: error },
        );
      }
    });
  }

  /** {@inheritDoc Keyring.set} */
  async set(item: KeyringItem): Promise<void> {
    await this.#withWallet(async (w) => {
      const json = utf8(encodeItemJson(item));
      const args = [w.handle, this.#folder, item.key, json, this.#appId];
      const rc = await w.call("writeEntry", "issays", args);
      expectZero(rc, "writeEntry", item.key);
    });
  }

  /** {@inheritDoc Keyring.remove} */
  async remove(key: string): Promise<boolean> {
    return await this.#withWallet(async (w) => {
      const args = [w.handle, this.#folder, key, this.#appId];
      // removeEntry answers 0 for a missing folder, so ask first.
      if (await w.call("hasEntry", "isss", args) !== true) return false;
      const rc = await w.call("removeEntry", "isss", args);
      expectZero(rc, "removeEntry", key);
      return true;
    });
  }

  /** {@inheritDoc Keyring.keys} */
  async keys(): Promise<string[]> {
    return await this.#withWallet(async (w) => {
      const list = await w.call("entryList", "iss", [w.handle, this.#folder, this.#appId]);
      return Array.isArray(list) ? list.map(String) : [];
    });
  }

  async #withWallet<T>(fn: (w: WalletSession) => Promise<T>): Promise<T> {
    let bus: DbusClient;
    try {
      bus = await this.#options.openBus();
    } catch (error) {
      throw new KeyringError(`${PREFIX}: cannot reach the D-Bus session bus: ${firstLine(error)}`, {
        cause: error,
      });
    }
    try {
      const found = await this.#guard("NameHasOwner", () => findKWalletService(bus));
      if (found === undefined) {
        throw new KeyringError(
          `${PREFIX}: KWallet is not available on the session bus ("org.kde.kwalletd5" and ` +
            `"org.kde.kwalletd6" are neither running nor activatable); install it ` +
            `(Debian, Ubuntu: apt-get install libkf5wallet-bin)`,
        );
      }
      const { service } = found;
      const call: WalletCall = (member, signature, body, timeoutMs) =>
        this.#guard(member, async () => {
          const reply = await bus.call({
            destination: service.name,
            path: service.path,
            interface: IFACE,
            member,
            signature,
            body,
            timeoutMs,
          });
          return reply[0];
        });
      const handle = await this.#open(call, service);
      return await fn({ call, handle });
    } finally {
      await bus.close();
    }
  }

  async #open(call: WalletCall, service: KWalletService): Promise<number> {
    const env = this.#options.env;
    const display = ["DISPLAY", "WAYLAND_DISPLAY"].some((name) => (env.get(name) ?? "") !== "");
    const isOpen = await call("isOpen", "s", [this.#wallet]) === true;
    if (!isOpen && !display) {
      const wallets = await call("wallets", "", []);
      const exists = Array.isArray(wallets) && wallets.includes(this.#wallet);
      throw new KeyringError(
        exists
          ? `${PREFIX}: the wallet "${this.#wallet}" is closed and there is no display for KWallet's ` +
            `password dialog; open it first (for example with kwalletmanager5, or pam_kwallet at login)`
          : `${PREFIX}: the wallet "${this.#wallet}" does not exist and there is no display for ` +
            `KWallet's dialog that creates it; create it first (for example with kwalletmanager5)`,
      );
    }
    const limit = display
      ? this.#options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS
      : HEADLESS_OPEN_TIMEOUT_MS;
    this.#options.log.debug(
      `kwallet: opening wallet "${this.#wallet}" on ${service.name} as "${this.#appId}" ` +
        `(${isOpen ? "already open" : `closed, waiting up to ${limit / 1000} s for its dialog`})`,
    );
    let handle: unknown;
    try {
      handle = await call("open", "sxs", [this.#wallet, 0n, this.#appId], limit);
    } catch (error) {
      if (!isNoReply((error as Error).cause)) throw error;
      throw new KeyringError(
        `${PREFIX}: the wallet "${this.#wallet}" did not open within ${limit / 1000} s ` +
          `(is a KWallet dialog waiting for an answer?)`,
        { cause: error },
      );
    }
    if (typeof handle !== "number" || handle < 0) {
      throw new KeyringError(
        `${PREFIX}: KWallet refused to open the wallet "${this.#wallet}" ` +
          `(the dialog was canceled, or KWallet is disabled)`,
      );
    }
    return handle;
  }

  async #guard<T>(member: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof KeyringError) throw error;
      throw new KeyringError(`${PREFIX}: ${member} failed: ${firstLine(error)}`, { cause: error });
    }
  }
}

async function openSessionBusFor(ctx: BackendContext, timeoutMs: number): Promise<DbusClient> {
  const [{ openSessionBus }, { connectUnixSocket }] = await Promise.all([
    import("./dbus_connection.ts"),
    import("../src/platform/deno_unix_socket.ts"),
  ]);
  return await openSessionBus(ctx.deps.env, connectUnixSocket, { timeoutMs });
}

/** The `kwallet` backend: offered on Linux, usable when a KWallet daemon is on the session bus. */
export const KWALLET_BACKEND: BackendDescriptor = {
  name: "kwallet",
  os: ["linux"],
  async probe(ctx) {
    if (ctx.deps.env.get("DISABLE_KWALLET") === "1") {
      return { usable: false, reason: "DISABLE_KWALLET is 1" };
    }
    let bus: DbusClient;
    try {
      bus = await openSessionBusFor(ctx, 1_000);
    } catch (error) {
      return { usable: false, reason: `no D-Bus session bus: ${firstLine(error)}` };
    }
    try {
      const found = await findKWalletService(bus);
      if (found === undefined) {
        return { usable: false, reason: "no KWallet daemon on the session bus" };
      }
      return {
        usable: true,
        reason: `${found.service.name} is ${found.running ? "running" : "activatable"}`,
      };
    } catch (error) {
      return { usable: false, reason: `cannot query the session bus: ${firstLine(error)}` };
    } finally {
      await bus.close();
    }
  },
  open(ctx) {
    return Promise.resolve(
      new KWalletKeyring({
        openBus: () => openSessionBusFor(ctx, 5_000),
        env: ctx.deps.env,
        log: ctx.log,
      }),
    );
  },
};
