/**
 * The cross-process lock commands share (one STS call for many callers, one
 * config file writer at a time): lock files under `~/.awsvault/locks`.
 *
 * @module
 */

import { createSessionLock, type SessionLock } from "../credentials/session_lock.ts";
import { homeDir } from "../platform/home_dir.ts";
import type { CommandContext } from "./context.ts";

/** Where the cross-process lock files live: `~/.awsvault/locks` (mode 0700). */
export function lockDir(ctx: CommandContext): string {
  return `${homeDir(ctx.deps)}/.awsvault/locks`;
}

/** The cross-process lock for this command run. */
export function processLock(ctx: CommandContext): SessionLock {
  const deps = ctx.deps;
  return createSessionLock({
    locks: deps.locks,
    fs: deps.fs,
    clock: deps.clock,
    log: ctx.log,
    dir: lockDir(ctx),
  });
}
