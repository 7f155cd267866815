/**
 * `aws-vault export <profile>`: print credentials in one of aws-vault's formats (env, export-env, json, ini).
 *
 * @module
 */

import { AwsVaultError } from "../../errors.ts";
import { EXPORT_FORMATS, type ExportFormat, formatExport } from "../../output/export_formats.ts";
import type { CommandContext } from "../context.ts";
import { type CredentialRequest, profileCredentials } from "../profile_credentials.ts";
import { getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { CREDENTIAL_FLAGS, credentialRequest, profileArg, STDOUT } from "../common_flags.ts";

/** Options of `export`. */
export interface ExportOptions extends CredentialRequest {
  format: ExportFormat;
}

/** The nested-session guard shared with `exec`; `prefix` differs between the two commands. */
export function assertNotNested(ctx: CommandContext, prefix: string): void {
  if ((ctx.deps.env.get("AWS_VAULT") ?? "") !== "") {
    throw new AwsVaultError(
      "NESTED",
      `${prefix}in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force`,
    );
  }
}

/** Runs `export`; returns the exit code. */
export async function runExport(ctx: CommandContext, opts: ExportOptions): Promise<number> {
  assertNotNested(ctx, "");
  const { config, credentials } = await profileCredentials(ctx, opts);
  ctx.deps.io.stdout.write(formatExport(opts.format, opts.profile, credentials, config.region));
  return 0;
}

/** `export`: its declaration, options and run. */
export const exportCommand: Command<ExportOptions> = {
  spec: (sources) => ({
    name: "export",
    help: "Export AWS credentials.",
    flags: [
      ...CREDENTIAL_FLAGS,
      {
        name: "format",
        kind: "enum",
        help: "Format to output credentials. Valid values are env, export-env and json",
        default: "env",
        values: [...EXPORT_FORMATS],
      },
      STDOUT,
    ],
    args: [profileArg(sources, true)],
  }),
  options: (v) => ({
    ...credentialRequest(v),
    format: getString(v, "format") as ExportFormat,
  }),
  run: runExport,
};
