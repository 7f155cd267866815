/**
 * `aws-vault remove <profile>` (alias `rm`): delete long-term credentials,
 * after a confirmation unless `--force`; cached sessions are left alone, as
 * in aws-vault.
 *
 * @module
 */

import { KeyringItemNotFoundError, NoTerminalError } from "../../errors.ts";
import { goQuote } from "../../go_quote.ts";
import type { CommandContext } from "../context.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { profileArg } from "../common_flags.ts";

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

/** `remove` (alias `rm`): its declaration, options and run. */
export const removeCommand: Command<RemoveOptions> = {
  spec: (sources) => ({
    name: "remove",
    aliases: ["rm"],
    help: "Remove credentials from the secure keystore.",
    args: [profileArg(sources, true)],
    flags: [
      {
        name: "sessions-only",
        short: "s",
        kind: "bool",
        help: "Only remove sessions, leave credentials intact",
        hidden: true,
      },
      {
        name: "force",
        short: "f",
        kind: "bool",
        help: "Force-remove the profile without a prompt",
      },
    ],
  }),
  options: (v) => ({
    profile: getString(v, "profile"),
    force: getBool(v, "force"),
    sessionsOnly: getBool(v, "sessions-only"),
  }),
  run: runRemove,
};
