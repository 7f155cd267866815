/**
 * `aws-vault import`: moves long-term keys from the shared credentials file
 * into the vault. Each profile's keys are stored and read back; only when
 * every one matches is the file rewritten without them, after a backup of it
 * is written next to it. A failure leaves the file as it was.
 *
 * @module
 */

import { profileSectionName } from "../config/config_file.ts";
import { AwsVaultError, ConfigError, KeyringError, messageOf } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import { timingSafeEqual } from "../timing_safe_equal.ts";
import { rfc3339 } from "../time_format.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import { addProfileToConfig, withConfigWriteLock } from "./config_write.ts";
import type { CommandContext } from "./context.ts";
import { type ImportItem, type ImportPlan, planImport, profilesPhrase } from "./import_plan.ts";

/** Options of `import`. */
export interface ImportOptions {
  /** The profiles to import (all with long-term keys when empty). */
  profiles: readonly string[];
  /** Say what would happen; change nothing. */
  dryRun: boolean;
  /** Leave the credentials file as it is. */
  keep: boolean;
  /** Replace other credentials stored under the same name. */
  overwrite: boolean;
}

/** `[profile x]`, or `[default]`, as the config file names the section. */
function sectionHeader(name: string): string {
  return `[${profileSectionName(name)}]`;
}

/** `20240102T030405Z`: the backup's time stamp. */
function stamp(now: Date): string {
  return rfc3339(now).replace(/[-:]/g, "");
}

/** A backup path next to `path` that no file has yet. */
async function freshBackupPath(ctx: CommandContext, path: string): Promise<string> {
  const base = `${path}.aws-vault-backup-${stamp(ctx.deps.clock.now())}`;
  let candidate = base;
  for (let n = 2; await ctx.deps.fs.stat(candidate) !== undefined; n++) candidate = `${base}-${n}`;
  return candidate;
}

function printDryRun(ctx: CommandContext, plan: ImportPlan, opts: ImportOptions, backup: string) {
  const out = ctx.deps.io.stdout;
  for (const { profile, action, addSection } of plan.items) {
    const name = goQuote(profile.name);
    if (action === "present") out.write(`Credentials for profile ${name} are already in vault\n`);
    else if (action === "replace") {
      out.write(`Would replace the credentials of profile ${name} in vault\n`);
    } else out.write(`Would add credentials to profile ${name} in vault\n`);
    if (addSection) {
      out.write(`Would add ${sectionHeader(profile.name)} to "${plan.config.path}"\n`);
    }
  }
  const names = plan.items.map((i) => i.profile.name);
  if (names.length > 0 && !opts.keep) {
    out.write(
      `Would remove the keys of ${profilesPhrase(names)} from "${plan.file.path}" ` +
        `and save the original as "${backup}"\n`,
    );
  }
  out.write("No changes made.\n");
}

/** Stores one profile's keys and reads them back; throws naming the profile when they differ. */
async function storeAndVerify(ctx: CommandContext, store: CredentialStore, item: ImportItem) {
  const { name, accessKeyId, secretAccessKey } = item.profile;
  ctx.log.debug(`Storing the credentials of profile ${name} in vault`);
  await store.set(name, { accessKeyId, secretAccessKey });
  const back = await store.get(name);
  if (back?.accessKeyId !== accessKeyId || back.secretAccessKey !== secretAccessKey) {
    throw new KeyringError("the credentials read back from the vault differ from those stored");
  }
  ctx.log.debug(`Read back the credentials of profile ${name}: they match`);
  const deleted = await (await ctx.sessions()).deleteForProfile(name);
  if (deleted > 0) ctx.deps.io.stdout.write(`Deleted ${deleted} existing sessions.\n`);
}

/** Stores every item; on a failure, an error naming the profile and what stays where. */
async function storeAll(ctx: CommandContext, plan: ImportPlan): Promise<void> {
  const out = ctx.deps.io.stdout;
  const store = await ctx.credentials();
  const stored: string[] = [];
  for (const item of plan.items) {
    const name = item.profile.name;
    if (item.action === "present") {
      out.write(`Credentials for profile ${goQuote(name)} are already in vault\n`);
    } else {
      try {
        await storeAndVerify(ctx, store, item);
      } catch (error) {
        const kept = stored.length === 0
          ? ""
          : ` (the copies stored for ${profilesPhrase(stored)} stay in vault)`;
        throw new KeyringError(
          `Cannot import profile ${goQuote(name)}: ${messageOf(error)}; ` +
            `"${plan.file.path}" was not changed${kept}`,
          { cause: error },
        );
      }
      stored.push(name);
      out.write(`Added credentials to profile ${goQuote(name)} in vault\n`);
    }
    if (item.addSection && await addProfileToConfig(ctx, plan.config.path, name)) {
      out.write(`Added ${sectionHeader(name)} to "${plan.config.path}"\n`);
    }
  }
}

/** Writes the backup, then the file without the imported keys (keeping a link a link, and its mode). */
async function rewrite(ctx: CommandContext, plan: ImportPlan): Promise<string> {
  const { fs } = ctx.deps;
  const path = plan.file.path;
  // The lock config writers hold: the check below and both writes happen with no other aws-vault writing.
  return await withConfigWriteLock(ctx, path, async () => {
    const now = await fs.readFile(path).catch(() => new Uint8Array());
    if (!timingSafeEqual(now, plan.bytes)) {
      throw new ConfigError(
        `"${path}" changed while importing, so it was not rewritten; the imported keys are in vault too`,
      );
    }
    const backup = await freshBackupPath(ctx, path);
    ctx.log.debug(`Writing a backup of ${path} to ${backup}`);
    try {
      await fs.writeFileAtomic(backup, plan.bytes, { mode: 0o600 });
    } catch (error) {
      throw new ConfigError(
        `Cannot write "${backup}": ${messageOf(error)}; "${path}" was not changed`,
        {
          cause: error,
        },
      );
    }
    ctx.log.debug(`Rewriting ${path} without the imported keys (mode ${plan.mode.toString(8)})`);
    try {
      await fs.writeFileAtomic(path, plan.rewritten, { mode: plan.mode, followSymlinks: true });
    } catch (error) {
      throw new ConfigError(`Cannot write "${path}": ${messageOf(error)}`, { cause: error });
    }
    return backup;
  });
}

/** Runs `import`; returns the exit code. */
export async function runImport(ctx: CommandContext, opts: ImportOptions): Promise<number> {
  const { stdout, stderr } = ctx.deps.io;
  const plan = await planImport(
    ctx,
    opts,
    () => ctx.credentials(),
    (line) => stderr.write(line + "\n"),
  );
  if (plan.items.length === 0) {
    stdout.write(`Nothing to import from "${plan.file.path}"\n`);
    return 0;
  }
  if (opts.dryRun) {
    printDryRun(ctx, plan, opts, await freshBackupPath(ctx, plan.file.path));
    return 0;
  }
  await storeAll(ctx, plan);
  const path = plan.file.path;
  if (opts.keep) {
    stdout.write(`Left "${path}" as it was (--keep)\n`);
    return 0;
  }
  try {
    const backup = await rewrite(ctx, plan);
    const names = plan.items.map((i) => i.profile.name);
    stdout.write(
      `Removed the keys of ${
        profilesPhrase(names)
      } from "${path}"; the original is saved as "${backup}"\n`,
    );
  } catch (error) {
    if (error instanceof AwsVaultError) throw error;
    throw new ConfigError(`Cannot rewrite "${path}": ${messageOf(error)}`, { cause: error });
  }
  return 0;
}
