/**
 * The AWS config file (`$AWS_CONFIG_FILE` or `~/.aws/config`): where it is,
 * loading it (creating it when missing, as aws-vault does), listing and
 * reading its profiles, and appending a new `[profile X]` header without
 * rewriting what the user wrote.
 *
 * @module
 */

import { ConfigError, messageOf } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import {
  type Env,
  FileNotFoundError,
  FileTooLargeError,
  type Fs,
  type Logger,
} from "../platform/types.ts";
import { type IniDocument, parseIni } from "./ini.ts";
import {
  isEmptyProfileSection,
  type ProfileSection,
  readProfileSection,
  readSsoSessionSection,
  type SsoSessionSection,
} from "./profile_section.ts";
import { profileNameProblem } from "./profile_name.ts";

/**
 * The largest config file read (16 MiB, hundreds of times a large real one):
 * a larger or endless one (`AWS_CONFIG_FILE=/dev/zero`) is an error, not a
 * read that fills memory.
 */
export const MAX_CONFIG_FILE_BYTES = 16 * 1024 * 1024;

/** The profile whose section is `[default]` rather than `[profile default]`. */
export const DEFAULT_PROFILE = "default";

const PROFILE_PREFIX = "profile ";
const SSO_SESSION_PREFIX = "sso-session ";

/** The section header name that holds profile `name`. */
export function profileSectionName(name: string): string {
  return name === DEFAULT_PROFILE ? DEFAULT_PROFILE : PROFILE_PREFIX + name;
}

/** A parsed AWS config file. Pure: reading it performs no I/O. */
export class ConfigFile {
  /** The file's path. */
  readonly path: string;
  /** The parsed INI document. */
  readonly ini: IniDocument;
  readonly #log: Logger | undefined;

  /** Wraps a parsed document; `log` receives the narration of {@linkcode ConfigFile.profileNames}. */
  constructor(path: string, ini: IniDocument, log?: Logger) {
    this.path = path;
    this.ini = ini;
    this.#log = log;
  }

  /**
   * Profile names in file order: `[default]` when it sets a key aws-vault
   * understands, and every `[profile X]`. `[sso-session X]` and
   * `[profile default]` are skipped; other sections (including go-ini's
   * implicit `DEFAULT`) are skipped with the debug line
   * `Unrecognised ini file section: <name>`.
   */
  profileNames(): string[] {
    const names: string[] = [];
    for (const sectionName of this.ini.sections.keys()) {
      if (sectionName === DEFAULT_PROFILE) {
        const section = readProfileSection(this.ini, sectionName, DEFAULT_PROFILE);
        if (!isEmptyProfileSection(section)) names.push(DEFAULT_PROFILE);
      } else if (sectionName.startsWith(PROFILE_PREFIX)) {
        const name = sectionName.slice(PROFILE_PREFIX.length);
        if (name === DEFAULT_PROFILE) {
          this.#log?.debug(`Ignoring section [${sectionName}]: profile 'default' is [default]`);
        } else {
          names.push(name);
        }
      } else if (!sectionName.startsWith(SSO_SESSION_PREFIX)) {
        this.#log?.debug(`Unrecognised ini file section: ${sectionName}`);
      }
    }
    return names;
  }

  /** Whether the file has a section for profile `name` (`[default]` for `default`). */
  hasProfile(name: string): boolean {
    return this.ini.sections.has(profileSectionName(name));
  }

  /** The settings written in profile `name`'s own section, or `undefined` when it has none. */
  profileSection(name: string): ProfileSection | undefined {
    const sectionName = profileSectionName(name);
    if (!this.ini.sections.has(sectionName)) return undefined;
    return readProfileSection(this.ini, sectionName, name);
  }

  /** The `[sso-session name]` section, or `undefined` when there is none. */
  ssoSession(name: string): SsoSessionSection | undefined {
    const sectionName = SSO_SESSION_PREFIX + name;
    if (!this.ini.sections.has(sectionName)) return undefined;
    return readSsoSessionSection(this.ini, sectionName, name);
  }
}

/** Parses config file text; `path` is used for messages. Throws {@linkcode ConfigError}. */
export function parseConfigFile(text: string, path: string, log?: Logger): ConfigFile {
  return new ConfigFile(path, parseIni(text, path), log);
}

function joinPath(dir: string, name: string): string {
  const separator = dir.includes("\\") && !dir.includes("/") ? "\\" : "/";
  return dir.endsWith("/") || dir.endsWith("\\") ? dir + name : dir + separator + name;
}

function dirname(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  if (i === -1) return ".";
  return i === 0 ? path.slice(0, 1) : path.slice(0, i);
}

