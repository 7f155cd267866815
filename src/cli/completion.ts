/**
 * Shell completion, as kingpin v2 does it for aws-vault: the hidden
 * `--completion-bash <words...>` flag prints the candidates for the partial
 * command line (commands, flags, flag values, argument hints such as profile
 * names); `--completion-script-bash` / `--completion-script-zsh` print a
 * script that calls it (completion_script.ts).
 *
 * @module
 */

import {
  appCommands,
  appFlags,
  type AppSpec,
  type ArgSpec,
  type CommandSpec,
  type FlagSpec,
  type ParseTrace,
  resolve,
} from "./cli_spec.ts";

interface Target {
  readonly flags: readonly FlagSpec[];
  readonly args: readonly ArgSpec[];
  readonly commands: readonly CommandSpec[];
}

function flagHints(flag: FlagSpec): readonly string[] {
  if (flag.hints) return flag.hints();
  return flag.kind === "enum" ? resolve(flag.values ?? []) : [];
}

function argHints(arg: ArgSpec | undefined): readonly string[] {
  return arg?.hints?.() ?? [];
}

/** Kingpin `FlagCompletion`: [candidates, flag name matched, value matched]. */
function flagCompletion(
  flags: readonly FlagSpec[],
  name: string,
  value: string,
): [readonly string[], boolean, boolean] {
  const options: string[] = [];
  for (const flag of flags) {
    if (flag.name === name) {
      const hints = flagHints(flag);
      if (hints.length === 0) return [hints, true, true];
      const matched = hints.includes(value);
      const isPrefix = hints.some((h) => h !== value && h.startsWith(value));
      return [hints, true, !isPrefix && matched];
    }
    if (!flag.hidden) options.push("--" + flag.name);
  }
  return [options, false, false];
}

/** Kingpin `CmdCompletion`: hints for the next unsatisfied argument, else the subcommands. */
function cmdCompletion(target: Target, trace: ParseTrace): string[] {
  let options: string[] = [];
  let satisfied = 0;
  let allSatisfied = false;
  elements: for (const element of trace.elements) {
    if (element.kind !== "arg") continue;
    allSatisfied = false;
    options = [];
    if (element.value === "") continue;
    const variadic = element.arg.variadic === true;
    const valid = argHints(target.args[satisfied]);
    if (valid.length === 0) {
      if (!variadic) {
        satisfied++;
        allSatisfied = true;
      }
      continue;
    }
    for (const option of valid) {
      if (option === element.value) {
        if (!variadic) satisfied++;
        continue elements;
      }
      if (option.startsWith(element.value)) options.push(option);
    }
    if (!variadic) {
      satisfied++;
      allSatisfied = true;
    }
  }
  if (satisfied < target.args.length && !allSatisfied) {
    options.push(...argHints(target.args[satisfied]));
  } else {
    for (const cmd of target.commands) if (!cmd.hidden) options.push(cmd.name);
  }
  return options;
}

/**
 * The candidates `--completion-bash` prints (one per line) for the command
 * line in `trace`, whose first raw word is the `--completion-bash` flag itself.
 */
export function completionCandidates(spec: AppSpec, trace: ParseTrace): string[] {
  let args = trace.rawArgs;
  let current = "";
  let previous = "";
  if (args.length > 1) {
    args = args.slice(1);
    current = args[args.length - 1];
  }
  if (trace.rawArgs.length > 2) previous = args[args.length - 2];
  const globalFlags = appFlags(spec);
  const target: Target = trace.selected
    ? {
      flags: trace.selected.flags ?? [],
      args: trace.selected.args ?? [],
      commands: trace.selected.commands ?? [],
    }
    : { flags: globalFlags, args: [], commands: appCommands(spec) };

  if (!current.startsWith("--") && !previous.startsWith("--")) return cmdCompletion(target, trace);
  if (trace.argsOnly) return [];
  let name = "";
  let value = "";
  if (previous.startsWith("--") && !current.startsWith("--")) {
    name = previous.slice(2);
    value = current;
  } else if (current.startsWith("--")) {
    name = current.slice(2);
  }
  const [options, flagMatched, valueMatched] = flagCompletion(target.flags, name, value);
  if (valueMatched) return cmdCompletion(target, trace);
  if (trace.selected && !flagMatched) {
    const [top, topFlagMatched, topValueMatched] = flagCompletion(globalFlags, name, value);
    if (topValueMatched) return cmdCompletion(target, trace);
    return topFlagMatched ? [...top] : [...options, ...top];
  }
  return [...options];
}
