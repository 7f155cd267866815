/**
 * The shape every command file follows: one command in one place, with its
 * declaration (flags, arguments, help), how parsed values become its options,
 * and the `run` function that tests call directly with options they build.
 *
 * @module
 */

import type { CommandSpec, Values } from "./cli_spec.ts";
import type { CommandContext } from "./context.ts";

/** The machine-dependent parts of the command line, computed on first use. */
export interface AppSources {
  /** Keyring backends available here, the default first (e.g. `["secret-service", "pass", "file"]`). */
  backends: () => readonly string[];
  /** MFA prompt drivers available here, sorted (e.g. `["kdialog", "terminal", "ykman"]`). */
  prompts: () => readonly string[];
  /** Profile names from the AWS config file, for completion. */
  profileHints: () => readonly string[];
}

/** One command: declaration, options from parsed values, and its work. */
export interface Command<Options> {
  /** The command's name, flags, arguments and help as aws-vault declares them. */
  spec(sources: AppSources): CommandSpec;
  /** The command's options from the parsed command line. */
  options(values: Values): Options;
  /** Does the command's work; returns the exit code. */
  run(ctx: CommandContext, options: Options): Promise<number>;
}

/** A command whose options type is private to its file. */
// deno-lint-ignore no-explicit-any
export type AnyCommand = Command<any>;

/**
 * A rarely run command as the start-up file knows it: the names that select it on the command
 * line, and how to load the whole of it (declaration, options, run) on first use.
 */
export interface LazyCommand {
  /** Its canonical name, as its declaration spells it. */
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Left out of the help, as its declaration says. */
  readonly hidden?: boolean;
  /** Loads the command. */
  readonly load: () => Promise<AnyCommand>;
}

/** A command of the command line: loaded, or known by its names until it is needed. */
export type CommandEntry = AnyCommand | LazyCommand;

/** Whether `entry` is still to be loaded. */
export function isLazy(entry: CommandEntry): entry is LazyCommand {
  return "load" in entry;
}
