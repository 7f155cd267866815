/**
 * Creating and unlocking the Secret Service collection without a display
 * (SSH, CI, WSL, containers). The service's own prompts need a desktop (on
 * gnome-keyring, gcr-prompter dismisses them at once without one), so with
 * neither `DISPLAY` nor `WAYLAND_DISPLAY` set the password is asked on the
 * terminal and handed to gnome-keyring's private interface
 * (`CreateWithMasterPassword`, `UnlockWithMasterPassword`). Services without
 * that interface keep the standard prompt path, and when nothing can work the
 * error is one line that says what to do.
 *
 * @module
 */

import { KeyringError, NoTerminalError } from "../src/errors.ts";
import type { Env, Logger, Terminal } from "../src/platform/types.ts";
import {
  collectionPath,
  decodePathEscapes,
  GNOME_KEYRING_DENIED,
  isUnknownMethod,
  type SecretServiceClient,
  SecretServicePromptError,
} from "./secret_service_dbus.ts";
import { DbusError } from "./dbus_connection.ts";

/** How a {@linkcode HeadlessCollections} is set up. */
export interface HeadlessCollectionsOptions {
  /** Decides whether there is a display (`DISPLAY`, `WAYLAND_DISPLAY`). */
  env: Env;
  /** Where the passwords are asked. */
  terminal: Terminal;
  log: Logger;
}

const NO_DISPLAY =
  "there is no display for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set)";
const CREATE_ELSEWHERE =
  "create the collection once in a desktop session, or use an existing collection " +
  "(e.g. --secret-service-collection=login) or --backend=file";
const NO_PASSWORD_CALL = "and this Secret Service cannot take a password from the terminal";
const UNLOCK_ELSEWHERE = "unlock the collection in a desktop session, or use --backend=file";

/** Whether a graphical session is there to show the service's own prompts. */
export function hasDisplay(env: Env): boolean {
  return Boolean(env.get("DISPLAY")) || Boolean(env.get("WAYLAND_DISPLAY"));
}

/**
 * Creates and unlocks collections with a password asked on the terminal when
 * there is no display. One instance serves one process: each collection's
 * password is asked at most once (a new collection's password, confirmed, is
 * also the one used to unlock it later in the same process), and a failed
 * answer is not asked again.
 */
export class HeadlessCollections {
  /** True when there is no display: {@linkcode create} and {@linkcode unlock} apply. */
  readonly active: boolean;
  readonly #terminal: Terminal;
  readonly #log: Logger;
  readonly #passwords = new Map<string, Promise<string>>();
  readonly #creations = new Map<string, Promise<string>>();

  constructor(options: HeadlessCollectionsOptions) {
    this.active = !hasDisplay(options.env);
    this.#terminal = options.terminal;
    this.#log = options.log;
  }

  /**
   * Creates collection `name` and returns its object path. With gnome-keyring
   * and a terminal: asks for a new password twice and calls
   * `CreateWithMasterPassword` (label = `name`). Other services get the
   * standard `CreateCollection`, which works where it needs no prompt.
   */
  create(client: SecretServiceClient, name: string): Promise<string> {
    let creation = this.#creations.get(name);
    if (creation === undefined) {
      creation = this.#create(client, name);
      this.#creations.set(name, creation);
    }
    return creation;
  }

