/**
 * `aws-vault rotate <profile>`: rotate the stored access key: create a new key, store it, delete the chain's sessions, then delete the old key.
 * The IAM and rotation work load only when the command runs.
 *
 * @module
 */

import { escapeControlChars } from "../../go_quote.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { profileArg } from "../common_flags.ts";
import type { CommandContext } from "../context.ts";
import { awsSettings, chainContext, resolveRequest } from "../profile_credentials.ts";

/** Options of `rotate`. */
export interface RotateOptions {
  profile: string;
  /** `-n/--no-session`: sign with the stored keys, no session or role. */
  noSession: boolean;
}

/** Runs `rotate`; returns the exit code. */
export async function runRotate(ctx: CommandContext, opts: RotateOptions): Promise<number> {
  const { rotateAccessKey } = await import("../../credentials/rotate.ts");
  const { sdkIamFactory } = await import("../../aws/iam.ts");
  const config = await resolveRequest(ctx, { profile: opts.profile, noSession: opts.noSession });
  await rotateAccessKey(
    {
      chain: await chainContext(ctx),
      iam: sdkIamFactory(awsSettings(ctx)),
      print: (line) => ctx.deps.io.stdout.write(escapeControlChars(line) + "\n"),
    },
    config,
    { noSession: opts.noSession },
  );
  return 0;
}

/** `rotate`: its declaration, options and run. */
export const rotateCommand: Command<RotateOptions> = {
  spec: (sources) => ({
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
    args: [profileArg(sources, true)],
  }),
  options: (v) => ({ profile: getString(v, "profile"), noSession: getBool(v, "no-session") }),
  run: runRotate,
};
