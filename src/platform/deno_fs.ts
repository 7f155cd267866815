/**
 * The real {@linkcode Fs}, on `Deno.*` file APIs.
 *
 * @module
 */

import { atomicTempName } from "./atomic_temp.ts";
import { type FileInfo, FileNotFoundError, FileTooLargeError, type Fs } from "./types.ts";

function translate(error: unknown, path: string): unknown {
  if (error instanceof Deno.errors.NotFound) return new FileNotFoundError(path, { cause: error });
  return error;
}

async function wrap<T>(path: string, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    throw translate(error, path);
  }
}

/**
 * Runs a synchronous file operation as a promise. Reads use the sync APIs on
 * purpose: each async file op is a round trip through the runtime's blocking
 * thread pool, and a command makes several in a row, so the sync forms keep
 * the hot path (`export`, cached `exec --json`) short.
 */
function sync<T>(path: string, op: () => T): Promise<T> {
  try {
    return Promise.resolve(op());
  } catch (error) {
    return Promise.reject(translate(error, path));
  }
}

function dirname(path: string): string {
  const i = Math.max(
    path.lastIndexOf("/"),
    Deno.build.os === "windows" ? path.lastIndexOf("\\") : -1,
  );
  return i <= 0 ? (i === 0 ? path.slice(0, 1) : ".") : path.slice(0, i);
}

function isAbsolute(path: string): boolean {
  return path.startsWith("/") ||
    (Deno.build.os === "windows" && /^(?:[A-Za-z]:)?[\\/]/.test(path));
}

function basename(path: string): string {
  const i = Math.max(
    path.lastIndexOf("/"),
    Deno.build.os === "windows" ? path.lastIndexOf("\\") : -1,
  );
  return path.slice(i + 1);
}

/** At most this many links are followed, as on Linux (`ELOOP`). */
const MAX_LINKS = 40;

/**
 * The path that `path` finally refers to when it is a symbolic link (to a
 * link, ...), resolved relative to each link's directory; `path` itself when
 * it is not a link. The final file need not exist.
 */
function linkTarget(path: string): string {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let isLink: boolean;
    try {
      isLink = Deno.lstatSync(current).isSymlink;
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) return current;
      throw translate(error, path);
    }
    if (!isLink) return current;
    const next = Deno.readLinkSync(current);
    current = isAbsolute(next) ? next : `${dirname(current)}/${next}`;
  }
  throw new Error(`Too many levels of symbolic links: "${path}"`);
}

/** The first read's buffer: most files fit in it, so a read is one allocation and two calls. */
const FIRST_READ_BYTES = 64 * 1024;

/**
 * Reads a file's text through an open handle, at most `maxBytes` and one more
 * byte to tell that it is larger: no stat (a process's first is not free),
 * and an endless file (`/dev/zero`, a pipe that keeps writing) stops at the limit.
 * Decodes as `Deno.readTextFileSync` does (a BOM is kept, bad bytes become U+FFFD).
 */
function readTextCapped(path: string, maxBytes: number): string {
  const file = Deno.openSync(path);
  try {
    let buffer = new Uint8Array(Math.min(maxBytes + 1, FIRST_READ_BYTES));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw new FileTooLargeError(path, maxBytes);
        const grown = new Uint8Array(Math.min(length * 4, maxBytes + 1));
        grown.set(buffer);
        buffer = grown;
      }
      const read = file.readSync(buffer.subarray(length));
      if (read === null) break;
      length += read;
    }
    return new TextDecoder("utf-8", { ignoreBOM: true }).decode(buffer.subarray(0, length));
  } finally {
    file.close();
  }
}

/** Creates the real file system access object. */
export function denoFs(): Fs {
  return {
    readTextFile: (path, options = {}) =>
      sync(path, () => {
        const { maxBytes } = options;
        return maxBytes === undefined
          ? Deno.readTextFileSync(path)
          : readTextCapped(path, maxBytes);
      }),
    readFile: (path) => sync(path, () => Deno.readFileSync(path)),
    async writeFileAtomic(path, data, options = {}) {
      const mode = options.mode ?? 0o600;
      const target = options.followSymlinks ? linkTarget(path) : path;
      const tmp = `${dirname(target)}/${atomicTempName(basename(target), Deno.pid)}`;
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      try {
        const file = await Deno.open(tmp, { write: true, createNew: true, mode });
        try {
          let written = 0;
          while (written < bytes.length) written += await file.write(bytes.subarray(written));
          await file.sync();
        } finally {
          file.close();
        }
        if (Deno.build.os !== "windows") await Deno.chmod(tmp, mode);
        await Deno.rename(tmp, target);
      } catch (error) {
        await Deno.remove(tmp).catch(() => {});
        throw translate(error, path);
      }
    },
    ensureFile: (path, options = {}) =>
      sync(path, () => {
        // Without truncation or exclusivity: a file that exists (or appears) is kept as it is.
        Deno.openSync(path, { append: true, create: true, mode: options.mode ?? 0o600 }).close();
      }),
    async mkdirp(path, options = {}) {
      await Deno.mkdir(path, { recursive: true, mode: options.mode ?? 0o700 });
    },
    stat(path): Promise<FileInfo | undefined> {
      try {
        const info = Deno.statSync(path);
        return Promise.resolve({
          isFile: info.isFile,
          isDirectory: info.isDirectory,
          mode: info.mode === null ? null : info.mode & 0o7777,
          mtime: info.mtime,
        });
      } catch (error) {
        if (error instanceof Deno.errors.NotFound) return Promise.resolve(undefined);
        return Promise.reject(error);
      }
    },
    readDir: (path) => sync(path, () => Array.from(Deno.readDirSync(path), (entry) => entry.name)),
    readDirEntries: (path) => sync(path, () => Array.from(Deno.readDirSync(path))),
    remove: (path) => wrap(path, () => Deno.remove(path)),
    chmod: (path, mode) => wrap(path, () => Deno.chmod(path, mode)),
  };
}
