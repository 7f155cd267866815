/**
 * `aws-vault remove <profile>` (alias `rm`): delete long-term credentials (spec §3.2).
 *
 * @module
 */

import { KeyringItemNotFoundError, NoTerminalError } from "../../errors.ts";
import { goQuote } from "../../go_quote.ts";
import type { CommandContext } from "../context.ts";

/** Options of `remove`. */
export interface RemoveOptions {
  profile: string;
  /** Do not ask for confirmation. */
  force: boolean;
  /** Legacy: delete only the profile's sessions. */
  sessionsOnly: boolean;
}

/** Runs `remove`; returns the exit code. */
export async function runRemove(ctx: CommandContext, opts: RemoveOptions): Promise<number> {
  const out = ctx.deps.io.stdout;
  if (opts.sessionsOnly) {
    const n = await (await ctx.sessions()).deleteForProfile(opts.profile);
    out.write(`Deleted ${n} sessions.\n`);
    return 0;
  }
  const store = await ctx.credentials();
  if (!(await store.has(opts.profile))) {
    throw new KeyringItemNotFoundError(
      `No credentials are stored for profile ${goQuote(opts.profile)}`,
    );
  }
  if (!opts.force) {
    if (!ctx.deps.terminal.available()) {
      throw new NoTerminalError(
        "Cannot ask for confirmation: no terminal is available; use --force",
      );
    }
    const answer = await ctx.deps.terminal.prompt(
      `Delete credentials for profile ${goQuote(opts.profile)}? (y|N) `,
      { echo: true },
    );
    const a = answer.trim().toLowerCase();
    if (a !== "y" && a !== "yes") return 0;
  }
  if (!(await store.remove(opts.profile))) {
    throw new KeyringItemNotFoundError(
      `No credentials are stored for profile ${goQuote(opts.profile)}`,
    );
  }
  out.write("Deleted credentials.\n");
  return 0;
}
