/**
 * `aws-vault migrate-backend --from X --to Y` (from the ByteNess fork): copy
 * long-term credentials between keyring backends. The work is in
 * `../backend_migration.ts`, loaded when it runs.
 *
 * @module
 */

import type { MigrateBackendOptions } from "../backend_migration.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import type { CommandContext } from "../context.ts";

/** Runs `migrate-backend`; returns the exit code. */
async function runMigrateBackendCommand(
  ctx: CommandContext,
  opts: MigrateBackendOptions,
): Promise<number> {
  const { runMigrateBackend } = await import("../backend_migration.ts");
  return await runMigrateBackend(ctx, opts);
}

/** `migrate-backend`: its declaration (ByteNess's flags and help), options and run. */
export const migrateBackendCommand: Command<MigrateBackendOptions> = {
  spec: (sources) => ({
    name: "migrate-backend",
    help: "Migrate stored credentials between keyring backends.",
    flags: [
      {
        name: "from",
        kind: "enum",
        help: "Source keyring backend.",
        required: true,
        values: sources.backends,
      },
      {
        name: "to",
        kind: "enum",
        help: "Destination keyring backend.",
        required: true,
        values: sources.backends,
      },
      { name: "profile", kind: "string", help: "Migrate only this profile." },
      {
        name: "dry-run",
        kind: "bool",
        help: "Show what would be migrated without writing anything.",
      },
      {
        name: "overwrite",
        kind: "bool",
        help: "Overwrite destination credentials if they already exist.",
      },
      {
        name: "delete-source",
        kind: "bool",
        help: "Delete source credentials after successful destination verification.",
      },
    ],
  }),
  options: (v) => ({
    from: getString(v, "from"),
    to: getString(v, "to"),
    profile: getString(v, "profile"),
    dryRun: getBool(v, "dry-run"),
    overwrite: getBool(v, "overwrite"),
    deleteSource: getBool(v, "delete-source"),
  }),
  run: runMigrateBackendCommand,
};
