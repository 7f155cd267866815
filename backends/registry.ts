/**
 * Backend selection: which backends exist on this OS, which is the default
 * (the first usable one, in aws-vault's order), and opening the chosen one.
 * Backend modules are imported lazily so that only the chosen backend's code
 * is loaded.
 *
 * @module
 */

import { UsageError } from "../src/errors.ts";
import type { OsName } from "../src/platform/types.ts";
import type { BackendContext, BackendDescriptor, Keyring, KeyringOptions } from "./types.ts";

/**
 * A descriptor whose module is imported only when the backend is probed or
 * opened, so that start-up loads no backend code but the one in use.
 */
function lazy(
  name: string,
  os: readonly OsName[],
  load: () => Promise<BackendDescriptor>,
): BackendDescriptor {
  return {
    name,
    os,
    probe: async (ctx, options) => await (await load()).probe(ctx, options),
    open: async (ctx, options) => await (await load()).open(ctx, options),
  };
}

const ALL: readonly OsName[] = ["linux", "darwin", "windows", "freebsd", "other"];

const FILE: BackendDescriptor = {
  name: "file",
  os: ALL,
  probe: () =>
    Promise.resolve({ usable: true, reason: "the encrypted file store works everywhere" }),
  async open(ctx, options) {
    const [{ FileKeyring }, { filePassphraseSource }] = await Promise.all([
      import("./file.ts"),
      import("./file_passphrase.ts"),
    ]);
    return new FileKeyring({
      dir: options.fileDir,
      fs: ctx.deps.fs,
      passphrase: filePassphraseSource({
        env: ctx.deps.env,
        terminal: ctx.deps.terminal,
        dir: options.fileDir,
        log: ctx.log,
      }),
      now: () => ctx.deps.clock.now(),
      log: ctx.log,
    });
  },
};

/**
 * Every backend in aws-vault's order of preference (wincred, keychain,
 * secret-service, kwallet, pass, file). keyctl is deliberately absent: aws-vault
 * registers it but can never open it.
 */
export const BACKENDS: readonly BackendDescriptor[] = [
  lazy("wincred", ["windows"], async () => (await import("./wincred.ts")).WINCRED_BACKEND),
  lazy("keychain", ["darwin"], async () => (await import("./keychain.ts")).KEYCHAIN_BACKEND),
  lazy(
    "secret-service",
    ["linux"],
    async () => (await import("./secret_service.ts")).SECRET_SERVICE_BACKEND,
  ),
  lazy("kwallet", ["linux"], async () => (await import("./kwallet.ts")).KWALLET_BACKEND),
  lazy(
    "pass",
    ["linux", "darwin", "freebsd", "other"],
    async () => (await import("./pass.ts")).PASS_BACKEND,
  ),
  FILE,
];

/** Names of the backends offered on `os`, in order of preference. */
export function availableBackends(os: OsName): string[] {
  return BACKENDS.filter((b) => b.os.includes(os)).map((b) => b.name);
}

/**
 * Chooses the backend: the one asked for, else the first usable one in
 * aws-vault's order for this OS, falling back to `file`.
 */
export async function chooseBackend(
  ctx: BackendContext,
  options: KeyringOptions,
): Promise<BackendDescriptor> {
  const offered = BACKENDS.filter((b) => b.os.includes(ctx.deps.os));
  if (options.backend !== "") {
    const chosen = offered.find((b) => b.name === options.backend);
    if (chosen) {
      ctx.log.debug(`Using keyring backend "${chosen.name}" (asked for)`);
      return chosen;
    }
    throw new UsageError(`Specified keyring backend not available: "${options.backend}"`);
  }
  for (const backend of offered) {
    const result = await backend.probe(ctx, options);
    if (result.usable) {
      ctx.log.debug(`Using keyring backend "${backend.name}": ${result.reason}`);
      return backend;
    }
    ctx.log.debug(`Keyring backend "${backend.name}" is not usable: ${result.reason}`);
  }
  ctx.log.debug(`Using keyring backend "file": no other backend is usable`);
  return FILE;
}

/** Chooses and opens the keyring. */
export async function openKeyring(ctx: BackendContext, options: KeyringOptions): Promise<Keyring> {
  const backend = await chooseBackend(ctx, options);
  return await backend.open(ctx, options);
}
