/**
 * What every command receives: the dependencies, the global options, the
 * logger, and lazily opened shared resources (config file, keyring) so that a
 * command only pays for what it uses, once.
 *
 * @module
 */

import { openKeyring } from "../../backends/registry.ts";
import type { Keyring, KeyringOptions } from "../../backends/types.ts";
import { type ConfigFile, configFilePath, loadConfigFile } from "../config/config_file.ts";
import { expandHome, homeDir } from "../platform/home_dir.ts";
import type { Deps, Logger } from "../platform/types.ts";
import { KeyListing } from "../store/key_listing.ts";
import { CredentialStore } from "../store/credential_store.ts";
import { SessionStore } from "../store/session_store.ts";

/** The global flags, which every command accepts (`--debug`, `--backend`, `--prompt`, …). */
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
      return await openKeyring({ deps: this.deps, log: this.log }, this.keyringOptions());
    })();
    return this.#keyring;
  }

  /**
   * Opens backend `name` with the run's other keyring settings (file
   * directory, pass directory and prefix, collection and keychain names):
   * `migrate-backend` opens two this way, neither of them the run's keyring.
   */
  async openBackend(name: string): Promise<Keyring> {
    return await openKeyring(
      { deps: this.deps, log: this.log },
      { ...this.keyringOptions(), backend: name },
    );
  }

  /** The run's key listing, shared by its two stores (a cached exec lists the keyring once). */
  #keyListing(): Promise<KeyListing> {
    this.#listing ??= this.keyring().then((keyring) => new KeyListing(keyring));
    return this.#listing;
  }

  /** Master credentials in the keyring: one store per run, so its key listing is shared. */
  credentials(): Promise<CredentialStore> {
    this.#credentials ??= Promise.all([this.keyring(), this.#keyListing()])
      .then(([keyring, listing]) => new CredentialStore(keyring, listing));
    return this.#credentials;
  }

  /** Cached sessions in the keyring (one store per run). */
  sessions(): Promise<SessionStore> {
    this.#sessions ??= Promise.all([this.keyring(), this.#keyListing()])
      .then(([keyring, listing]) => new SessionStore(keyring, listing, { log: this.log }));
    return this.#sessions;
  }
}
