/**
 * Parsing the command line with the rarely run commands loaded only when needed:
 * a cached `exec`, `export` or `list` (and `--version`, and a word that names no
 * command) parses against a declaration in which every other command is its names
 * only, `add` loads `add`, and help, completion and usage load them all. Every outcome and every error is
 * the one a declaration with every command loaded gives (docs/design.md says why).
 *
 * @module
 */

import { buildAppSpec, COMMANDS, loadCommands } from "./app_spec.ts";
import { type AppSpec, HELP_COMMAND } from "./cli_spec.ts";
import { type AppSources, type CommandEntry, isLazy } from "./command.ts";
import { type EnvLookup, parseArgs, type ParseResult } from "./parser.ts";
import { parseTokens } from "./parse_tokens.ts";

/** The parsed command line, or the parser's error, with the declaration and commands behind it. */
export type CommandLine =
  & { readonly spec: AppSpec; readonly commands: readonly CommandEntry[] }
  & ParseOutcome;

type ParseOutcome = { readonly parsed: ParseResult } | { readonly error: unknown };

/**
 * Which rarely run commands parsing `argv` against `spec` needs loaded first: the canonical
 * name of the one it selects, `"all"` for `help` (which parses the words after it as a
 * command line), else `"none"`. `lazy` names the commands that `spec` declares by their
 * names only.
 *
 * The grammar pass decides: up to the command word it sees only the global flags and the
 * commands' names and aliases, as a parse with every command loaded does, so it finds the
 * same command, or stops at the same error.
 */
export function commandsToLoad(
  spec: AppSpec,
  lazy: ReadonlySet<string>,
  argv: readonly string[],
): string {
  const [word] = parseTokens(spec, argv).path;
  if (word === HELP_COMMAND.name) return "all";
  return word !== undefined && lazy.has(word) ? word : "none";
}

/**
 * Whether an outcome shows every command (help, usage, completion). Any other outcome (a
 * command to run, the version, an error) depends on the global flags, the names of the
 * commands and the selected command alone, which the parse had.
 */
function showsCommands(parsed: ParseResult): boolean {
  return parsed.kind !== "command" && parsed.kind !== "version";
}

function tryParse(spec: AppSpec, argv: readonly string[], env: EnvLookup): ParseOutcome {
  try {
    return { parsed: parseArgs(spec, argv, env) };
  } catch (error) {
    return { error };
  }
}

/**
 * Parses `argv` as aws-vault does, loading the rarely run commands it needs. Parser errors
 * come back in the result; a command that cannot be loaded throws.
 */
export async function parseCommandLine(
  sources: AppSources,
  argv: readonly string[],
  env: EnvLookup,
): Promise<CommandLine> {
  let commands: readonly CommandEntry[] = COMMANDS;
  let spec = buildAppSpec(sources, commands);
  const lazy = new Set(commands.filter(isLazy).map((command) => command.name));
  const load = commandsToLoad(spec, lazy, argv);
  if (load !== "none") {
    commands = await loadCommands(commands, load);
    spec = buildAppSpec(sources, commands);
  }
  let outcome = tryParse(spec, argv, env);
  if (load !== "all" && "parsed" in outcome && showsCommands(outcome.parsed)) {
    commands = await loadCommands(commands, "all");
    spec = buildAppSpec(sources, commands);
    outcome = tryParse(spec, argv, env);
  }
  return { spec, commands, ...outcome };
}
