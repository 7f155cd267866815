/**
 * One STS call (or SSO login) for many callers: a cross-process lock around
 * "check the cache, call AWS, store the result", keyed by what it produces.
 * Built on {@linkcode FileLocks} (released by the OS when a holder dies, so
 * a killed holder never blocks anyone); a holder that hangs is waited for at
 * most `waitMs`, after which the caller goes ahead on its own.
 *
 * When the holder's call fails because of the endpoint (no answer in time,
 * unreachable, an unreadable answer), or its SSO login ended without a
 * token (the device code expired, the request was denied), it records the
 * error next to the lock before letting go; a caller that waited meanwhile
 * reports that error at once instead of making the same call again, so
 * callers queued behind a hanging endpoint or a failed login all end together. Failures that depend on the caller (an
 * MFA code, a prompt) are not shared; a record older than the wait is ignored,
 * and the next success removes it.
 *
 * Lock files are empty, named by a hash of the session key prefix (no
 * profile names, no secrets), in a directory created with mode 0o700; a
 * failure record (`<hash>.failed`, mode 0o600) holds the one-line error and
 * its time, never a credential.
 *
 * @module
 */

import { encodeBase64Url, utf8 } from "../encoding.ts";
import {
  AwsVaultError,
  CredentialsError,
  ENDPOINT_FAILURE_CODES,
  SSO_LOGIN_FAILED_CODE,
} from "../errors.ts";
import type { Clock, FileLocks, Fs, Logger, Output } from "../platform/types.ts";

/**
 * Runs `fn` while holding the lock called `name`; `label` names it in `--debug`
 * lines. `waitMs` replaces the default wait for another holder (an SSO login
 * in the browser takes minutes); `onLongWait` is called once when the wait
 * has lasted {@linkcode LONG_WAIT_NOTICE_MS}, to tell the user why nothing happens.
 */
export type SessionLock = <T>(
  name: string,
  label: string,
  fn: () => Promise<T>,
  options?: LockCallOptions,
) => Promise<T>;

/** Options of one {@linkcode SessionLock} call. */
export interface LockCallOptions {
  waitMs?: number;
  onLongWait?: () => void;
}

/** How long a caller waits before {@linkcode LockCallOptions.onLongWait} is called. */
export const LONG_WAIT_NOTICE_MS = 3_000;

/** How long to wait for another process by default (it may be waiting for an MFA code). */
export const DEFAULT_LOCK_WAIT_MS = 120_000;
/**
 * How long to wait for another process's SSO login: a person confirming it in
 * a browser, for as long as the device code lasts (10 minutes at AWS).
 */
export const SSO_LOGIN_WAIT_MS = 15 * 60_000;
/** Tells the user on `stderr` that this process waits for another one's SSO login for `startUrl`. */
export function ssoWaitNotice(stderr: Output, startUrl: string): () => void {
  return () =>
    stderr.write(
      `Waiting for another aws-vault process to finish the SSO login for ${startUrl} ` +
        "(use Ctrl-C to abort)\n",
    );
}

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

/** A holder's failure, as recorded next to the lock. */
interface FailureRecord {
  /** When it failed, in milliseconds since the epoch. */
  at: number;
  code: string;
  message: string;
}

/** The lock file name for `name`: a SHA-256 prefix, base64url. */
export async function lockFileName(name: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", utf8(name) as Uint8Array<ArrayBuffer>),
  );
  return `${encodeBase64Url(digest.slice(0, 18))}.lock`;
}

/** The name of the failure record that goes with a lock file name. */
export function failureFileName(lockFile: string): string {
  return lockFile.replace(/\.lock$/, ".failed");
}

async function readFailure(fs: Fs, path: string): Promise<FailureRecord | undefined> {
  try {
    const r = JSON.parse(await fs.readTextFile(path));
    const valid = typeof r?.at === "number" && typeof r.code === "string" &&
      typeof r.message === "string";
    return valid ? { at: r.at, code: r.code, message: r.message.split("\n")[0] } : undefined;
  } catch {
    return undefined;
  }
}

/** Failures a waiting caller reports instead of trying again: the endpoint's, and a failed SSO login. */
function isShared(error: unknown): error is AwsVaultError {
  if (!(error instanceof AwsVaultError)) return false;
  return ENDPOINT_FAILURE_CODES.has(error.code) || error.code === SSO_LOGIN_FAILED_CODE;
}

async function recordFailure(fs: Fs, path: string, at: number, error: unknown): Promise<void> {
  if (!isShared(error)) return;
  const record: FailureRecord = { at, code: error.code, message: error.message.split("\n")[0] };
  // Best effort: without the record, the callers waiting make their own calls.
  await fs.writeFileAtomic(path, JSON.stringify(record), { mode: 0o600 }).catch(() => {});
}

/** Creates the lock used around cache misses. */
export function createSessionLock(options: SessionLockOptions): SessionLock {
  const { locks, fs, clock, log, dir } = options;
  const defaultWaitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS;
  const pollMs = options.pollMs ?? LOCK_POLL_MS;
  return async <T>(
    name: string,
    label: string,
    fn: () => Promise<T>,
    callOptions: LockCallOptions = {},
  ): Promise<T> => {
    if (!locks) return await fn();
    const waitMs = callOptions.waitMs ?? defaultWaitMs;
    await fs.mkdirp(dir, { mode: 0o700 });
    const file = await lockFileName(name);
    const path = `${dir}/${file}`;
    const failurePath = `${dir}/${failureFileName(file)}`;
    const start = clock.now().getTime();
    let held = await locks.tryAcquire(path);
    const waited = !held;
    if (waited) log.debug(`Waiting for another aws-vault process to get ${label}`);
    let noticed = false;
    while (!held) {
      const waitedMs = clock.now().getTime() - start;
      if (!noticed && waitedMs >= LONG_WAIT_NOTICE_MS) {
        noticed = true;
        callOptions.onLongWait?.();
      }
      if (waitedMs >= waitMs) {
        log.debug(`Stopped waiting for the other process after ${waitMs / 1000}s; going ahead`);
        return await fn();
      }
      await clock.sleep(pollMs);
      held = await locks.tryAcquire(path);
    }
    try {
      const failure = waited ? await readFailure(fs, failurePath) : undefined;
      if (failure && failure.at >= start) {
        log.debug(`The other aws-vault process failed to get ${label}; reporting its error`);
        throw new CredentialsError(failure.message, { code: failure.code });
      }
      let result: T;
      try {
        result = await fn();
      } catch (error) {
        await recordFailure(fs, failurePath, clock.now().getTime(), error);
        throw error;
      }
      // A success makes any earlier failure record moot.
      await fs.remove(failurePath).catch(() => {});
      return result;
    } finally {
      await held.release();
    }
  };
}
