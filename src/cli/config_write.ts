/**
 * Writing a profile's section into the AWS config file from a command
 * (`add`, `import`): one writer at a time across processes, the file read
 * again under the lock, errors named after the file.
 *
 * @module
 */

import { appendProfileSection } from "../config/config_file.ts";
import { AwsVaultError, ConfigError, messageOf } from "../errors.ts";
import type { CommandContext } from "./context.ts";
import { processLock } from "./process_lock.ts";

/** The lock every config file write holds: one writer at a time, whatever the file. */
export const CONFIG_WRITE_LOCK = "config file write";

/** Runs `write` holding the cross-process config write lock. */
export function withConfigWriteLock<T>(
  ctx: CommandContext,
  path: string,
  write: () => Promise<T>,
): Promise<T> {
  return processLock(ctx)(CONFIG_WRITE_LOCK, `done with ${path}`, write);
}

/**
 * Appends an empty section for `profile` to the config file at `path` unless
 * it has one by now; returns whether it was added.
 */
export async function addProfileToConfig(
  ctx: CommandContext,
  path: string,
  profile: string,
): Promise<boolean> {
  try {
    // Under the lock the file is read again, so parallel writers each append to the latest text.
    const added = await withConfigWriteLock(
      ctx,
      path,
      () => appendProfileSection(ctx.deps.fs, path, profile),
    );
    if (added) ctx.log.debug(`Added profile ${profile} to ${path}`);
    return added;
  } catch (error) {
    if (error instanceof AwsVaultError) throw error;
    throw new ConfigError(`Cannot add profile "${profile}" to "${path}": ${messageOf(error)}`, {
      cause: error,
    });
  }
}
