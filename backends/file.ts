/**
 * The encrypted file backend, byte-compatible with aws-vault's: one file per
 * item in one directory (`~/.awsvault/keys/` by default), holding a compact
 * JWE sealed with the passphrase (PBES2-HS256+A128KW, A256GCM; see `jwe.ts`),
 * the file name being the key with only `/` and `%` percent-encoded.
 *
 * @module
 */

import { KeyringError, KeyringItemCorruptError, messageOf } from "../src/errors.ts";
import { fromUtf8 } from "../src/encoding.ts";
import { type DirEntry, FileNotFoundError, type Fs, type Logger } from "../src/platform/types.ts";
import { decodeItemJson, encodeItemJson } from "./item_json.ts";
import { parseAtomicTempName } from "../src/platform/atomic_temp.ts";
import { decodeFileName, encodeFileName, sortBytewise } from "./file_names.ts";
import { decryptJwe, encryptJwe, JweError } from "./jwe.ts";
import type { Keyring, KeyringItem } from "./types.ts";

/** Options of {@linkcode FileKeyring}. */
export interface FileKeyringOptions {
  /** The directory holding the files, with `~` already expanded. */
  dir: string;
  fs: Fs;
  /** Returns the passphrase; called only when an item is encrypted or decrypted. */
  passphrase: () => Promise<string>;
  /**
   * Decrypts an item elsewhere (the agent) before the passphrase is needed: the
   * plaintext of `jwe`, or `undefined` to decrypt it here.
   */
  decryptElsewhere?: (jwe: string) => Promise<string | undefined>;
  /** The clock for the JWE `created` header field. */
  now?: () => Date;
  log?: Logger;
}

const q = (value: string) => JSON.stringify(value);

/** Returns `key`, or throws when it cannot be a file name. */
function checkKey(key: string): string {
  if (key === "" || key === "." || key === "..") {
    throw new KeyringError(`Invalid keyring key ${q(key)}: it cannot be used as a file name`);
  }
  return key;
}

/**
 * The `file` keyring: items encrypted with a passphrase, one file per key,
 * readable and writable by aws-vault v7 and later. Listing, removing and
 * reading a missing key never ask for the passphrase.
 */
export class FileKeyring implements Keyring {
  /** Always `"file"`. */
  readonly backend = "file";
  readonly #dir: string;
  readonly #fs: Fs;
  readonly #passphrase: () => Promise<string>;
  readonly #decryptElsewhere?: (jwe: string) => Promise<string | undefined>;
  readonly #now?: () => Date;
  readonly #log?: Logger;
  /** The last passphrase that decrypted an item (shows a failed key unwrap is damage). */
  #rightPassphrase?: string;

  /** Creates the keyring; nothing is touched on disk until the first operation. */
  constructor(options: FileKeyringOptions) {
    this.#dir = options.dir;
    this.#fs = options.fs;
    this.#passphrase = options.passphrase;
    this.#decryptElsewhere = options.decryptElsewhere;
    this.#now = options.now;
    this.#log = options.log;
  }

