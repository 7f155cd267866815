/**
 * `aws-vault rotate <profile>`: rotate the stored access key (spec §3.4, §14).
 * The declaration is here; the work is loaded only when the command runs.
 *
 * @module
 */

import type { CommandSpec } from "../cli_spec.ts";
import type { CommandContext } from "../context.ts";
import { coldModules } from "../../cold_modules.ts";

/** Options of `rotate`. */
export interface RotateOptions {
  profile: string;
  /** `-n/--no-session`: sign with the stored keys, no session or role. */
  noSession: boolean;
}

/** The `rotate` command as aws-vault declares it; `profileHints` completes profile names. */
export function rotateCommand(profileHints: () => readonly string[]): CommandSpec {
  return {
    name: "rotate",
    help: "Rotate credentials.",
    flags: [
      {
        name: "no-session",
        short: "n",
        kind: "bool",
        help: "Use master credentials, no session or role used",
      },
    ],
    args: [{ name: "profile", help: "Name of the profile", required: true, hints: profileHints }],
  };
}

/** Runs `rotate`; returns the exit code. */
export async function runRotate(ctx: CommandContext, opts: RotateOptions): Promise<number> {
  const { chainContext, resolveRequest, awsTimeoutMs } = await import("../profile_credentials.ts");
  const { rotateAccessKey } = await coldModules.rotateKey();
  const { sdkIamFactory } = await coldModules.iam();
  const config = await resolveRequest(ctx, { profile: opts.profile, noSession: opts.noSession });
  const env = ctx.deps.env;
  await rotateAccessKey(
    {
      chain: await chainContext(ctx),
      iam: sdkIamFactory({
        getEnv: (name) => env.get(name),
        log: ctx.log,
        timeoutMs: awsTimeoutMs(env),
        loadSdkCall: coldModules.sdkCall,
      }),
      print: (line) => ctx.deps.io.stdout.write(line + "\n"),
    },
    config,
    { noSession: opts.noSession },
  );
  return 0;
}
