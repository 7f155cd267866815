/**
 * Backend selection: which backends exist on this OS, which is the default
 * (the first usable one, in aws-vault's order), and opening the chosen one.
 * Backend modules are imported lazily so that only the chosen backend's code
 * is loaded.
 *
 * @module
 */

import { messageOf, UsageError } from "../src/errors.ts";
import { homeDir } from "../src/platform/home_dir.ts";
import type { OsName } from "../src/platform/types.ts";
import { agentSocketPath, agentSupported } from "./agent_protocol.ts";
import type { FileAgentClient } from "./file_agent.ts";
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

/**
 * The client of `aws-vault agent` for the vault `dir`, loaded on its first use (the
 * passphrase variable, when set, spares it); none where the agent cannot run.
 */
function fileAgent(ctx: BackendContext, dir: string) {
  if (!agentSupported(ctx.deps.os)) return undefined;
  let client: Promise<FileAgentClient | undefined> | undefined;
  const load = () =>
    client ??= import("./file_agent.ts").then(({ FileAgentClient }) => {
      try {
        const socketPath = agentSocketPath(ctx.deps.env, () => homeDir(ctx.deps), ctx.deps.os);
        return new FileAgentClient({ socketPath, dir, log: ctx.log });
      } catch (error) {
        ctx.log.debug(`file backend: no agent: ${messageOf(error)}`);
        return undefined;
      }
    });
  return {
    passphrase: async () => await (await load())?.passphrase(),
    decrypt: async (jwe: string) => await (await load())?.decrypt(jwe),
  };
}

const FILE: BackendDescriptor = {
  name: "file",
  os: ALL,
  probe: () =>
    Promise.resolve({ usable: true, reason: "the encrypted file store works everywhere" }),
  async open(ctx, options) {
    const [{ FileKeyring }, { agentDecryptor, filePassphraseSource }] = await Promise.all([
      import("./file.ts"),
      import("./file_passphrase.ts"),
    ]);
    const agent = fileAgent(ctx, options.fileDir);
    return new FileKeyring({
      dir: options.fileDir,
      fs: ctx.deps.fs,
      passphrase: filePassphraseSource({
        env: ctx.deps.env,
        terminal: ctx.deps.terminal,
        dir: options.fileDir,
        log: ctx.log,
        agent,
      }),
      decryptElsewhere: agent && agentDecryptor(ctx.deps.env, agent),
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
