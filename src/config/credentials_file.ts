/**
 * The AWS shared credentials file (`$AWS_SHARED_CREDENTIALS_FILE` or
 * `~/.aws/credentials`), which aws-vault itself never reads: where it is, the
 * long-term keys its sections hold, and its text with some profiles' keys
 * taken out, every other byte kept (for `import`).
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import { expandHome, homeDir } from "../platform/home_dir.ts";
import type { Deps, Logger } from "../platform/types.ts";
import { INI_DEFAULT_SECTION, type IniDocument, type IniSection, parseIni } from "./ini.ts";
import { IniLineReader } from "./ini_line_reader.ts";

/** The keys that make a section's long-term credentials (removed by an import). */
export const STATIC_KEY_NAMES = ["aws_access_key_id", "aws_secret_access_key"] as const;
const STATIC_KEYS: readonly string[] = STATIC_KEY_NAMES;
const SESSION_TOKEN = "aws_session_token";

/**
 * The credentials file path: `$AWS_SHARED_CREDENTIALS_FILE` when set and
 * non-empty (a leading `~/` is the home directory, as the AWS CLI reads it),
 * else `<home>/.aws/credentials`.
 */
export function credentialsFilePath(deps: Pick<Deps, "env" | "os">, log?: Logger): string {
  const fromEnv = deps.env.get("AWS_SHARED_CREDENTIALS_FILE");
  if (fromEnv !== undefined && fromEnv !== "") {
    log?.debug(`Using AWS_SHARED_CREDENTIALS_FILE value: ${fromEnv}`);
    return expandHome(fromEnv, deps);
  }
  return `${homeDir(deps)}/.aws/credentials`;
}

/** One section of the credentials file and the keys it holds ("" when absent). */
export interface CredentialsFileProfile {
  /** The section name, which is the profile name (`default` for `[default]`). */
  readonly name: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** The section header, or one of its credential keys, is written more than once. */
  readonly repeated: boolean;
}

/** Where a header or a key line is, and what it names. */
interface Line {
  readonly section: string;
  /** The lower-cased key name; undefined for a header. */
  readonly key: string | undefined;
  readonly start: number;
  /** Where the line after it (or after the last line of its value) starts. */
  readonly next: number;
}

/**
 * The header and key lines of `text` (go-ini's reading: indented lines after
 * a key with an empty value are that key's nested values, not keys).
 */
function headerAndKeyLines(text: string, from: number): Line[] {
  const lines: Line[] = [];
  const reader = new IniLineReader(text, from);
  let section = INI_DEFAULT_SECTION;
  let nestedOpen = false;
  for (let kind = reader.advance(); kind !== undefined; kind = reader.advance()) {
    const start = reader.start;
    if (nestedOpen && reader.indented()) continue;
    if (kind === "header") {
      section = reader.header();
      lines.push({ section, key: undefined, start, next: reader.next });
    } else if (kind === "key") {
      const plain = reader.readKey();
      const key = reader.name();
      // Reading the value moves to its last line.
      nestedOpen = !plain && reader.value() === "";
      lines.push({ section, key, start, next: reader.next });
    }
  }
  return lines;
}

/** `text` from `from` to `to` without the ranges `cuts` (in order, inside that span). */
function without(
  text: string,
  cuts: readonly [number, number][],
  from = 0,
  to = text.length,
): string {
  let out = "";
  let at = from;
  for (const [start, end] of cuts) {
    out += text.slice(at, start);
    at = end;
  }
  return out + text.slice(at, to);
}

function bomLength(text: string): number {
  return text.startsWith("\uFEFF") ? 1 : 0;
}

/** The parsed credentials file and where its lines are. */
export class CredentialsFile {
  readonly path: string;
  readonly text: string;
  readonly #doc: IniDocument;
  readonly #lines: Line[];

  /** Parses `text`; throws {@linkcode ConfigError} naming `path` and the line when it is malformed. */
  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
    this.#doc = parseIni(text, path);
    this.#lines = headerAndKeyLines(text, bomLength(text));
  }

  /** Every section but go-ini's implicit one, in file order, with its keys. */
  profiles(): CredentialsFileProfile[] {
    const profiles: CredentialsFileProfile[] = [];
    for (const section of this.#doc.sections.values()) {
      if (section.name === INI_DEFAULT_SECTION) continue;
      const value = (key: string) => section.keys.get(key)?.value ?? "";
      const written = this.#lines.filter((l) => l.section === section.name);
      const count = (key: string | undefined) => written.filter((l) => l.key === key).length;
      const repeated = count(undefined) > 1 ||
        [...STATIC_KEY_NAMES, SESSION_TOKEN].some((key) => count(key) > 1);
      profiles.push({
        name: section.name,
        accessKeyId: value(STATIC_KEY_NAMES[0]),
        secretAccessKey: value(STATIC_KEY_NAMES[1]),
        sessionToken: value(SESSION_TOKEN),
        repeated,
      });
    }
    return profiles;
  }

  /**
   * The text without the long-term keys of `names`' sections; a section left
   * with no key loses its header and its blank lines too. Comments and every
   * other byte stay. Throws {@linkcode ConfigError} when the result would not
   * read back with every other setting as it was.
   */
  withoutKeys(names: ReadonlySet<string>): string {
    const cuts: [number, number][] = [];
    for (const name of names) {
      const keys = this.#lines.filter((l) => l.section === name && l.key !== undefined);
      const dropped = keys.filter((l) => STATIC_KEYS.includes(l.key!));
      if (dropped.length < keys.length) {
        for (const line of dropped) cuts.push([line.start, line.next]);
        continue;
      }
      for (const header of this.#lines.filter((l) => l.section === name && l.key === undefined)) {
        cuts.push(...this.#sectionCuts(header, dropped));
      }
    }
    cuts.sort((a, b) => a[0] - b[0]);
    const out = without(this.text, cuts);
    this.#checkRewrite(out, names);
    return out;
  }

  /**
   * What to cut of the part of a section that starts at `header` when all its
   * keys go: the whole part when nothing but blank lines would stay, else the
   * header and the key lines only (comments stay).
   */
  #sectionCuts(header: Line, dropped: readonly Line[]): [number, number][] {
    const nextHeader = this.#lines.find((l) => l.key === undefined && l.start > header.start);
    const end = nextHeader?.start ?? this.text.length;
    const inside = dropped.filter((l) => l.start > header.start && l.start < end);
    const lines: [number, number][] = [
      [header.start, header.next],
      ...inside.map((l) => [l.start, l.next] as [number, number]),
    ];
    const rest = without(this.text, lines, header.start, end);
    return rest.trim() === "" ? [[header.start, end]] : lines;
  }

  /** Checks that `text` reads back with the same settings, less the removed keys. */
  #checkRewrite(text: string, names: ReadonlySet<string>): void {
    const after = parseIni(text, this.path);
    const settings = (section: IniSection | undefined, removed: boolean) =>
      JSON.stringify(
        [...(section?.keys.values() ?? [])]
          .filter((k) => !(removed && STATIC_KEYS.includes(k.name)))
          .map((k) => [k.name, k.value, k.nestedValues]),
      );
    for (const [name, section] of this.#doc.sections) {
      const removed = names.has(name);
      const now = after.sections.get(name);
      if (settings(section, removed) !== settings(now, removed)) {
        throw new ConfigError(
          `Cannot rewrite "${this.path}": section [${name}] would not read back the same`,
        );
      }
    }
  }
}
