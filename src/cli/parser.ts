/**
 * A small declarative command-line parser that reproduces kingpin v2 (the
 * parser of aws-vault v7.2.0): the grammar, the order in which environment
 * defaults, values, help, version and completion are applied, and kingpin's
 * error messages. See `cli_spec.ts` for the declaration shapes.
 *
 * Typical use:
 * ```ts
 * const result = parseArgs(spec, args, (name) => env.get(name));
 * if (result.kind === "command") getString(result.values, "region");
 * ```
 *
 * @module
 */

import { AwsVaultError, UsageError } from "../errors.ts";
import {
  type AppSpec,
  type ArgSpec,
  destOf,
  type FlagSpec,
  type FlagValue,
  HELP_COMMAND,
  HELP_FLAG,
  resolve,
  type Values,
  VERSION_FLAG,
} from "./cli_spec.ts";
import { completionCandidates } from "./completion.ts";
import { goQuote } from "../go_quote.ts";
import { parseTokens, type TokenParse } from "./parse_tokens.ts";
import type { ArgsFileReader } from "./tokens.ts";

/**
 * Error code of failures kingpin reports as `aws-vault: error: <message>`
 * without the `, try --help` suffix and exit 1 (`help <bad command>`,
 * `--prompt=pass`). They are thrown as {@linkcode AwsVaultError}s with this code.
 */
export const FATAL_USAGE_CODE = "USAGE_FATAL";

/** Reads an environment variable (`undefined` when unset). */
export type EnvLookup = (name: string) => string | undefined;

/** The shells `--completion-script-<shell>` prints a script for. */
export type CompletionShell = "bash" | "zsh" | "fish";

/** Options of {@linkcode parseArgs}. */
export interface ParseOptions {
  /** Reads `@file` argument files (kingpin expands `@path` words); without it `@path` is a plain word. */
  readArgsFile?: ArgsFileReader;
}

/** What every outcome carries: the values parsed so far and which were given on the command line. */
export interface ParsedValues {
  /** Flag values by `dest` (default: long name) and argument values by name, with Go zero values for absent ones. */
  readonly values: Values;
  /** Long names of flags and names of arguments that appeared on the command line. */
  readonly explicit: ReadonlySet<string>;
}

/**
 * The outcome of a successful parse. The caller prints and exits:
 * - `command`: run `command` (canonical name, aliases resolved).
 * - `usage`: no command given; print `renderUsage(spec)` to stderr, exit 0.
 * - `help`: print `renderUsage(spec, command)` to stderr, exit 0.
 * - `help-long` / `help-man`: print the long help / man page to stdout, exit 0.
 * - `version`: print the version and a newline to stderr, exit 0.
 * - `completion`: print `candidates.join("\n")` (no final newline) to stdout, exit 0.
 * - `completion-script`: print `completionScript(spec, shell)` to stdout, exit 0.
 */
export type ParseResult =
  | ParsedValues & { readonly kind: "command"; readonly command: string }
  | ParsedValues & { readonly kind: "usage" }
  | ParsedValues & { readonly kind: "help"; readonly command: string | undefined }
  | ParsedValues & { readonly kind: "help-long"; readonly command: string | undefined }
  | ParsedValues & { readonly kind: "help-man" }
  | ParsedValues & { readonly kind: "version" }
  | ParsedValues & { readonly kind: "completion"; readonly candidates: readonly string[] }
  | ParsedValues & { readonly kind: "completion-script"; readonly shell: CompletionShell };

function parseGoBool(text: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  throw new Error(`strconv.ParseBool: parsing ${goQuote(text)}: invalid syntax`);
}

/** Stores one textual value into `values` as kingpin's `Value.Set` would; throws on invalid input. */
function setFlag(flag: FlagSpec, text: string, values: Record<string, FlagValue>): void {
  const dest = destOf(flag);
  let value: boolean | string;
  if (flag.kind === "bool") {
    value = parseGoBool(text);
  } else {
    if (flag.kind === "enum") {
      const allowed = resolve(flag.values ?? []);
      if (!allowed.includes(text)) {
        throw new Error(`enum value must be one of ${allowed.join(",")}, got '${text}'`);
      }
    }
    flag.check?.(text);
    value = text;
  }
  if (flag.repeatable && typeof value === "string") {
    values[dest] = [...(values[dest] as readonly string[]), value];
  } else {
    values[dest] = value;
  }
}

function setArg(arg: ArgSpec, text: string, values: Record<string, FlagValue>): void {
  values[arg.name] = arg.variadic ? [...(values[arg.name] as readonly string[]), text] : text;
}

function zeroValues(parsed: TokenParse): Record<string, FlagValue> {
  const values: Record<string, FlagValue> = {};
  for (const flag of parsed.flags) {
    values[destOf(flag)] = flag.repeatable ? [] : flag.kind === "bool" ? false : "";
  }
  for (const arg of parsed.args) values[arg.name] = arg.variadic ? [] : "";
  return values;
}

