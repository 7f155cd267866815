/**
 * `aws-vault add <profile>`: store long-term credentials, as aws-vault does:
 * read them from the terminal (or, with `--env`, the environment), store
 * them, delete the profile's cached sessions, and append a section for the
 * profile to the config file when it has none.
 *
 * @module
 */

import { AwsVaultError, ConfigError, NoTerminalError } from "../../errors.ts";
import { goQuote } from "../../go_quote.ts";
import { credentialNameProblem } from "../../store/credential_name.ts";
import type { CommandContext } from "../context.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { profileArg } from "../common_flags.ts";
import { addProfileToConfig } from "../config_write.ts";

/** Options of `add`. */
export interface AddOptions {
  profile: string;
  /** Read the keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
  fromEnv: boolean;
  /** Append a `[profile x]` section to the config when missing. */
  addConfig: boolean;
}

async function readKeys(ctx: CommandContext, opts: AddOptions) {
  if (opts.fromEnv) {
    const accessKeyId = ctx.deps.env.get("AWS_ACCESS_KEY_ID") ?? "";
    const secretAccessKey = ctx.deps.env.get("AWS_SECRET_ACCESS_KEY") ?? "";
    if (accessKeyId === "") {
      throw new AwsVaultError("MISSING_INPUT", "Missing value for AWS_ACCESS_KEY_ID");
    }
    if (secretAccessKey === "") {
      throw new AwsVaultError("MISSING_INPUT", "Missing value for AWS_SECRET_ACCESS_KEY");
    }
    return { accessKeyId, secretAccessKey };
  }
  const term = ctx.deps.terminal;
  if (!term.available()) {
    throw new NoTerminalError(
      "Cannot ask for the access key: no terminal is available; " +
        "use --env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set",
    );
  }
  const accessKeyId = (await term.prompt("Enter Access Key ID: ", { echo: true })).trim();
  const secretAccessKey = (await term.prompt("Enter Secret Access Key: ", { echo: false })).trim();
  if (accessKeyId === "") {
    throw new AwsVaultError("MISSING_INPUT", "Access Key ID must not be empty");
  }
  if (secretAccessKey === "") {
    throw new AwsVaultError("MISSING_INPUT", "Secret Access Key must not be empty");
  }
  return { accessKeyId, secretAccessKey };
}

/** Runs `add`; returns the exit code. */
export async function runAdd(ctx: CommandContext, opts: AddOptions): Promise<number> {
  // Checked before the config file or the keyring is touched.
  const problem = credentialNameProblem(opts.profile);
  if (problem !== undefined) {
    throw new ConfigError(`Cannot add profile ${goQuote(opts.profile)}: ${problem}`);
  }
  const config = await ctx.config();
  const source = config.profileSection(opts.profile)?.sourceProfile;
  if (source !== undefined && source !== "") {
    throw new ConfigError(
      `Your profile has a source_profile of ${source}, adding credentials to ${opts.profile} won't have any effect`,
    );
  }
  const keys = await readKeys(ctx, opts);
  const store = await ctx.credentials();
  await store.set(opts.profile, keys);
  ctx.deps.io.stdout.write(`Added credentials to profile ${goQuote(opts.profile)} in vault\n`);

  const deleted = await (await ctx.sessions()).deleteForProfile(opts.profile);
  if (deleted > 0) ctx.deps.io.stdout.write(`Deleted ${deleted} existing sessions.\n`);

  if (opts.addConfig && !config.hasProfile(opts.profile)) {
    await addProfileToConfig(ctx, config.path, opts.profile);
  }
  return 0;
}

/** `add`: its declaration, options and run. */
export const addCommand: Command<AddOptions> = {
  spec: (sources) => ({
    name: "add",
    help: "Add credentials to the secure keystore.",
    args: [profileArg(sources, true, false)],
    flags: [
      {
        name: "env",
        kind: "bool",
        help:
          "Read the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
      },
      {
        name: "add-config",
        kind: "bool",
        help: "Add a profile to ~/.aws/config if one doesn't exist",
        default: "true",
      },
    ],
  }),
  options: (v) => ({
    profile: getString(v, "profile"),
    fromEnv: getBool(v, "env"),
    addConfig: getBool(v, "add-config"),
  }),
  run: runAdd,
};
