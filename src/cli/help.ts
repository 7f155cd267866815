/**
 * Help text in kingpin v2's formats, as aws-vault v7.2.0 prints it: the
 * default usage template (`--help`, `help [<command>]`, the no-command
 * usage), the long help (`--help-long`) and the man page (`--help-man`).
 * Functions return strings; the caller prints them (usage and help go to
 * stderr, long help and the man page to stdout).
 *
 * Kingpin wraps help texts to the terminal width: `$COLUMNS` when it is a
 * number, else the width of the terminal on the usage stream, else 80. The
 * caller decides and passes `width`.
 *
 * @module
 */

import {
  appCommands,
  appFlags,
  type AppSpec,
  type ArgSpec,
  type CommandSpec,
  findCommand,
  type FlagSpec,
  flattenCommands,
  resolve,
} from "./cli_spec.ts";
import { docToText } from "./doc_text.ts";
import { goQuote } from "../go_quote.ts";

/** Options of the help renderers. */
export interface HelpOptions {
  /** Output width in columns (default 80). */
  width?: number;
}

/** Flags that kingpin leaves out when deciding whether to show `[<flags>]`. */
const UNCOUNTED = new Set([
  "help",
  "help-long",
  "help-man",
  "completion-bash",
  "completion-script-bash",
  "completion-script-zsh",
  "completion-script-fish",
]);

function placeholder(flag: FlagSpec): string {
  if (flag.placeholder) return flag.placeholder;
  const def = resolve(flag.default);
  if (def === undefined) return flag.name.toUpperCase();
  // Kingpin quotes the default of a plain string flag only.
  return flag.kind === "string" && !flag.repeatable ? goQuote(def) : def;
}

function helpWithEnvar(flag: FlagSpec): string {
  const help = resolve(flag.help);
  return flag.envar ? `${help} ($${flag.envar})` : help;
}

/** Kingpin `FlagSummary`: required flags, then `[<flags>]` when there are optional ones. */
function flagSummary(flags: readonly FlagSpec[]): string {
  const counted = flags.filter((f) => !UNCOUNTED.has(f.name)).length;
  const required = flags.filter((f) => f.required)
    .map((f) => f.kind === "bool" ? `--[no-]${f.name}` : `--${f.name}=${placeholder(f)}`);
  return [...required, ...(counted > required.length ? ["[<flags>]"] : [])].join(" ");
}

/** Kingpin template `FormatCommand`: the flag summary and the argument list. */
function formatCommand(flags: readonly FlagSpec[], args: readonly ArgSpec[]): string {
  const summary = flagSummary(flags);
  let out = summary ? " " + summary : "";
  for (const arg of args) {
    const name = `<${arg.name}>${arg.variadic ? "..." : ""}`;
    out += " " + (arg.required ? name : `[${name}]`);
  }
  return out;
}

/** Kingpin `formatFlag`: `-x, --[no-]name` or `--name=PLACEHOLDER`. */
function formatFlag(haveShort: boolean, flag: FlagSpec): string {
  const name = flag.kind === "bool" ? "[no-]" + flag.name : flag.name;
  let out = flag.short ? `-${flag.short}, --${name}` : `${haveShort ? "    " : ""}--${name}`;
  if (flag.kind !== "bool") out += "=" + placeholder(flag);
  if (flag.repeatable) out += " ...";
  return out;
}

function flagRows(flags: readonly FlagSpec[]): [string, string][] {
  const haveShort = flags.some((f) => f.short);
  return flags.filter((f) => !f.hidden).map((f) => [formatFlag(haveShort, f), helpWithEnvar(f)]);
}

function argRows(args: readonly ArgSpec[]): [string, string][] {
  return args.map((a) => [a.required ? `<${a.name}>` : `[<${a.name}>]`, a.help]);
}

/** Kingpin `formatTwoColumns`: a left column up to 29 wide, help wrapped beside it. */
function twoColumns(
  rows: [string, string][],
  indent: number,
  padding: number,
  width: number,
): string {
  let s = 0;
  for (const [left] of rows) if (left.length > s && left.length < 30) s = left.length;
  const indentStr = " ".repeat(indent);
  const offset = " ".repeat(s + padding);
  let out = "";
  for (const [left, help] of rows) {
    const text = docToText(help, "", width - s - padding - indent).replace(/\n+$/, "");
    const lines = text.split("\n");
    out += indentStr + left.padEnd(s) + " ".repeat(padding);
    if (left.length >= 30) out += "\n" + indentStr + offset;
    out += lines[0] + "\n";
    for (const line of lines.slice(1)) out += indentStr + offset + line + "\n";
  }
  return out;
}

function wrap(text: string, indent: number, width: number): string {
  return docToText(text, " ".repeat(indent), width - indent);
}

