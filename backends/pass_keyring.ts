/**
 * The `pass` keyring: entries `<prefix>/<key>` in a password store, each holding
 * the whole-item JSON, stored and read through the `pass` program exactly as
 * aws-vault v7.2.0 does. Existence checks and key listing look at the `.gpg`
 * files directly, without running anything.
 *
 * @module
 */

import { KeyringError } from "../src/errors.ts";
import { ExecutableNotFoundError } from "../src/platform/types.ts";
import type { Env, Fs, Logger, ProcessRunner, RunResult } from "../src/platform/types.ts";
import type { Keyring, KeyringItem } from "./types.ts";
import { decodeItemJson, encodeItemJson } from "./item_json.ts";
import { helperEnv } from "../src/platform/helper_env.ts";
import {
  compareBytewise,
  goJoinPath,
  passEntryFile,
  passEntryName,
  PassKeyError,
  repairListedKey,
} from "./pass_paths.ts";

/** How a {@linkcode PassKeyring} is set up. */
export interface PassKeyringOptions {
  /** The pass program (`--pass-cmd`, default `pass`). */
  passCmd: string;
  /** The store directory, already resolved (`--pass-dir`, `PASSWORD_STORE_DIR`, `~/.password-store`). */
  dir: string;
  /** The entry prefix (`--pass-prefix`), may be empty. */
  prefix: string;
  proc: ProcessRunner;
  fs: Fs;
  env: Env;
  log: Logger;
  /** Time limit for one pass run; gpg may be asking for a passphrase (default 120 s). */
  timeoutMs?: number;
}

/** The message when the pass program cannot be found. */
export function passMissingMessage(passCmd: string): string {
  const hint = passCmd === "pass" ? ' (install the Debian package "pass")' : "";
  return `The pass program is not available: "${passCmd}" was not found${hint}`;
}

/** A keyring in a pass password store. */
export class PassKeyring implements Keyring {
  /** {@inheritDoc Keyring.backend} */
  readonly backend = "pass";
  readonly #o: PassKeyringOptions;

  constructor(options: PassKeyringOptions) {
    this.#o = options;
  }

  #name(key: string): string {
    try {
      return passEntryName(this.#o.prefix, key);
    } catch (error) {
      if (error instanceof PassKeyError) throw new KeyringError(`pass backend: ${error.message}`);
      throw error;
    }
  }

  async #exists(name: string): Promise<boolean> {
    return (await this.#o.fs.stat(passEntryFile(this.#o.dir, name)))?.isFile === true;
  }

  async #pass(args: string[], stdin?: string): Promise<RunResult> {
    const { passCmd, dir, log } = this.#o;
    const shown = `${passCmd} ${args.join(" ")}`;
    log.debug(`pass: running "${shown}" with PASSWORD_STORE_DIR="${dir}"`);
    let result: RunResult;
    try {
      result = await this.#o.proc.run({
        cmd: passCmd,
        args,
        env: helperEnv(this.#o.env, { PASSWORD_STORE_DIR: dir }),
        stdin,
        timeoutMs: this.#o.timeoutMs ?? 120_000,
      });
    } catch (error) {
      if (error instanceof ExecutableNotFoundError) {
        throw new KeyringError(passMissingMessage(passCmd), { cause: error });
      }
      throw new KeyringError(
        `pass backend: "${shown}" could not be run: ${firstLine(String(error))}`,
        {
          cause: error,
        },
      );
    }
    if (result.timedOut) {
      const seconds = (this.#o.timeoutMs ?? 120_000) / 1000;
      throw new KeyringError(`pass backend: "${shown}" did not finish within ${seconds} s`);
    }
    if (!result.success) {
      const said = firstLine(new TextDecoder().decode(result.stderr)) ||
        `exit status ${result.code}`;
      throw new KeyringError(`pass backend: "${shown}" failed: ${said}`);
    }
    return result;
  }

  /** {@inheritDoc Keyring.get} */
  async get(key: string): Promise<KeyringItem | undefined> {
    const name = this.#name(key);
    if (!(await this.#exists(name))) return undefined;
    const result = await this.#pass(["show", name]);
    try {
      return decodeItemJson(new TextDecoder("utf-8", { fatal: true }).decode(result.stdout));
    } catch {
      // The parser's message may quote the secret: say only what is wrong.
      throw new KeyringError(`pass backend: entry "${name}" does not hold a keyring item in JSON`);
    }
  }

  /** {@inheritDoc Keyring.set} */
  async set(item: KeyringItem): Promise<void> {
    await this.#pass(["insert", "-m", "-f", this.#name(item.key)], encodeItemJson(item));
  }

  /** {@inheritDoc Keyring.remove} */
  async remove(key: string): Promise<boolean> {
    const name = this.#name(key);
    if (!(await this.#exists(name))) return false;
    await this.#pass(["rm", "-f", name]);
    return true;
  }

  /** {@inheritDoc Keyring.keys} The `.gpg` files under `<dir>/<prefix>`, in Go's walk order. */
  async keys(): Promise<string[]> {
    const root = goJoinPath(this.#o.dir, this.#o.prefix);
    const info = await this.#o.fs.stat(root);
    if (info === undefined) return [];
    if (!info.isDirectory) throw new KeyringError(`pass backend: "${root}" is not a directory`);
    const keys: string[] = [];
    await this.#walk(root, "", keys, 0);
    return keys;
  }

  async #walk(dir: string, relative: string, keys: string[], depth: number): Promise<void> {
    if (depth > 64) {
      throw new KeyringError(`pass backend: "${dir}" is nested too deeply (a symlink loop?)`);
    }
    const names = (await this.#o.fs.readDir(dir)).sort(compareBytewise);
    for (const name of names) {
      const rel = relative === "" ? name : `${relative}/${name}`;
      const info = await this.#o.fs.stat(`${dir}/${name}`);
      if (info?.isDirectory) await this.#walk(`${dir}/${name}`, rel, keys, depth + 1);
      else if (info !== undefined && name.length > 4 && name.endsWith(".gpg")) {
        keys.push(repairListedKey(rel.slice(0, -4)));
      }
    }
  }
}

function firstLine(text: string): string {
  return text.split("\n").map((l) => l.trim()).find((l) => l !== "") ?? "";
}
