/**
 * The `secret-service` backend descriptor (Linux): a cheap, bounded probe of the
 * session bus, and `open()`, which loads the D-Bus implementation lazily.
 *
 * @module
 */

import type {
  BackendContext,
  BackendDescriptor,
  Keyring,
  KeyringOptions,
  ProbeResult,
} from "./types.ts";

/** Time limit for connecting to the bus and for each method call. */
const CALL_TIMEOUT_MS = 25_000;
/** Time limit for the whole probe. */
const PROBE_TIMEOUT_MS = 1_000;

async function loadBus() {
  const [{ openSessionBus, callBus }, { connectUnixSocket }, { SECRETS_NAME }] = await Promise.all([
    import("./dbus_connection.ts"),
    import("../src/platform/deno_unix_socket.ts"),
    import("./secret_service_dbus.ts"),
  ]);
  return { openSessionBus, callBus, connectUnixSocket, SECRETS_NAME };
}

/**
 * Whether a Secret Service can be reached: the session bus answers and
 * `org.freedesktop.secrets` has an owner or can be activated. Never starts it.
 */
export async function probeSecretService(ctx: BackendContext): Promise<ProbeResult> {
  const { openSessionBus, callBus, connectUnixSocket, SECRETS_NAME } = await loadBus();
  let bus;
  try {
    bus = await openSessionBus(ctx.deps.env, connectUnixSocket, { timeoutMs: PROBE_TIMEOUT_MS });
  } catch (error) {
    return { usable: false, reason: error instanceof Error ? error.message : String(error) };
  }
  try {
    const call = (member: string, sig = "", body: unknown[] = []) =>
      callBus(bus, member, sig, body).then((r) => r[0]);
    if (await call("NameHasOwner", "s", [SECRETS_NAME])) {
      return { usable: true, reason: `"${SECRETS_NAME}" is running on the session bus` };
    }
    const activatable = (await call("ListActivatableNames")) as string[];
    if (activatable.includes(SECRETS_NAME)) {
      return { usable: true, reason: `"${SECRETS_NAME}" can be started by the session bus` };
    }
    return { usable: false, reason: `nothing provides "${SECRETS_NAME}" on the session bus` };
  } catch (error) {
    return {
      usable: false,
      reason: `the session bus did not answer: ${error instanceof Error ? error.message : error}`,
    };
  } finally {
    await bus.close();
  }
}

/**
 * Opens the keyring in collection `options.secretServiceCollection` (default
 * `awsvault`). Without a display, the collection is created and unlocked with
 * a password asked on the terminal (see `secret_service_headless.ts`).
 */
export async function openSecretService(
  ctx: BackendContext,
  options: KeyringOptions,
): Promise<Keyring> {
  const [{ SecretServiceKeyring }, { HeadlessCollections }, bus] = await Promise.all([
    import("./secret_service_keyring.ts"),
    import("./secret_service_headless.ts"),
    loadBus(),
  ]);
  return new SecretServiceKeyring({
    collection: options.secretServiceCollection === ""
      ? "awsvault"
      : options.secretServiceCollection,
    connect: () =>
      bus.openSessionBus(ctx.deps.env, bus.connectUnixSocket, { timeoutMs: CALL_TIMEOUT_MS }),
    log: ctx.log,
    headless: new HeadlessCollections({
      env: ctx.deps.env,
      terminal: ctx.deps.terminal,
      log: ctx.log,
    }),
  });
}

/** The `secret-service` backend. */
export const SECRET_SERVICE_BACKEND: BackendDescriptor = {
  name: "secret-service",
  os: ["linux"],
  probe: (ctx) => probeSecretService(ctx),
  open: (ctx, options) => openSecretService(ctx, options),
};