/**
 * The config file path: `$AWS_CONFIG_FILE` when set and non-empty (narrated
 * as `Using AWS_CONFIG_FILE value: <path>`), else `<home>/.aws/config`.
 */
export function configFilePath(env: Env, home: string, log?: Logger): string {
  const fromEnv = env.get("AWS_CONFIG_FILE");
  if (fromEnv !== undefined && fromEnv !== "") {
    log?.debug(`Using AWS_CONFIG_FILE value: ${fromEnv}`);
    return fromEnv;
  }
  return joinPath(joinPath(home, ".aws"), "config");
}

async function createEmptyConfigFile(fs: Fs, path: string, log?: Logger): Promise<void> {
  log?.debug(`Config file ${path} doesn't exist so lets create it`);
  const dir = dirname(path);
  try {
    if (await fs.stat(dir) === undefined) {
      await fs.mkdirp(dir, { mode: 0o700 });
      log?.debug(`Config directory ${dir} created`);
    }
    // Never replaces a file: another process may have created (and written) it meanwhile.
    await fs.ensureFile(path, { mode: 0o600 });
  } catch (error) {
    throw new ConfigError(`Cannot create "${path}": ${messageOf(error)}`, { cause: error });
  }
  log?.debug(`Config file ${path} created`);
}

/**
 * Loads and parses the config file at `path`. When it does not exist, its
 * directory (mode 0700) and an empty file (mode 0600) are created first, as
 * aws-vault does (at a symbolic link's target when `path` is a dangling
 * link). Throws {@linkcode ConfigError} when it cannot be read or parsed.
 */
export async function loadConfigFile(fs: Fs, path: string, log?: Logger): Promise<ConfigFile> {
  log?.debug(`Loading config file ${path}`);
  // Read first, no stat: a process's first stat is not free, and a read tells a missing file.
  let text: string;
  try {
    text = await fs.readTextFile(path, { maxBytes: MAX_CONFIG_FILE_BYTES });
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      const limit = `${MAX_CONFIG_FILE_BYTES / 1024 / 1024} MiB`;
      throw new ConfigError(`Cannot read "${path}": larger than ${limit}`, { cause: error });
    }
    if (!(error instanceof FileNotFoundError)) {
      throw new ConfigError(`Cannot read "${path}": ${messageOf(error)}`, { cause: error });
    }
    await createEmptyConfigFile(fs, path, log);
    text = "";
  }
  log?.debug(`Parsing config file ${path}`);
  return parseConfigFile(text, path, log);
}

/**
 * Appends an empty `[profile <name>]` section (`[default]` for `default`) to
 * the end of the config file, leaving every existing byte as it was: the last
 * line is completed and separated by a blank line when needed, in the file's
 * own line-ending style. The file is written atomically and keeps its mode
 * (0600 for a new file); a symbolic link is kept and its target written.
 * Returns false, writing nothing, when the profile already has a section.
 * Throws {@linkcode ConfigError} for a name that would not read back the same.
 */
export async function appendProfileSection(fs: Fs, path: string, name: string): Promise<boolean> {
  const problem = profileNameProblem(name);
  if (problem !== undefined) {
    throw new ConfigError(`Cannot add profile ${goQuote(name)} to "${path}": ${problem}`);
  }
  let existing: Uint8Array = new Uint8Array();
  let mode = 0o600;
  try {
    const info = await fs.stat(path);
    if (info === undefined) {
      await fs.mkdirp(dirname(path), { mode: 0o700 });
    } else {
      existing = await fs.readFile(path);
      mode = info.mode ?? mode;
    }
  } catch (error) {
    throw new ConfigError(`Cannot read "${path}": ${messageOf(error)}`, { cause: error });
  }
  const text = new TextDecoder().decode(existing);
  if (parseConfigFile(text, path).hasProfile(name)) return false;

  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  let addition = "";
  if (text !== "" && !text.endsWith("\n")) addition += eol;
  if (text.trim() !== "" && !/\n[ \t\r]*\n$/.test(text + addition)) addition += eol;
  const header = name === DEFAULT_PROFILE ? `[${DEFAULT_PROFILE}]` : `[${PROFILE_PREFIX}${name}]`;
  addition += header + eol;

  const added = new TextEncoder().encode(addition);
  const data = new Uint8Array(existing.length + added.length);
  data.set(existing);
  data.set(added, existing.length);
  try {
    await fs.writeFileAtomic(path, data, { mode, followSymlinks: true });
  } catch (error) {
    throw new ConfigError(`Cannot write "${path}": ${messageOf(error)}`, { cause: error });
  }
  return true;
}
