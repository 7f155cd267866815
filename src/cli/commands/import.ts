/**
 * `aws-vault import [<profile>...]`: move long-term keys from the shared
 * credentials file (`$AWS_SHARED_CREDENTIALS_FILE` or `~/.aws/credentials`)
 * into the vault. The work is in `../import_keys.ts`, loaded when it runs.
 *
 * @module
 */

import { getBool, getList } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import type { CommandContext } from "../context.ts";
import type { ImportOptions } from "../import_keys.ts";

/** Runs `import`; returns the exit code. */
async function runImportCommand(ctx: CommandContext, opts: ImportOptions): Promise<number> {
  const { runImport } = await import("../import_keys.ts");
  return await runImport(ctx, opts);
}

/** `import`: its declaration, options and run. */
export const importCommand: Command<ImportOptions> = {
  spec: () => ({
    name: "import",
    help:
      "Move long-term credentials from the shared credentials file (~/.aws/credentials) into the secure keystore.",
    args: [{
      name: "profile",
      help: "Names of the profiles to import (default: every profile with long-term keys)",
      variadic: true,
    }],
    flags: [
      {
        name: "dry-run",
        kind: "bool",
        help: "Show what would be imported without changing anything",
      },
      {
        name: "keep",
        kind: "bool",
        help: "Leave the keys in the credentials file",
      },
      {
        name: "overwrite",
        kind: "bool",
        help: "Replace credentials already stored under the same profile name",
      },
    ],
  }),
  options: (v) => ({
    profiles: getList(v, "profile"),
    dryRun: getBool(v, "dry-run"),
    keep: getBool(v, "keep"),
    overwrite: getBool(v, "overwrite"),
  }),
  run: runImportCommand,
};
