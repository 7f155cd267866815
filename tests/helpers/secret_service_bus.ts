/**
 * A real Secret Service for tests: gnome-keyring in a throwaway session
 * (tests/helpers/keyring_session.sh), and the test's own raw D-Bus calls to it, to
 * set up and check what the backend sees without going through the backend.
 */
import {
  type DbusClient,
  type DbusConnection,
  openSessionBus,
} from "../../backends/dbus_connection.ts";
import { DbusVariant } from "../../backends/dbus_marshal.ts";
import { utf8 } from "../../src/encoding.ts";
import { connectUnixSocket } from "../../src/platform/deno_unix_socket.ts";
import type { Env } from "../../src/platform/types.ts";
import { startKeyringSession, withBusSession } from "./bus_session.ts";
import { fakeEnv } from "./fakes.ts";
import { runTool, type ToolResult } from "./store_tools.ts";

/** The Secret Service's bus name. */
export const SECRETS = "org.freedesktop.secrets";
/** The Secret Service's root object path. */
export const ROOT = "/org/freedesktop/secrets";
/** gnome-keyring's private interface (master-password calls). */
export const GNOME = "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface";

/** Calls `iface.member` on the object `path` of org.freedesktop.secrets; the reply's body. */
export async function secretsCall(
  bus: DbusClient,
  path: string,
  iface: string,
  member: string,
  sig = "",
  body: unknown[] = [],
): Promise<unknown[]> {
  return await bus.call({
    destination: SECRETS,
    path,
    interface: iface,
    member,
    signature: sig,
    body,
  });
}

/** The value of the D-Bus property `iface.name` of the object `path`. */
export async function secretsProperty(
  bus: DbusClient,
  path: string,
  iface: string,
  name: string,
): Promise<unknown> {
  const props = "org.freedesktop.DBus.Properties";
  const [v] = await secretsCall(bus, path, props, "Get", "ss", [iface, name]);
  return (v as DbusVariant).value;
}

/** Opens a Secret Service session with the "plain" algorithm; its object path. */
export async function openPlainSession(bus: DbusClient): Promise<string> {
  const service = "org.freedesktop.Secret.Service";
  const [, session] = await secretsCall(bus, ROOT, service, "OpenSession", "sv", [
    "plain",
    new DbusVariant("s", ""),
  ]);
  return String(session);
}

/** A gnome-keyring session (keyring_session.sh) as the Secret Service tests use it. */
export interface SecretServiceBus {
  /** The session bus address. */
  readonly address: string;
  /** The harness's temporary directory (gnome-keyring's files are in `data/keyrings`). */
  readonly root: string;
  /** An environment with the session's DBUS_SESSION_BUS_ADDRESS and the test's PATH. */
  readonly env: Env;
  /** Opens a new connection to the session bus (for a keyring under test, which closes it). */
  connect(): Promise<DbusConnection>;
  /** A raw bus connection for the test's own calls; closed when the session ends. */
  bus(): Promise<DbusConnection>;
  /** Runs a program on the session's bus (clean environment, see {@link runTool}). */
  run(cmd: string, args: string[], stdin?: string): Promise<ToolResult>;
}

/**
 * Starts a gnome-keyring session, runs `fn` with it, then closes the connections
 * `fn` opened with `bus()` and ends the session (which must exit 0).
 */
export async function withSecretServiceBus(
  fn: (session: SecretServiceBus) => Promise<void>,
): Promise<void> {
  await withBusSession(startKeyringSession, async ({ address, root }) => {
    const env = fakeEnv({
      DBUS_SESSION_BUS_ADDRESS: address,
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    });
    const connect = () => openSessionBus(env, connectUnixSocket, { timeoutMs: 5_000 });
    const opened: DbusConnection[] = [];
    try {
      await fn({
        address,
        root,
        env,
        connect,
        async bus() {
          const connection = await connect();
          opened.push(connection);
          return connection;
        },
        run: (cmd, args, stdin) =>
          runTool(cmd, args, { env: { DBUS_SESSION_BUS_ADDRESS: address }, stdin }),
      });
    } finally {
      for (const connection of opened) await connection.close();
    }
  });
}

/**
 * Calls gnome-keyring's private interface (`member` = CreateWithMasterPassword, whose
 * `first` argument is the collection's properties, or UnlockWithMasterPassword, whose
 * `first` is the collection's path) with `password` as a plain secret: no prompt.
 */
export async function gnomeMasterPasswordCall(
  bus: DbusClient,
  member: string,
  first: unknown,
  password: string,
): Promise<unknown[]> {
  const secret = [await openPlainSession(bus), new Uint8Array(), utf8(password), "text/plain"];
  const sig = member === "CreateWithMasterPassword" ? "a{sv}(oayays)" : "o(oayays)";
  return await secretsCall(bus, ROOT, GNOME, member, sig, [first, secret]);
}

/** Creates a collection labelled `label` with `password`, without a prompt; its object path. */
export async function createCollectionWithPassword(
  bus: DbusClient,
  label: string,
  password: string,
): Promise<string> {
  const props = new Map([["org.freedesktop.Secret.Collection.Label", new DbusVariant("s", label)]]);
  const [path] = await gnomeMasterPasswordCall(bus, "CreateWithMasterPassword", props, password);
  return String(path);
}
