/**
 * One STS call for many callers: a cross-process lock around "check the
 * cache, call STS, store the session", keyed by the session it produces.
 * Built on {@linkcode FileLocks} (released by the OS when a holder dies, so
 * a killed holder never blocks anyone); a holder that hangs is waited for at
 * most `waitMs`, after which the caller goes ahead on its own.
 *
 * Lock files are empty, named by a hash of the session key prefix (no
 * profile names, no secrets), in a directory created with mode 0o700.
 *
 * @module
 */

import { encodeBase64Url, utf8 } from "../encoding.ts";
import type { Clock, FileLocks, Fs, Logger } from "../platform/types.ts";

/** Runs `fn` while holding the lock called `name`; `label` names it in `--debug` lines. */
export type SessionLock = <T>(name: string, label: string, fn: () => Promise<T>) => Promise<T>;

/** How long to wait for another process by default (it may be waiting for an MFA code). */
export const DEFAULT_LOCK_WAIT_MS = 120_000;
/** How often a waiting process tries again. */
export const LOCK_POLL_MS = 40;

/** What {@linkcode createSessionLock} needs. */
export interface SessionLockOptions {
  /** Without locks, `fn` simply runs. */
  locks?: FileLocks;
  fs: Fs;
  clock: Clock;
  log: Logger;
  /** The directory holding the lock files. */
  dir: string;
  waitMs?: number;
  pollMs?: number;
}

/** The lock file name for `name`: a SHA-256 prefix, base64url. */
export async function lockFileName(name: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", utf8(name) as Uint8Array<ArrayBuffer>),
  );
  return `${encodeBase64Url(digest.slice(0, 18))}.lock`;
}

/** Creates the lock used around cache misses. */
export function createSessionLock(options: SessionLockOptions): SessionLock {
  const { locks, fs, clock, log, dir } = options;
  const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const pollMs = options.pollMs ?? LOCK_POLL_MS;
  return async <T>(name: string, label: string, fn: () => Promise<T>): Promise<T> => {
    if (!locks) return await fn();
    await fs.mkdirp(dir, { mode: 0o700 });
    const path = `${dir}/${await lockFileName(name)}`;
    const start = clock.now().getTime();
    let held = await locks.tryAcquire(path);
    if (!held) log.debug(`Waiting for another aws-vault process to get ${label}`);
    while (!held) {
      if (clock.now().getTime() - start >= waitMs) {
        log.debug(`Stopped waiting for the other process after ${waitMs / 1000}s; going ahead`);
        return await fn();
      }
      await clock.sleep(pollMs);
      held = await locks.tryAcquire(path);
    }
    try {
      return await fn();
    } finally {
      await held.release();
    }
  };
}
