/**
 * What `aws-vault import` will do, decided before anything changes: the
 * profiles of the shared credentials file whose long-term keys move into the
 * vault, the ones skipped (with the note that says why), the config sections
 * to add, and the credentials file's new text.
 *
 * @module
 */

import {
  type ConfigFile,
  configFilePath,
  MAX_CONFIG_FILE_BYTES as MAX_BYTES,
  parseConfigFile,
} from "../config/config_file.ts";
import {
  CredentialsFile,
  credentialsFilePath,
  type CredentialsFileProfile,
} from "../config/credentials_file.ts";
import { ConfigError, messageOf } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import { homeDir } from "../platform/home_dir.ts";
import { FileNotFoundError } from "../platform/types.ts";
import { credentialNameProblem } from "../store/credential_name.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import type { CommandContext } from "./context.ts";

/** How a profile's keys reach the vault. */
export type ImportAction =
  /** No credentials are stored under its name yet. */
  | "store"
  /** Other credentials are stored under its name: `--overwrite` replaces them. */
  | "replace"
  /** The same keys are already stored: nothing to store. */
  | "present";

/** One profile whose keys are imported. */
export interface ImportItem {
  readonly profile: CredentialsFileProfile;
  readonly action: ImportAction;
  /** The config file has no section for it yet. */
  readonly addSection: boolean;
}

/** Everything `import` will do. */
export interface ImportPlan {
  readonly file: CredentialsFile;
  /** The file's bytes as read, for the backup and the check that nobody changed it meanwhile. */
  readonly bytes: Uint8Array;
  /** The file's mode, kept by the rewrite. */
  readonly mode: number;
  readonly config: ConfigFile;
  readonly items: readonly ImportItem[];
  /** The file's text without the imported keys. */
  readonly rewritten: string;
}

/** Options that shape the plan. */
export interface ImportChoice {
  /** The profiles named on the command line (all with keys when empty). */
  profiles: readonly string[];
  overwrite: boolean;
}

/** `profile "a"` or `profiles "a", "b"`. */
export function profilesPhrase(names: readonly string[]): string {
  return `${names.length === 1 ? "profile" : "profiles"} ${names.map(goQuote).join(", ")}`;
}

async function readCredentialsFile(ctx: CommandContext, path: string) {
  const fail = (detail: string, cause?: unknown) =>
    new ConfigError(`Cannot read "${path}": ${detail}`, { cause });
  ctx.log.debug(`Reading credentials file ${path}`);
  const info = await ctx.deps.fs.stat(path).catch((error) => {
    throw fail(messageOf(error), error);
  });
  if (info === undefined) throw fail("no such file");
  if (!info.isFile) throw fail("not a regular file");
  let bytes: Uint8Array;
  try {
    bytes = await ctx.deps.fs.readFile(path);
  } catch (error) {
    throw fail(messageOf(error), error);
  }
  if (bytes.length > MAX_BYTES) throw fail(`larger than ${MAX_BYTES / 1024 / 1024} MiB`);
  let text: string;
  try {
    // The file is written back: text that does not decode exactly would not be kept byte for byte.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw fail("not UTF-8 text", error);
  }
  return { bytes, text, mode: info.mode ?? 0o600 };
}

/** The config file as it is, without creating it (a dry run changes nothing). */
async function readConfig(ctx: CommandContext): Promise<ConfigFile> {
  const path = configFilePath(ctx.deps.env, homeDir(ctx.deps), ctx.log);
  try {
    return parseConfigFile(await ctx.deps.fs.readTextFile(path, { maxBytes: MAX_BYTES }), path);
  } catch (error) {
    if (error instanceof FileNotFoundError) return parseConfigFile("", path);
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`Cannot read "${path}": ${messageOf(error)}`, { cause: error });
  }
}

/** Why the keys of `profile` are not imported, or undefined when they are. */
function skipReason(
  profile: CredentialsFileProfile,
  config: ConfigFile,
  path: string,
): string | undefined {
  if (profile.sessionToken !== "") {
    return "it holds a session token (temporary credentials are not imported)";
  }
  if (profile.repeated) return `its section or keys are written more than once in "${path}"`;
  const problem = credentialNameProblem(profile.name);
  if (problem !== undefined) return problem;
  const source = config.profileSection(profile.name)?.sourceProfile;
  if (source !== undefined && source !== "") {
    return `its config has a source_profile of ${source}, so stored credentials would not be used`;
  }
  return undefined;
}

/** The profiles to consider: all sections with keys, or the named ones (all must have keys). */
function chosenProfiles(
  file: CredentialsFile,
  names: readonly string[],
  log: CommandContext["log"],
) {
  const hasKeys = (p: CredentialsFileProfile) => p.accessKeyId !== "" && p.secretAccessKey !== "";
  const all = file.profiles();
  for (const p of all) if (!hasKeys(p)) log.debug(`Section [${p.name}] has no long-term keys`);
  if (names.length === 0) return all.filter(hasKeys);
  const missing = [...new Set(names)].filter((n) => !all.some((p) => p.name === n && hasKeys(p)));
  if (missing.length > 0) {
    throw new ConfigError(`No long-term keys for ${profilesPhrase(missing)} in "${file.path}"`);
  }
  return all.filter((p) => names.includes(p.name));
}

/**
 * Reads the credentials file and the config, and decides what to import;
 * `note` receives one line per skipped profile. Reads the vault, changes nothing.
 */
export async function planImport(
  ctx: CommandContext,
  choice: ImportChoice,
  store: () => Promise<CredentialStore>,
  note: (line: string) => void,
): Promise<ImportPlan> {
  const path = credentialsFilePath(ctx.deps, ctx.log);
  const { bytes, text, mode } = await readCredentialsFile(ctx, path);
  const file = new CredentialsFile(path, text);
  const config = await readConfig(ctx);
  const items: ImportItem[] = [];
  const candidates = chosenProfiles(file, choice.profiles, ctx.log);
  // The vault is opened only when there is something to import.
  const vault = candidates.length === 0 ? undefined : await store();
  for (const profile of candidates) {
    const reason = skipReason(profile, config, path);
    if (reason !== undefined) {
      note(`Skipping profile ${goQuote(profile.name)}: ${reason}`);
      continue;
    }
    let action: ImportAction = "store";
    if (await vault!.has(profile.name)) {
      const stored = await vault!.get(profile.name);
      const same = stored?.accessKeyId === profile.accessKeyId &&
        stored.secretAccessKey === profile.secretAccessKey && stored.sessionToken === undefined;
      if (same) {
        action = "present";
      } else if (choice.overwrite) {
        action = "replace";
      } else {
        note(
          `Skipping profile ${goQuote(profile.name)}: the vault holds other credentials for it ` +
            "(--overwrite replaces them)",
        );
        continue;
      }
    }
    ctx.log.debug(`Profile ${profile.name}: ${action}`);
    items.push({ profile, action, addSection: !config.hasProfile(profile.name) });
  }
  const rewritten = file.withoutKeys(new Set(items.map((i) => i.profile.name)));
  return { file, bytes, mode, config, items, rewritten };
}
