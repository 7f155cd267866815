/**
 * The grammar pass of the parser (kingpin v2's `parse`): walks the tokens,
 * matching flags against the flags known so far (global, then the selected
 * command's), the first bare word against the command names and aliases, and
 * the following words against the command's positional arguments. It records
 * what it recognised and stops at the first error, keeping what it had.
 *
 * @module
 */

import {
  appCommands,
  appFlags,
  type AppSpec,
  type ArgSpec,
  type CommandSpec,
  type Element,
  type FlagSpec,
  type ParseTrace,
} from "./cli_spec.ts";
import { goQuote } from "../go_quote.ts";
import { type ArgsFileReader, TokenStream, tokenText } from "./tokens.ts";

/** The result of the grammar pass. */
export interface TokenParse extends ParseTrace {
  /** Flags in effect: global ones, then the selected command's. */
  readonly flags: readonly FlagSpec[];
  /** Positional arguments in effect (the selected command's). */
  readonly args: readonly ArgSpec[];
  /** The names of the selected command and its selected subcommands (`["agent", "start"]`). */
  readonly path: readonly string[];
  /** Kingpin's message for the first syntax error, if any. */
  readonly error?: string;
}

class State {
  readonly long = new Map<string, FlagSpec>();
  readonly short = new Map<string, FlagSpec>();
  readonly flags: FlagSpec[] = [];
  readonly args: ArgSpec[] = [];
  readonly elements: Element[] = [];
  argIndex = 0;
  selected: CommandSpec | undefined;
  readonly path: string[] = [];
  commands: readonly CommandSpec[];
  readonly stream: TokenStream;

  constructor(spec: AppSpec, argv: readonly string[], readArgsFile?: ArgsFileReader) {
    this.commands = appCommands(spec);
    this.stream = new TokenStream(argv, (s) => {
      const flag = this.short.get(s);
      if (!flag) return undefined;
      return flag.kind === "bool" ? "bool" : "value";
    }, readArgsFile);
    this.mergeFlags(appFlags(spec));
  }

  mergeFlags(flags: readonly FlagSpec[]): void {
    for (const flag of flags) {
      this.long.set(flag.name, flag);
      if (flag.short) this.short.set(flag.short, flag);
      this.flags.push(flag);
    }
  }

  nextArg(): ArgSpec | undefined {
    const arg = this.args[this.argIndex];
    if (arg && !arg.variadic) this.argIndex++;
    return arg;
  }

  /** Parses the flag at the head of the stream; returns an error message or undefined. */
  parseFlag(): string | undefined {
    const { stream } = this;
    const token = stream.peek();
    let name = token.value;
    let invert = false;
    let flag: FlagSpec | undefined;
    if (token.type === "long") {
      flag = this.long.get(name);
      if (!flag && name.startsWith("no-")) {
        name = name.slice(3);
        invert = true;
        flag = this.long.get(name);
      }
      if (!flag) return `unknown long flag '${tokenText(token)}'`;
    } else {
      flag = this.short.get(name);
      if (!flag) return `unknown short flag '${tokenText(token)}'`;
    }
    stream.next();
    let value: string;
    if (flag.kind === "bool") {
      value = invert ? "false" : "true";
    } else {
      if (invert) {
        stream.push(token);
        return `unknown long flag '${tokenText(token)}'`;
      }
      const next = stream.peek();
      if (next.type !== "arg") return `expected argument for flag '${tokenText(token)}'`;
      stream.next();
      value = next.value;
    }
    this.elements.push({ kind: "flag", flag, value });
    return undefined;
  }

  /** Walks the whole stream; returns kingpin's error message, if any. */
  run(): string | undefined {
    const { stream } = this;
    for (;;) {
      const token = stream.peek();
      if (token.type === "eol" || token.type === "error") break;
      if (token.type === "long" || token.type === "short") {
        const error = this.parseFlag();
        if (error !== undefined) return error;
        continue;
      }
      if (this.commands.length > 0) {
        const cmd = this.commands.find((c) =>
          c.name === token.value || (c.aliases ?? []).includes(token.value)
        );
        if (!cmd) return `expected command but got ${goQuote(token.value)}`;
        this.elements.push({ kind: "command", command: cmd });
        this.mergeFlags(cmd.flags ?? []);
        this.args.push(...(cmd.args ?? []));
        this.selected = cmd;
        this.path.push(cmd.name);
        this.commands = cmd.commands ?? [];
        stream.next();
      } else if (this.args.length > 0) {
        const arg = this.nextArg();
        if (!arg) break;
        this.elements.push({ kind: "arg", arg, value: token.value });
        stream.next();
      } else {
        break;
      }
    }
    const last = stream.peek();
    if (last.type === "error") return last.value;
    if (last.type !== "eol") return `unexpected ${tokenText(last)}`;
    return undefined;
  }
}

/** Runs the grammar pass over `argv` (the arguments after the program name). */
export function parseTokens(
  spec: AppSpec,
  argv: readonly string[],
  readArgsFile?: ArgsFileReader,
): TokenParse {
  const state = new State(spec, argv, readArgsFile);
  const error = state.run();
  return {
    rawArgs: argv,
    selected: state.selected,
    elements: state.elements,
    argsOnly: state.stream.argsOnly,
    flags: state.flags,
    args: state.args,
    path: state.path,
    error,
  };
}