/** Kingpin `setDefaults`: envars (non-empty) then defaults, for everything not on the command line. */
function applyDefaults(
  parsed: TokenParse,
  values: Record<string, FlagValue>,
  env: EnvLookup,
): void {
  const given = new Set(
    parsed.elements.map((e) => e.kind === "flag" ? e.flag : e.kind === "arg" ? e.arg : e.command),
  );
  for (const flag of parsed.flags) {
    if (given.has(flag)) continue;
    const fromEnv = flag.envar ? env(flag.envar) ?? "" : "";
    let texts: string[] = [];
    if (fromEnv !== "") {
      texts = flag.repeatable ? fromEnv.replace(/\r?\n$/, "").split(/\r?\n/) : [fromEnv];
    } else {
      const def = resolve(flag.default);
      if (def !== undefined) texts = [def];
    }
    try {
      for (const text of texts) setFlag(flag, text, values);
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
  }
  for (const arg of parsed.args) {
    if (given.has(arg)) continue;
    for (const text of arg.default ?? []) setArg(arg, text, values);
  }
}

/** Kingpin `setValues`: command-line values in order; returns the first error message. */
function assignValues(
  parsed: TokenParse,
  values: Record<string, FlagValue>,
  explicit: Set<string>,
): string | undefined {
  const seen = new Set<FlagSpec>();
  for (const element of parsed.elements) {
    if (element.kind === "flag") {
      const { flag } = element;
      if (seen.has(flag) && !flag.repeatable) return `flag '${flag.name}' cannot be repeated`;
      try {
        setFlag(flag, element.value, values);
      } catch (error) {
        return (error as Error).message;
      }
      seen.add(flag);
      explicit.add(flag.name);
    } else if (element.kind === "arg") {
      setArg(element.arg, element.value, values);
      explicit.add(element.arg.name);
    }
  }
  return undefined;
}

/** The selected command's full name (`agent start`), if any. */
function commandPath(parsed: TokenParse): string | undefined {
  return parsed.path.length > 0 ? parsed.path.join(" ") : undefined;
}

/** Parses the words given to the `help` command, as kingpin's `Usage(args)` does. */
function helpTarget(
  spec: AppSpec,
  words: readonly string[],
  options: ParseOptions,
): string | undefined {
  const parsed = parseTokens(spec, words, options.readArgsFile);
  if (parsed.error !== undefined) throw new AwsVaultError(FATAL_USAGE_CODE, parsed.error);
  return commandPath(parsed);
}

const PRE_ACTION_FLAGS: Readonly<Record<string, ParseResult["kind"]>> = {
  "help-long": "help-long",
  "help-man": "help-man",
  "completion-script-bash": "completion-script",
  "completion-script-zsh": "completion-script",
  "completion-script-fish": "completion-script",
  version: "version",
};

/**
 * Parses `argv` (the arguments after the program name) against `spec`.
 * Throws {@linkcode UsageError} with kingpin's message for command-line
 * errors, and an {@linkcode AwsVaultError} with code {@linkcode FATAL_USAGE_CODE}
 * for the few that kingpin prints without `, try --help`.
 */
export function parseArgs(
  spec: AppSpec,
  argv: readonly string[],
  env: EnvLookup,
  options: ParseOptions = {},
): ParseResult {
  const parsed = parseTokens(spec, argv, options.readArgsFile);
  const values = zeroValues(parsed);
  const explicit = new Set<string>();
  const base = { values: values as Values, explicit: explicit as ReadonlySet<string> };
  const flagGiven = (flag: FlagSpec) =>
    parsed.elements.some((e) => e.kind === "flag" && e.flag === flag);

  if (!flagGiven(HELP_FLAG) && !flagGiven(VERSION_FLAG)) applyDefaults(parsed, values, env);
  const valueError = assignValues(parsed, values, explicit);

  const completing = values["completion-bash"] === true;
  if (completing) {
    return { ...base, kind: "completion", candidates: completionCandidates(spec, parsed) };
  }
  for (const element of parsed.elements) {
    if (element.kind === "command" && element.command === HELP_COMMAND) {
      const words = values["command"] as readonly string[];
      return { ...base, kind: "help", command: helpTarget(spec, words, options) };
    }
    if (element.kind !== "flag") continue;
    const kind = PRE_ACTION_FLAGS[element.flag.name];
    if (kind === "help-long") return { ...base, kind, command: commandPath(parsed) };
    if (kind === "help-man" || kind === "version") return { ...base, kind };
    if (kind === "completion-script") {
      const shell = element.flag.name.slice("completion-script-".length) as CompletionShell;
      return { ...base, kind, shell };
    }
  }
  if (parsed.error !== undefined) throw new UsageError(parsed.error);
  if (flagGiven(HELP_FLAG)) return { ...base, kind: "help", command: commandPath(parsed) };
  if (valueError !== undefined) throw new UsageError(valueError);

  for (const flag of parsed.flags) {
    if (flag.required && !explicit.has(flag.name) && values[destOf(flag)] === "") {
      throw new UsageError(`required flag --${flag.name} not provided`);
    }
  }
  for (const arg of parsed.args) {
    if (arg.required && !explicit.has(arg.name) && (arg.default ?? []).length === 0) {
      throw new UsageError(`required argument '${arg.name}' not provided`);
    }
  }
  if (parsed.selected?.commands) {
    throw new UsageError(`must select a subcommand of '${parsed.path.join(" ")}'`);
  }
  // A command with subcommands holds the chosen one's name under its own name.
  parsed.path.slice(1).forEach((name, i) => values[parsed.path[i]] = name);
  parsed.selected?.validate?.(values);
  spec.validate?.(values);
  if (!parsed.selected) return { ...base, kind: "usage" };
  return { ...base, kind: "command", command: parsed.path.join(" ") };
}
