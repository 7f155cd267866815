/**
 * `aws-vault clear [profile]`: delete cached sessions and SSO tokens, of one
 * profile or of all.
 * Long-term credentials are never touched.
 *
 * @module
 */

import { OIDC_PREFIX } from "../../store/session_keys.ts";
import type { CommandContext } from "../context.ts";
import { resolveRequest } from "../profile_credentials.ts";
import { getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { profileArg } from "../common_flags.ts";

/** Options of `clear`. */
export interface ClearOptions {
  /** "" for every profile. */
  profile: string;
}

/** Runs `clear`; returns the exit code. */
export async function runClear(ctx: CommandContext, opts: ClearOptions): Promise<number> {
  const sessions = await ctx.sessions();
  let n: number;
  if (opts.profile === "") {
    n = await sessions.deleteAll(ctx.deps.clock.now());
  } else {
    n = await sessions.deleteForProfile(opts.profile);
    // Also the profile's SSO token (the ByteNess fix; aws-vault 7.2 never found it).
    const config = await resolveRequest(ctx, { profile: opts.profile, noSession: false });
    if (config.ssoStartUrl) {
      if (await (await ctx.keyring()).remove(OIDC_PREFIX + config.ssoStartUrl)) n++;
    }
  }
  await (await ctx.keyring()).removeLeftovers?.();
  ctx.deps.io.stdout.write(`Cleared ${n} sessions.\n`);
  return 0;
}

/** `clear`: its declaration, options and run. */
export const clearCommand: Command<ClearOptions> = {
  spec: (sources) => ({
    name: "clear",
    help: "Clear temporary credentials from the secure keystore.",
    args: [profileArg(sources, false)],
  }),
  options: (v) => ({ profile: getString(v, "profile") }),
  run: runClear,
};