  /** Reads and decrypts the item; `undefined` (without a passphrase) when there is no file. */
  async get(key: string): Promise<KeyringItem | undefined> {
    // The file is read before the directory is checked (a stat is not free on the hot path);
    // the check, and the directory's creation, follow a failed read.
    const path = this.#join(encodeFileName(checkKey(key)));
    let token: string;
    try {
      token = await this.#fs.readTextFile(path);
    } catch (error) {
      await this.#ensureDir();
      if (error instanceof FileNotFoundError) return undefined;
      throw new KeyringError(`Cannot read ${q(key)} from ${q(path)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const text = await this.#decryptElsewhere?.(token);
    if (text !== undefined) {
      this.#log?.debug(`file backend: the agent decrypted ${q(path)}`);
    }
    return this.#decode(key, text ?? fromUtf8(await this.#decrypt(key, path, token)));
  }

  async #decrypt(key: string, path: string, token: string): Promise<Uint8Array> {
    const passphrase = await this.#passphrase();
    this.#log?.debug(`file backend: decrypting ${q(path)}`);
    try {
      const plaintext = await decryptJwe(token, passphrase);
      this.#rightPassphrase = passphrase;
      return plaintext;
    } catch (error) {
      if (!(error instanceof JweError)) throw error;
      throw await this.#decryptError(key, path, error, passphrase);
    }
  }

  #decode(key: string, plaintext: string): KeyringItem {
    try {
      return decodeItemJson(plaintext);
    } catch {
      // The parser's message may quote the secret: say only what is wrong.
      throw new KeyringItemCorruptError(
        `Cannot decode ${q(key)}: the decrypted item is not a keyring item in JSON`,
      );
    }
  }

  /**
   * The error for a file that does not decrypt. A failed key unwrap means a wrong
   * passphrase or a damaged file; it is reported as a wrong passphrase unless the
   * passphrase is shown to be right. Every other failure means a damaged file.
   */
  async #decryptError(
    key: string,
    path: string,
    error: JweError,
    passphrase: string,
  ): Promise<KeyringError> {
    const message = `Cannot decrypt ${q(key)}: ${error.message}`;
    if (error.code !== "JWE_KEY_UNWRAP" || await this.#passphraseWorks(passphrase, path)) {
      return new KeyringItemCorruptError(message, { cause: error });
    }
    return new JweError(error.code, `${message} (wrong passphrase?)`, { cause: error });
  }

  /**
   * Whether `passphrase` is shown to be right: it decrypted an item earlier in this
   * process, or it decrypts another file now (one more decryption, on this error path
   * only). At most three other files are tried, and one whose key unwrap fails too
   * ends the search: a wrong passphrase is by far the likelier cause then.
   */
  async #passphraseWorks(passphrase: string, except: string): Promise<boolean> {
    if (this.#rightPassphrase === passphrase) return true;
    const others = (await this.keys().catch(() => []))
      .map((k) => this.#join(encodeFileName(k)))
      .filter((p) => p !== except)
      .slice(0, 3);
    for (const path of others) {
      try {
        await decryptJwe(await this.#fs.readTextFile(path), passphrase);
        this.#rightPassphrase = passphrase;
        return true;
      } catch (error) {
        if (error instanceof JweError && error.code === "JWE_KEY_UNWRAP") return false;
      }
    }
    return false;
  }

  /**
   * Encrypts the item and writes it atomically with mode 0600, then deletes the
   * temporary files of earlier writers that were killed mid-write.
   */
  async set(item: KeyringItem): Promise<void> {
    const path = await this.#pathOf(item.key);
    const passphrase = await this.#passphrase();
    const token = await encryptJwe(encodeItemJson(item), passphrase, { now: this.#now });
    this.#log?.debug(`file backend: writing ${q(path)}`);
    try {
      await this.#fs.writeFileAtomic(path, token, { mode: 0o600 });
    } catch (error) {
      throw new KeyringError(`Cannot write ${q(item.key)} to ${q(path)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    // Best effort: the item is stored; a cleanup that fails is retried by the next write.
    await this.removeLeftovers().catch((error) =>
      this.#log?.debug(`file backend: leftover temporary files not removed: ${messageOf(error)}`)
    );
  }

  /**
   * Deletes the item's file, and the temporary files of the item's killed
   * writers; false when there was no item file.
   */
  async remove(key: string): Promise<boolean> {
    const path = await this.#pathOf(key);
    let removed = true;
    try {
      await this.#fs.remove(path);
    } catch (error) {
      if (!(error instanceof FileNotFoundError)) {
        throw new KeyringError(`Cannot remove ${q(key)} (${q(path)}): ${messageOf(error)}`, {
          cause: error,
        });
      }
      removed = false;
    }
    await this.#removeLeftovers(encodeFileName(key));
    return removed;
  }

  /** Deletes the temporary files of writers killed mid-write (never an item); returns how many. */
  removeLeftovers(): Promise<number> {
    return this.#removeLeftovers();
  }

  async #removeLeftovers(target?: string): Promise<number> {
    // Loaded on first use: writes are rare next to the cached reads every start makes.
    const { removeAbandonedTempFiles } = await import("./file_leftovers.ts");
    return await removeAbandonedTempFiles({
      dir: this.#dir,
      fs: this.#fs,
      now: this.#now ?? (() => new Date()),
      log: this.#log,
      target,
    });
  }

  /**
   * The keys of all regular files in the directory (decoded from their file
   * names, in file-name byte order), skipping our own temporary files.
   * Never decrypts anything.
   */
  async keys(): Promise<string[]> {
    let entries: readonly (DirEntry | string)[];
    try {
      entries = this.#fs.readDirEntries
        ? await this.#fs.readDirEntries(this.#dir)
        : await this.#fs.readDir(this.#dir);
    } catch (error) {
      // As in get(): the directory is checked (and created) only when listing fails.
      await this.#ensureDir();
      if (error instanceof FileNotFoundError) return [];
      throw new KeyringError(`Cannot list ${q(this.#dir)}: ${messageOf(error)}`, { cause: error });
    }
    // The listed type settles all but symbolic links (and bare names), which are
    // followed with a stat: a link to a regular file counts as a file.
    const files: string[] = [];
    const unknown: string[] = [];
    for (const entry of entries) {
      const name = typeof entry === "string" ? entry : entry.name;
      if (parseAtomicTempName(name)) continue;
      if (typeof entry === "string" || entry.isSymlink) unknown.push(name);
      else if (entry.isFile) files.push(name);
    }
    const infos = await Promise.all(
      unknown.map((name) => this.#fs.stat(this.#join(name)).catch(() => undefined)),
    );
    unknown.forEach((name, i) => {
      if (infos[i]?.isFile === true) files.push(name);
    });
    return sortBytewise(files).map(decodeFileName);
  }

  #join(name: string): string {
    return /[/\\]$/.test(this.#dir) ? this.#dir + name : `${this.#dir}/${name}`;
  }

  async #pathOf(key: string): Promise<string> {
    checkKey(key);
    await this.#ensureDir();
    return this.#join(encodeFileName(key));
  }

  async #ensureDir(): Promise<void> {
    let info;
    try {
      info = await this.#fs.stat(this.#dir);
      if (info === undefined) {
        this.#log?.debug(`file backend: creating ${q(this.#dir)}`);
        await this.#fs.mkdirp(this.#dir, { mode: 0o700 });
        return;
      }
    } catch (error) {
      throw new KeyringError(`Cannot create ${q(this.#dir)}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    if (!info.isDirectory) throw new KeyringError(`${q(this.#dir)} is a file, not a directory`);
  }
}