/** Kingpin template `FormatUsage`. */
function formatUsage(
  flags: readonly FlagSpec[],
  args: readonly ArgSpec[],
  hasCommands: boolean,
  help: string,
  width: number,
): string {
  let out = formatCommand(flags, args) + (hasCommands ? " <command> [<args> ...]" : "") + "\n";
  if (help) out += "\n" + wrap(help, 0, width);
  return out;
}

interface UsageContext {
  readonly command: CommandSpec | undefined;
  readonly flags: readonly FlagSpec[];
  readonly args: readonly ArgSpec[];
}

function usageContext(spec: AppSpec, command: string | undefined): UsageContext {
  const cmd = command === undefined ? undefined : findCommand(spec, command);
  if (command !== undefined && !cmd) throw new RangeError(`Unknown command "${command}"`);
  return {
    command: cmd,
    flags: [...appFlags(spec), ...(cmd?.flags ?? [])],
    args: cmd?.args ?? [],
  };
}

function flagsAndArgs(ctx: UsageContext, width: number): string {
  let out = "Flags:\n" + twoColumns(flagRows(ctx.flags), 2, 2, width) + "\n";
  if (ctx.args.length > 0) out += "Args:\n" + twoColumns(argRows(ctx.args), 2, 2, width) + "\n";
  return out;
}

/**
 * The usage text for `command` (canonical name or alias), or for the whole
 * application when `command` is undefined: what `--help`, `help [<command>]`
 * and a command line without a command print.
 */
export function renderUsage(spec: AppSpec, command?: string, options: HelpOptions = {}): string {
  const width = options.width ?? 80;
  const ctx = usageContext(spec, command);
  let out = `usage: ${spec.name}`;
  const cmd = ctx.command;
  if (cmd) {
    const hasCommands = cmd.commands !== undefined;
    out += " " + cmd.name +
      formatUsage(cmd.flags ?? [], cmd.args ?? [], hasCommands, cmd.help, width);
  } else {
    out += formatUsage(appFlags(spec), [], true, spec.help, width);
  }
  out += "\n\n" + flagsAndArgs(ctx, width);
  const listed = cmd ? cmd.commands : appCommands(spec);
  if (listed) {
    out += cmd ? "Subcommands:\n" : "Commands:\n";
    for (const sub of flattenCommands(listed)) {
      if (sub.hidden) continue;
      // Kingpin v2.3's template trims the indentation meant for this line.
      const name = cmd ? `${cmd.name} ${sub.name}` : sub.name;
      out += `${name}${formatCommand(sub.flags ?? [], sub.args ?? [])}\n`;
      out += wrap(sub.help, 4, width) + "\n";
    }
    out += "\n";
  }
  return out;
}

/** The `--help-long` text: the application usage, the flags in effect, and every command with its own flags. */
export function renderLongHelp(spec: AppSpec, command?: string, options: HelpOptions = {}): string {
  const width = options.width ?? 80;
  const ctx = usageContext(spec, command);
  let out = `usage: ${spec.name}` + formatUsage(appFlags(spec), [], true, spec.help, width);
  out += "\n" + flagsAndArgs(ctx, width) + "Commands:\n";
  for (const cmd of flattenCommands(appCommands(spec))) {
    if (cmd.hidden) continue;
    out += `${cmd.name}${formatCommand(cmd.flags ?? [], cmd.args ?? [])}\n`;
    out += wrap(cmd.help, 4, width) + "\n";
    const rows = flagRows(cmd.flags ?? []);
    if (rows.length > 0) out += twoColumns(rows, 4, 2, width);
    out += "\n";
  }
  return out + "\n";
}

function manFlags(flags: readonly FlagSpec[]): string {
  let out = "";
  for (const flag of flags) {
    if (flag.hidden) continue;
    const short = flag.short ? `-${flag.short}, ` : "";
    const value = flag.kind === "bool" ? "" : "=" + placeholder(flag);
    out += `.TP\n\\fB${short}--${flag.name}${value}\\fR\n${resolve(flag.help)}\n`;
  }
  return out;
}

/** The `--help-man` text (roff), with `version` in the title line. */
export function renderManPage(spec: AppSpec, version: string): string {
  let out = `.TH ${spec.name} 1 ${version} ""\n.SH "NAME"\n${spec.name}\n`;
  out += `.SH "SYNOPSIS"\n.TP\n\\fB${spec.name}${formatCommand(appFlags(spec), [])}`;
  out += ` <command> [<args> ...]\\fR\n\n.SH "DESCRIPTION"\n${spec.help}\n`;
  out += `.SH "OPTIONS"\n${manFlags(appFlags(spec))}.SH "COMMANDS"\n`;
  for (const cmd of flattenCommands(appCommands(spec))) {
    if (cmd.hidden) continue;
    out += `.SS\n\\fB${cmd.name}${formatCommand(cmd.flags ?? [], cmd.args ?? [])}\\fR\n`;
    out += `.PP\n${cmd.help}\n${manFlags(cmd.flags ?? [])}`;
  }
  return out;
}
