/**
 * A Unix-socket server's OS side for `aws-vault agent`: a private directory for
 * the socket, a listener whose socket only its owner can use, and telling a
 * live socket from a stale file.
 *
 * @module
 */

import type { ByteStream } from "./deno_unix_socket.ts";

/** A listening Unix socket. */
export interface UnixListener {
  /** Connections as they come; ends when the listener is closed. */
  [Symbol.asyncIterator](): AsyncIterator<ByteStream>;
  close(): void;
}

/**
 * Creates `dir` with mode 0700 when it is missing; throws a one-line error when it
 * exists with access for group or others, or belongs to another user.
 */
export function ensurePrivateDir(dir: string): void {
  let info: Deno.FileInfo;
  try {
    info = Deno.lstatSync(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
    Deno.chmodSync(dir, 0o700);
    return;
  }
  const quoted = JSON.stringify(dir);
  if (!info.isDirectory) throw new Error(`${quoted} is not a directory`);
  if (info.uid !== null && info.uid !== Deno.uid()) {
    throw new Error(`Refusing ${quoted}: it belongs to another user`);
  }
  const mode = (info.mode ?? 0) & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new Error(
      `Refusing ${quoted}: it is open to group or others (mode 0${mode.toString(8)}); ` +
        `make it 0700`,
    );
  }
}

/** What is at a socket path: a live listener, a stale socket file, nothing, or something else. */
export async function probeSocket(path: string): Promise<"live" | "stale" | "none" | "other"> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.lstat(path);
  } catch {
    return "none";
  }
  if (!info.isSocket) return "other";
  try {
    (await Deno.connect({ transport: "unix", path })).close();
    return "live";
  } catch {
    return "stale";
  }
}

/** Removes a stale socket file (nothing when it is already gone). */
export function removeSocketFile(path: string): void {
  try {
    Deno.removeSync(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** Listens on `path` and makes the socket 0600 at once (its directory is already private). */
export function listenUnix(path: string): UnixListener {
  const listener = Deno.listen({ transport: "unix", path });
  try {
    Deno.chmodSync(path, 0o600);
  } catch (error) {
    listener.close();
    throw error;
  }
  return listener;
}
