/**
 * The `keychain` backend: macOS Keychain through
 * `/usr/bin/security`, stored exactly where aws-vault v7.2.0 stores it —
 * generic passwords in the keychain file `<name>.keychain` (default
 * `aws-vault.keychain`), service `aws-vault`, account = item key, label and
 * description ("kind") from the item, data = the raw credential JSON only.
 *
 * Secrets never travel in argv: items are written by feeding one
 * `add-generic-password … -X <hex>` line to `security -i` on standard input.
 * That mode reads lines of at most 4094 bytes; data whose hex form does not
 * fit is sent as a quoted `-w "<text>"` argument on the same stdin line
 * (still never argv), and data too large even for that is refused.
 * Master credentials are created trusting no application (`-T ""`), so every
 * read asks the user, as aws-vault does; sessions get the default access.
 * An existing item is updated with `-U` and no `-T`, which keeps its access
 * list. The keychain is created on first write with `create-keychain -P`,
 * the same SecKeychainCreate call (password asked in a system dialog) that
 * aws-vault makes, so no keychain password passes through us either.
 *
 * @module
 */

import {
  type Env,
  ExecutableNotFoundError,
  type Logger,
  type ProcessRunner,
  type RunResult,
} from "../src/platform/types.ts";
import type { BackendDescriptor, Keyring, KeyringItem } from "./types.ts";
import { KeyringError } from "../src/errors.ts";
import { fromUtf8, utf8 } from "../src/encoding.ts";
import { helperEnv } from "../src/platform/helper_env.ts";
import {
  accountsOfService,
  classifyFailure,
  decodePasswordOutput,
  failureMessage,
  MAX_INTERACTIVE_LINE,
  parseDumpKeychain,
  quoteInteractive,
  type SecurityFailure,
  toHex,
} from "./keychain_format.ts";

/** The service attribute of every aws-vault item. */
export const KEYCHAIN_SERVICE = "aws-vault";
/** The keychain used when none is configured (`--keychain`). */
export const DEFAULT_KEYCHAIN_NAME = "aws-vault";

const PREFIX = 'Keyring backend "keychain"';
const SECURITY = "security";

/** What a {@linkcode KeychainKeyring} needs. */
export interface KeychainKeyringOptions {
  proc: ProcessRunner;
  /** The environment that helpers get, minus secrets (see `helperEnv`). */
  env: Env;
  log: Logger;
  /** The keychain name; the file is `<name>.keychain` in `~/Library/Keychains`. */
  keychainName?: string;
}

/** macOS Keychain as a {@linkcode Keyring}, through the `security` tool. */
export class KeychainKeyring implements Keyring {
  readonly backend = "keychain";
  readonly #options: KeychainKeyringOptions;
  /** The keychain argument given to every command, e.g. `aws-vault.keychain`. */
  readonly keychainFile: string;

  constructor(options: KeychainKeyringOptions) {
    this.#options = options;
    this.keychainFile = `${options.keychainName || DEFAULT_KEYCHAIN_NAME}.keychain`;
  }