  async #create(client: SecretServiceClient, name: string): Promise<string> {
    const what = `creating collection ${JSON.stringify(name)}`;
    if (!(await client.hasMasterPasswordInterface())) {
      this.#log.debug(
        `secret-service: no display, and the service has no way to create "${name}" ` +
          "without its own prompt: trying that prompt",
      );
      return await standardPath(() => client.createCollection(name), what, CREATE_ELSEWHERE);
    }
    if (!this.#passwords.has(name) && !this.#terminal.available()) {
      throw new KeyringError(
        `${what}: ${NO_DISPLAY} and no terminal to ask for a password; run aws-vault once ` +
          `from a terminal, or ${CREATE_ELSEWHERE}`,
      );
    }
    const password = await this.#remember(name, () => {
      this.#log.debug(
        `secret-service: no display: asking on the terminal for a password for the new collection "${name}"`,
      );
      return this.#askNew(name, what);
    });
    let path: string;
    try {
      path = await client.createWithMasterPassword(name, new TextEncoder().encode(password));
    } catch (error) {
      if (isUnknownMethod(error)) {
        throw new KeyringError(`${what}: ${NO_DISPLAY}, ${NO_PASSWORD_CALL}; ${CREATE_ELSEWHERE}`, {
          cause: error,
        });
      }
      throw error;
    }
    this.#log.debug(`secret-service: created collection "${name}" at "${path}"`);
    if (path !== collectionPath(name) && decodePathEscapes(path) !== collectionPath(name)) {
      throw new KeyringError(
        `${what}: the service created it at "${path}", where aws-vault does not look for it; ` +
          'choose a collection name of letters, digits and "-"',
      );
    }
    return path;
  }

  /**
   * Unlocks collection `name` at `path`. With gnome-keyring and a terminal:
   * asks `Password to unlock the Secret Service collection "<name>": ` and
   * calls `UnlockWithMasterPassword`; a wrong password is a one-line error.
   * Other services get the standard `Unlock`.
   */
  async unlock(client: SecretServiceClient, path: string, name: string): Promise<void> {
    const what = `unlocking collection ${JSON.stringify(name)}`;
    if (!(await client.hasMasterPasswordInterface())) {
      this.#log.debug(
        `secret-service: no display, and the service has no way to unlock "${name}" ` +
          "without its own prompt: trying that prompt",
      );
      await standardPath(() => client.unlock(path, `collection "${name}"`), what, UNLOCK_ELSEWHERE);
      return;
    }
    if (!this.#passwords.has(name) && !this.#terminal.available()) {
      throw new KeyringError(
        `${what}: ${NO_DISPLAY} and no terminal to ask for its password; run aws-vault from ` +
          `a terminal, or ${UNLOCK_ELSEWHERE}`,
      );
    }
    const password = await this.#remember(name, () => {
      this.#log.debug(
        `secret-service: collection "${name}" is locked and there is no display: ` +
          "asking for its password on the terminal",
      );
      return this.#ask(
        `Password to unlock the Secret Service collection ${JSON.stringify(name)}: `,
        what,
      );
    });
    try {
      await client.unlockWithMasterPassword(path, new TextEncoder().encode(password));
    } catch (error) {
      if (error instanceof DbusError && error.errorName === GNOME_KEYRING_DENIED) {
        throw new KeyringError(`${what}: the password is wrong`, { cause: error });
      }
      if (isUnknownMethod(error)) {
        throw new KeyringError(`${what}: ${NO_DISPLAY}, ${NO_PASSWORD_CALL}; ${UNLOCK_ELSEWHERE}`, {
          cause: error,
        });
      }
      throw error;
    }
    this.#log.debug(`secret-service: unlocked collection "${name}"`);
  }

  /** The remembered answer for collection `name`, else `ask()`'s, remembered even when it fails. */
  #remember(name: string, ask: () => Promise<string>): Promise<string> {
    let answer = this.#passwords.get(name);
    if (answer === undefined) {
      answer = ask();
      this.#passwords.set(name, answer);
    }
    return answer;
  }

  async #askNew(name: string, what: string): Promise<string> {
    const quoted = JSON.stringify(name);
    const first = await this.#ask(
      `New password for the Secret Service collection ${quoted}: `,
      what,
    );
    if (first === "") {
      throw new KeyringError(
        `${what}: the password is empty (the collection would be stored unencrypted); ` +
          "nothing was created",
      );
    }
    const second = await this.#ask(
      `Repeat the password for the Secret Service collection ${quoted}: `,
      what,
    );
    if (first !== second) {
      throw new KeyringError(`${what}: the two passwords do not match; nothing was created`);
    }
    return first;
  }

  async #ask(message: string, what: string): Promise<string> {
    try {
      return await this.#terminal.prompt(message, { echo: false, promptTo: "stderr" });
    } catch (error) {
      if (error instanceof NoTerminalError) {
        throw new KeyringError(`${what}: cannot ask for the password: ${error.message}`, {
          cause: error,
        });
      }
      throw error;
    }
  }
}

/**
 * Runs the standard prompt path; a prompt dismissed for want of a display
 * becomes a one-line error saying what to do instead.
 */
async function standardPath<T>(fn: () => Promise<T>, what: string, advice: string): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof SecretServicePromptError && !error.timedOut) {
      throw new KeyringError(
        `${what}: ${NO_DISPLAY}, and this Secret Service can only ask through it; ${advice}`,
        { cause: error },
      );
    }
    throw error;
  }
}
