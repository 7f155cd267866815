/**
 * What every command receives: the dependencies, the global options, the
 * logger, and lazily opened shared resources (config file, keyring) so that a
 * command only pays for what it uses, once.
 *
 * @module
 */

import type { Keyring, KeyringOptions } from "../../backends/types.ts";
import type { ConfigFile } from "../config/config_file.ts";
import { ConfigError } from "../errors.ts";
import type { Deps, Logger } from "../platform/types.ts";
import type { KeyListing } from "../store/key_listing.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import type { SessionStore } from "../store/session_store.ts";

/** The global flags (spec §2). */
export interface GlobalOptions {
  debug: boolean;
  /** "" when not given: choose the default. */
  backend: string;
  /** "" when not given: choose automatically. */
  prompt: string;
  keychain: string;
  secretServiceCollection: string;
  /** "" when not given: PASSWORD_STORE_DIR or ~/.password-store. */
  passDir: string;
  passCmd: string;
  passPrefix: string;
  fileDir: string;
}

/** The user's home directory from the environment. */
export function homeDir(deps: Deps): string {
  const home = deps.os === "windows"
    ? deps.env.get("USERPROFILE") ?? deps.env.get("HOME")
    : deps.env.get("HOME");
  if (!home) throw new ConfigError("Cannot find the home directory: HOME is not set");
  return home;
}

/** Replaces a leading `~/` (and `~\` on Windows) with the home directory. */
export function expandHome(path: string, deps: Deps): string {
  if (path === "~") return homeDir(deps);
  if (path.startsWith("~/") || (deps.os === "windows" && path.startsWith("~\\"))) {
    return homeDir(deps) + path.slice(1);
  }
  return path;
}

/** Shared state of one command invocation. */
export class CommandContext {
  readonly deps: Deps;
  readonly globals: GlobalOptions;
  readonly log: Logger;
  #config?: Promise<ConfigFile>;
  #keyring?: Promise<Keyring>;
  #credentials?: Promise<CredentialStore>;
  #sessions?: Promise<SessionStore>;
  #listing?: Promise<KeyListing>;

  /** `keyring` replaces backend selection (tests pass an in-memory keyring). */
  constructor(
    deps: Deps,
    globals: GlobalOptions,
    log: Logger,
    options: { keyring?: Keyring } = {},
  ) {
    this.deps = deps;
    this.globals = globals;
    this.log = log;
    if (options.keyring) this.#keyring = Promise.resolve(options.keyring);
  }

  /** The AWS config file, loaded (and created when missing) once. */
  config(): Promise<ConfigFile> {
    this.#config ??= (async () => {
      const { configFilePath, loadConfigFile } = await import("../config/config_file.ts");
      const path = configFilePath(this.deps.env, homeDir(this.deps), this.log);
      return await loadConfigFile(this.deps.fs, path, this.log);
    })();
    return this.#config;
  }

  /** The settings the keyring is chosen and opened with. */
  keyringOptions(): KeyringOptions {
    const g = this.globals;
    const passDir = g.passDir !== ""
      ? g.passDir
      : this.deps.env.get("PASSWORD_STORE_DIR") || "~/.password-store";
    return {
      backend: g.backend,
      fileDir: expandHome(g.fileDir, this.deps),
      keychainName: g.keychain,
      secretServiceCollection: g.secretServiceCollection,
      passDir: expandHome(passDir, this.deps),
      passCmd: g.passCmd,
      passPrefix: g.passPrefix,
    };
  }

  /** The keyring, chosen and opened once. */
  keyring(): Promise<Keyring> {
    this.#keyring ??= (async () => {
      const { openKeyring } = await import("../../backends/registry.ts");
      return await openKeyring({ deps: this.deps, log: this.log }, this.keyringOptions());
    })();
    return this.#keyring;
  }

  /** The run's key listing, shared by its two stores (a cached exec lists the keyring once). */
  #keyListing(): Promise<KeyListing> {
    this.#listing ??= (async () => {
      const [{ KeyListing }, keyring] = await Promise.all([
        import("../store/key_listing.ts"),
        this.keyring(),
      ]);
      return new KeyListing(keyring);
    })();
    return this.#listing;
  }

  /**
   * Starts decrypting, in the background, what a credential request for `profile` will most
   * likely read: its unexpired cached sessions (GetSessionToken ones only with sessions on),
   * else its stored credentials. Only with the `file` backend chosen by flag or variable:
   * its key derivation (~2 ms, on another thread) then overlaps reading the config, and no
   * other backend is opened or asked anything early. Resolves once the work is under way
   * (the key listing it needs is the one the run shares); errors are ignored here, the
   * real reads report them.
   */
  async prefetchCredentials(profile: string, noSession: boolean): Promise<void> {
    if (this.globals.backend !== "file") return;
    try {
      const [{ sessionKeysOf }, keyring, listing] = await Promise.all([
        import("../store/session_keys.ts"),
        this.keyring(),
        this.#keyListing(),
      ]);
      if (!keyring.prefetch) return;
      const keys = await listing.shared();
      const now = this.deps.clock.now().getTime() / 1000;
      const sessions = sessionKeysOf(keys, profile).filter(({ session }) =>
        session.expiration > now && !(noSession && session.type === "sts.GetSessionToken")
      ).map(({ key }) => key);
      await keyring.prefetch(sessions.length > 0 ? sessions : keys.filter((k) => k === profile));
    } catch {
      // The same failure reaches the command from the reads that follow.
    }
  }

  /** Master credentials in the keyring: one store per run, so its key listing is shared. */
  credentials(): Promise<CredentialStore> {
    this.#credentials ??= (async () => {
      const [{ CredentialStore }, keyring, listing] = await Promise.all([
        import("../store/credential_store.ts"),
        this.keyring(),
        this.#keyListing(),
      ]);
      return new CredentialStore(keyring, listing);
    })();
    return this.#credentials;
  }

  /** Cached sessions in the keyring (one store per run). */
  sessions(): Promise<SessionStore> {
    this.#sessions ??= (async () => {
      const [{ SessionStore }, keyring, listing] = await Promise.all([
        import("../store/session_store.ts"),
        this.keyring(),
        this.#keyListing(),
      ]);
      return new SessionStore(keyring, listing, { log: this.log });
    })();
    return this.#sessions;
  }
}
