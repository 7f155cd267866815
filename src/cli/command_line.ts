/**
 * Parsing the command line with the rarely run commands loaded only when needed:
 * a cached `exec`, `export` or `list` parses against a declaration in which every
 * other command is its names only, `add` loads `add`, and help, completion, usage
 * and a word that names no command load them all. Every outcome and every error is
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
 * Which rarely run commands parsing `argv` against `spec` needs loaded first: `"none"`, the
 * canonical name of the one it selects, or `"all"` when it selects no command or `help`.
 * `lazy` names the commands that `spec` declares by their names only.
 *
 * The grammar pass decides: up to the command word it sees only the global flags and the
 * commands' names and aliases, as a parse with every command loaded does, so it finds the
 * same command.
 */
export function commandsToLoad(
  spec: AppSpec,
  lazy: ReadonlySet<string>,
  argv: readonly string[],
): string {
  const [word] = parseTokens(spec, argv).path;
  if (word === undefined || word === HELP_COMMAND.name) return "all";
  return lazy.has(word) ? word : "none";
}

/**
 * Whether an outcome shows every command (help, usage, completion): once a command is
 * selected, a command to run, the version or an error depend on that command alone.
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
