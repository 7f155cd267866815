/**
 * The declarative description of a command line (an application, its global
 * flags, its commands with their flags and positional arguments), the
 * built-in flags and `help` command that kingpin v2 adds to every
 * application, and typed readers for parsed values.
 *
 * The parser (`parser.ts`), the help renderer (`help.ts`) and the completion
 * engine (`completion.ts`) all work from these shapes.
 *
 * @module
 */

/** A value given directly or computed on first use (e.g. the backends available on this OS). */
export type Lazy<T> = T | (() => T);

/** Resolves a {@linkcode Lazy} value. */
export function resolve<T>(value: Lazy<T>): T {
  return typeof value === "function" ? (value as () => T)() : value;
}

/** How a flag takes its value. */
export type FlagKind = "bool" | "string" | "enum";

/** One flag (`--name`, optionally `-x`). */
export interface FlagSpec {
  /** Long name without the dashes, e.g. `"no-session"`. */
  readonly name: string;
  /** One-character short name without the dash, e.g. `"n"`. */
  readonly short?: string;
  readonly kind: FlagKind;
  /** Help text shown in the flags table. */
  readonly help: Lazy<string>;
  /** Placeholder shown as `--name=PLACEHOLDER` (default: the quoted default, else `NAME`). */
  readonly placeholder?: string;
  /** Default as command-line text (`"true"` for a bool); applied when the flag and its envar are absent. */
  readonly default?: Lazy<string | undefined>;
  /** Environment variable whose non-empty value replaces the default. */
  readonly envar?: string;
  readonly hidden?: boolean;
  /** Must be given (on the command line, or by its envar or default); kingpin's `Required()`. */
  readonly required?: boolean;
  /** Accumulate every occurrence into a list instead of failing on repetition. */
  readonly repeatable?: boolean;
  /** Allowed values of an `enum` flag (also its completion candidates). */
  readonly values?: Lazy<readonly string[]>;
  /** Validates a string value; throws an `Error` whose message is reported as a usage error. */
  readonly check?: (value: string) => void;
  /** Completion candidates for the value (replace the enum values when given). */
  readonly hints?: () => readonly string[];
  /** Key the value is stored under (default: `name`); two flags may share one, like Go `BoolVar`s on one variable. */
  readonly dest?: string;
}

/** One positional argument. */
export interface ArgSpec {
  readonly name: string;
  readonly help: string;
  readonly required?: boolean;
  /** Takes every remaining word; must be the last argument. */
  readonly variadic?: boolean;
  /** Values used when the argument is absent. */
  readonly default?: readonly string[];
  /** Completion candidates (e.g. profile names from the AWS config file). */
  readonly hints?: () => readonly string[];
}

/** One command (`aws-vault <name> ...`). */
export interface CommandSpec {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly help: string;
  readonly flags?: readonly FlagSpec[];
  readonly args?: readonly ArgSpec[];
  readonly hidden?: boolean;
  /**
   * Subcommands (kingpin's nested commands, e.g. `agent start`): a command that has
   * them runs only through one of them, whose flags add to its own.
   */
  readonly commands?: readonly CommandSpec[];
  /** Runs after the required-argument check; throws to reject the command line. */
  readonly validate?: (values: Values) => void;
}

/** The whole application. */
export interface AppSpec {
  readonly name: string;
  readonly help: string;
  /** Global flags, accepted before or after the command name. */
  readonly flags: readonly FlagSpec[];
  /** Commands in help order (the built-in `help` command is listed before them). */
  readonly commands: readonly CommandSpec[];
  /** Runs after every command's validator (kingpin `app.Validate`). */
  readonly validate?: (values: Values) => void;
}

/** A parsed value: `boolean` for bool flags, `string` for string/enum flags and single args, a list for repeatable flags and variadic args. */
export type FlagValue = boolean | string | readonly string[];

/** Parsed values keyed by flag `dest` (default: long name) and argument name. */
export type Values = Readonly<Record<string, FlagValue>>;

/** A flag, argument or command recognised on the command line, in order. */
export type Element =
  | { readonly kind: "flag"; readonly flag: FlagSpec; readonly value: string }
  | { readonly kind: "arg"; readonly arg: ArgSpec; readonly value: string }
  | { readonly kind: "command"; readonly command: CommandSpec };

/** What the parser recognised before it stopped (used for completion). */
export interface ParseTrace {
  readonly rawArgs: readonly string[];
  readonly selected: CommandSpec | undefined;
  readonly elements: readonly Element[];
  /** A `--` has switched the tokenizer to positional-only mode. */
  readonly argsOnly: boolean;
}

