/**
 * `aws-vault migrate-backend --from X --to Y`, as the ByteNess fork has it:
 * copies long-term credentials between two keyring backends, each item read
 * back from the destination and compared byte for byte before the next one
 * (and before `--delete-source` removes the source's). Sessions and SSO
 * tokens stay behind: they are re-created when needed. A failure stops the
 * run with every item still in at least one of the two backends.
 *
 * @module
 */

import { sortBytewise } from "../../backends/file_names.ts";
import { AwsVaultError, KeyringError, messageOf, withErrorPrefix } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import { CredentialStore } from "../store/credential_store.ts";
import { isCredentialKey, isOidcKey } from "../store/session_keys.ts";
import { timingSafeEqual } from "../timing_safe_equal.ts";
import type { CommandContext } from "./context.ts";

/** Options of `migrate-backend`. */
export interface MigrateBackendOptions {
  from: string;
  to: string;
  /** "" for every profile. */
  profile: string;
  dryRun: boolean;
  overwrite: boolean;
  deleteSource: boolean;
}

type Outcome = "copied" | "overwritten" | "skipped";

interface Summary {
  copied: number;
  overwritten: number;
  skipped: number;
  deleted: number;
}

function printSummary(out: (text: string) => void, summary: Summary): void {
  out("\nMigration summary:\n");
  out(`  copied: ${summary.copied}\n`);
  out(`  overwritten: ${summary.overwritten}\n`);
  out(`  skipped: ${summary.skipped}\n`);
  out(`  deleted from source: ${summary.deleted}\n`);
}

/** The source's credential names to migrate; sessions and SSO tokens are named in `--debug` only. */
function migrationProfiles(
  ctx: CommandContext,
  keys: readonly string[],
  profile: string,
): string[] {
  for (const key of keys.filter((k) => !isCredentialKey(k))) {
    const what = isOidcKey(key) ? "SSO token" : "session";
    ctx.log.debug(`Not migrating ${what} ${key}: it is re-created when needed`);
  }
  const names = keys.filter(isCredentialKey);
  // Go's `sort.Strings`: UTF-8 byte order.
  if (profile === "") return sortBytewise(names);
  if (!names.includes(profile)) {
    throw new AwsVaultError(
      "KEYRING_NOT_FOUND",
      `profile ${goQuote(profile)} not found in source backend`,
    );
  }
  return [profile];
}

/** Copies one profile's item; throws naming the step and the profile. */
async function migrateOne(
  ctx: CommandContext,
  profile: string,
  stores: { src: CredentialStore; dst: CredentialStore },
  opts: MigrateBackendOptions,
): Promise<Outcome> {
  const { src, dst } = stores;
  const quoted = goQuote(profile);
  const exists = await withErrorPrefix(
    `check destination profile ${quoted}`,
    () => dst.has(profile),
  );
  if (exists && !opts.overwrite) return "skipped";
  const data = await withErrorPrefix(`read source profile ${quoted}`, async () => {
    const data = await src.data(profile);
    if (data === undefined) throw new KeyringError("the item is gone");
    return data;
  });
  ctx.log.debug(`Writing profile ${profile} to ${opts.to}`);
  await withErrorPrefix(`write destination profile ${quoted}`, () => dst.setData(profile, data));
  const back = await withErrorPrefix(
    `verify destination profile ${quoted}`,
    () => dst.data(profile),
  );
  if (back === undefined || !timingSafeEqual(back, data)) {
    throw new KeyringError(`verify destination profile ${quoted}: credential mismatch`);
  }
  ctx.log.debug(`Read profile ${profile} back from ${opts.to}: identical`);
  return exists ? "overwritten" : "copied";
}

/** Runs `migrate-backend`; returns the exit code. */
export async function runMigrateBackend(
  ctx: CommandContext,
  opts: MigrateBackendOptions,
): Promise<number> {
  const write = (text: string) => ctx.deps.io.stdout.write(text);
  if (opts.from === opts.to) {
    throw new AwsVaultError("INVALID_INPUT", "source and destination backends must differ");
  }
  const source = await withErrorPrefix(
    `open source backend ${goQuote(opts.from)}`,
    () => ctx.openBackend(opts.from),
  );
  const src = new CredentialStore(source);
  const profiles = migrationProfiles(ctx, await source.keys(), opts.profile);
  if (profiles.length === 0) {
    write(`No credentials found in source backend ${opts.from}.\n`);
    return 0;
  }
  if (opts.dryRun) {
    write(
      `Would migrate ${profiles.length} credential profile(s) from ${opts.from} to ${opts.to}:\n`,
    );
    for (const profile of profiles) write(`  ${profile}\n`);
    write("\nNo changes made.\n");
    return 0;
  }
  const destination = await withErrorPrefix(
    `open destination backend ${goQuote(opts.to)}`,
    () => ctx.openBackend(opts.to),
  );
  const dst = new CredentialStore(destination);
  const summary: Summary = { copied: 0, overwritten: 0, skipped: 0, deleted: 0 };
  for (const profile of profiles) {
    write(`Migrating ${profile}... `);
    let message: string;
    try {
      const outcome = await migrateOne(ctx, profile, { src, dst }, opts);
      summary[outcome]++;
      message = outcome === "skipped"
        ? "skipped, already exists in destination"
        : `${outcome}, verified`;
      if (outcome !== "skipped" && opts.deleteSource) {
        await withErrorPrefix(
          `delete source profile ${goQuote(profile)}`,
          () => src.remove(profile),
        );
        message += ", deleted source";
        summary.deleted++;
      }
    } catch (error) {
      write(`failed: ${messageOf(error)}\n`);
      write("Migration stopped. Source credentials were not deleted for the failed profile.\n");
      printSummary(write, summary);
      throw error;
    }
    write(message + "\n");
  }
  printSummary(write, summary);
  return 0;
}