  /**
   * {@inheritDoc Keyring.get}
   * Only the data is read back (`-w`); label and description stay in the
   * keychain, as nothing that reads an item uses them.
   */
  async get(key: string): Promise<KeyringItem | undefined> {
    const r = await this.#run([
      "find-generic-password",
      "-s",
      KEYCHAIN_SERVICE,
      "-a",
      key,
      "-w",
      this.keychainFile,
    ]);
    if (r.code !== 0) {
      const kind = failureOf(r);
      if (kind === "not-found" || kind === "no-keychain") return undefined;
      throw this.#failure("find-generic-password", r);
    }
    return {
      key,
      data: decodePasswordOutput(r.stdout),
      label: "",
      description: "",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    };
  }

  /** {@inheritDoc Keyring.set} */
  async set(item: KeyringItem): Promise<void> {
    let r = await this.#add(item, false);
    if (r.code !== 0 && failureOf(r) === "no-keychain") {
      await this.#createKeychain();
      r = await this.#add(item, false);
    }
    if (r.code !== 0 && failureOf(r) === "duplicate") {
      this.#options.log.debug(
        `keychain: "${item.key}" exists, updating it and keeping its access list`,
      );
      r = await this.#add(item, true);
    }
    if (r.code !== 0) throw this.#failure("add-generic-password", r);
  }

  /** {@inheritDoc Keyring.remove} */
  async remove(key: string): Promise<boolean> {
    const r = await this.#run([
      "delete-generic-password",
      "-s",
      KEYCHAIN_SERVICE,
      "-a",
      key,
      this.keychainFile,
    ]);
    if (r.code === 0) return true;
    const kind = failureOf(r);
    if (kind === "not-found" || kind === "no-keychain") return false;
    throw this.#failure("delete-generic-password", r);
  }

  /** {@inheritDoc Keyring.keys} */
  async keys(): Promise<string[]> {
    const r = await this.#run(["dump-keychain", this.keychainFile]);
    if (r.code !== 0) {
      if (failureOf(r) === "no-keychain") return [];
      throw this.#failure("dump-keychain", r);
    }
    return accountsOfService(parseDumpKeychain(text(r.stdout)), KEYCHAIN_SERVICE);
  }

  /** Runs one `add-generic-password` through `security -i`, the data on stdin only. */
  async #add(item: KeyringItem, update: boolean): Promise<RunResult> {
    const args = ["add-generic-password"];
    if (update) args.push("-U");
    args.push("-s", KEYCHAIN_SERVICE, "-a", item.key, "-l", item.label, "-D", item.description);
    // Trust no application for master credentials; an update keeps the item's access as it is.
    if (item.keychainNotTrustApplication && !update) args.push("-T", "");
    const line = this.#commandLine(args, item);
    const shown = `${args.join(" ")} ${line.form} <${item.data.length} bytes> ${this.keychainFile}`;
    this.#options.log.debug(`keychain: security -i: ${shown}`);
    return await this.#run(["-i"], `${line.text}\n`);
  }

  #commandLine(args: string[], item: KeyringItem): { text: string; form: "-X" | "-w" } {
    const fits = (line: string) => utf8(line).length <= MAX_INTERACTIVE_LINE;
    const build = (flag: string, value: string) => {
      try {
        return [...args, flag, value, this.keychainFile].map(quoteInteractive).join(" ");
      } catch {
        throw new KeyringError(
          `${PREFIX}: "${item.key}" cannot be stored: a line break cannot be passed to security`,
        );
      }
    };
    const hex = build("-X", toHex(item.data));
    if (fits(hex)) return { text: hex, form: "-X" };
    let raw: string | undefined;
    try {
      raw = fromUtf8(item.data);
    } catch {
      raw = undefined;
    }
    if (raw !== undefined && !/[\r\n\0]/.test(raw)) {
      const quoted = build("-w", raw);
      if (fits(quoted)) return { text: quoted, form: "-w" };
    }
    throw new KeyringError(
      `${PREFIX}: "${item.key}" is too large to store through security -i ` +
        `(${item.data.length} bytes; its command line must fit in ${MAX_INTERACTIVE_LINE} bytes)`,
    );
  }

  async #createKeychain(): Promise<void> {
    this.#options.log.debug(
      `keychain: creating ${this.keychainFile}; macOS asks for its new password`,
    );
    const r = await this.#run(["create-keychain", "-P", this.keychainFile]);
    if (r.code === 0) return;
    throw new KeyringError(
      `${PREFIX}: cannot create the keychain "${this.keychainFile}": ${
        failureMessage(r.code, text(r.stderr))
      }; ` +
        `to create it on a terminal instead, run: security create-keychain ${this.keychainFile}`,
    );
  }

  async #run(args: string[], stdin?: string): Promise<RunResult> {
    if (stdin === undefined) this.#options.log.debug(`keychain: security ${args.join(" ")}`);
    try {
      return await this.#options.proc.run({
        cmd: SECURITY,
        args,
        env: helperEnv(this.#options.env),
        stdin,
      });
    } catch (error) {
      if (error instanceof ExecutableNotFoundError) {
        throw new KeyringError(
          `${PREFIX}: the "security" program was not found; it is part of macOS (/usr/bin/security)`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  #failure(command: string, r: RunResult): KeyringError {
    return new KeyringError(
      `${PREFIX}: security ${command} failed: ${failureMessage(r.code, text(r.stderr))}`,
    );
  }
}

function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

/** What a failed run of `security` means. */
function failureOf(r: RunResult): SecurityFailure {
  return classifyFailure(r.code, text(r.stderr));
}

/** The `keychain` backend: offered on macOS, usable when `security` is on PATH. */
export const KEYCHAIN_BACKEND: BackendDescriptor = {
  name: "keychain",
  os: ["darwin"],
  async probe(ctx) {
    const path = await ctx.deps.proc.which(SECURITY);
    return path === undefined
      ? { usable: false, reason: `"security" was not found on PATH` }
      : { usable: true, reason: `${path} is there` };
  },
  open(ctx, options) {
    return Promise.resolve(
      new KeychainKeyring({
        proc: ctx.deps.proc,
        env: ctx.deps.env,
        log: ctx.log,
        keychainName: options.keychainName,
      }),
    );
  },
};