/** Kingpin's built-in `--help` flag. */
export const HELP_FLAG: FlagSpec = {
  name: "help",
  kind: "bool",
  help: "Show context-sensitive help (also try --help-long and --help-man).",
};

/** Kingpin's built-in `--version` flag (added by `app.Version`). */
export const VERSION_FLAG: FlagSpec = {
  name: "version",
  kind: "bool",
  help: "Show application version.",
};

/**
 * Flags kingpin adds to every application, in its order, before the application's own
 * (`--completion-script-fish` is ours: kingpin has no fish script).
 */
export const BUILTIN_FLAGS: readonly FlagSpec[] = [
  HELP_FLAG,
  { name: "help-long", kind: "bool", help: "Generate long help.", hidden: true },
  { name: "help-man", kind: "bool", help: "Generate a man page.", hidden: true },
  {
    name: "completion-bash",
    kind: "bool",
    help: "Output possible completions for the given args.",
    hidden: true,
  },
  {
    name: "completion-script-bash",
    kind: "bool",
    help: "Generate completion script for bash.",
    hidden: true,
  },
  {
    name: "completion-script-zsh",
    kind: "bool",
    help: "Generate completion script for ZSH.",
    hidden: true,
  },
  {
    name: "completion-script-fish",
    kind: "bool",
    help: "Generate completion script for fish.",
    hidden: true,
  },
  VERSION_FLAG,
];

/** Kingpin's built-in `help [<command>...]` command, listed first. */
export const HELP_COMMAND: CommandSpec = {
  name: "help",
  help: "Show help.",
  args: [{ name: "command", help: "Show help on command.", variadic: true }],
};

/** Every global flag of `spec`: the built-ins, then the application's. */
export function appFlags(spec: AppSpec): readonly FlagSpec[] {
  return [...BUILTIN_FLAGS, ...spec.flags];
}

/** Every command of `spec`: `help`, then the application's. */
export function appCommands(spec: AppSpec): readonly CommandSpec[] {
  return [HELP_COMMAND, ...spec.commands];
}

/**
 * `commands` with every command that has subcommands replaced by them, as kingpin's
 * `FlattenedCommands` lists them for help: named by their full path (`agent start`),
 * with their parents' flags and arguments before their own.
 */
export function flattenCommands(commands: readonly CommandSpec[]): CommandSpec[] {
  return commands.flatMap((parent) =>
    parent.commands
      ? flattenCommands(parent.commands).map((sub) => ({
        ...sub,
        name: `${parent.name} ${sub.name}`,
        aliases: [],
        hidden: parent.hidden || sub.hidden,
        flags: [...(parent.flags ?? []), ...(sub.flags ?? [])],
        args: [...(parent.args ?? []), ...(sub.args ?? [])],
      }))
      : [parent]
  );
}

/**
 * The command named `name` (one of its aliases, or the full path of a subcommand such
 * as `agent start`, whose parents' flags and arguments it then carries), if any.
 */
export function findCommand(spec: AppSpec, name: string): CommandSpec | undefined {
  const [first, ...rest] = name.split(" ");
  let found = appCommands(spec).find((c) => c.name === first || (c.aliases ?? []).includes(first));
  for (const word of rest) {
    const sub = found?.commands?.find((c) => c.name === word);
    if (!found || !sub) return undefined;
    found = { ...flattenCommands([{ ...found, commands: [sub] }])[0], commands: sub.commands };
  }
  return found;
}

/** Where a flag's value is stored. */
export function destOf(flag: FlagSpec): string {
  return flag.dest ?? flag.name;
}

function read(values: Values, name: string): FlagValue {
  const value = values[name];
  if (value === undefined) throw new TypeError(`No value named "${name}" was parsed`);
  return value;
}

/** The value of bool flag `name`. Throws `TypeError` for an unknown or non-bool name. */
export function getBool(values: Values, name: string): boolean {
  const value = read(values, name);
  if (typeof value !== "boolean") throw new TypeError(`"${name}" is not a bool flag`);
  return value;
}

/** The value of string/enum flag or single argument `name` ("" when absent). */
export function getString(values: Values, name: string): string {
  const value = read(values, name);
  if (typeof value !== "string") throw new TypeError(`"${name}" is not a string value`);
  return value;
}

/** The values of repeatable flag or variadic argument `name` (empty when absent). */
export function getList(values: Values, name: string): readonly string[] {
  const value = read(values, name);
  if (!Array.isArray(value)) throw new TypeError(`"${name}" is not a list value`);
  return value;
}
