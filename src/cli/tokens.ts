/**
 * The command-line tokenizer, reproducing kingpin v2's lexer: `--name` and
 * `--name=value`, `-x`, clustered bool shorts (`-fn`), attached values for
 * value-taking shorts (`-t123456`), `--` ending flag parsing, a lone `-`
 * read as an empty argument, and `@file` expansion (when a reader is given).
 *
 * @module
 */

import { goQuote } from "../go_quote.ts";

/** A lexical token. */
export interface Token {
  readonly type: "long" | "short" | "arg" | "error" | "eol";
  /** Flag name (without dashes), argument text, or error message. */
  readonly value: string;
}

/** How kingpin shows a token in messages (`--region`, `-l`, `x`). */
export function tokenText(token: Token): string {
  switch (token.type) {
    case "long":
      return "--" + token.value;
    case "short":
      return "-" + token.value;
    case "arg":
      return token.value;
    case "error":
      return "error: " + token.value;
    case "eol":
      return "<EOL>";
  }
}

/** Whether a known short flag takes a value (`"value"`), is a bool (`"bool"`), or is unknown. */
export type ShortLookup = (short: string) => "bool" | "value" | undefined;

/** Reads an `@file` argument file; throws an `Error` whose message is Go-like (`open x: ...`). */
export type ArgsFileReader = (path: string) => string;

function expandArgsFile(path: string, read: ArgsFileReader): string[] | string {
  if (path === "") return "expected @ file to expand arguments from";
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return `failed to open arguments file ${goQuote(path)}: ${detail}`;
  }
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines.map((l) => l.replace(/\r$/, "")).filter((l) =>
    !l.startsWith("#") && l.trim() !== ""
  );
}

/** A lazily tokenized command line with a push-back stack, as kingpin's `ParseContext`. */
export class TokenStream {
  /** The command line as given. */
  readonly rawArgs: readonly string[];
  /** Set once a word follows `--`: everything is an argument from then on. */
  argsOnly = false;
  #args: string[];
  #argi = 0;
  #stack: Token[] = [];
  #short: ShortLookup;
  #readArgsFile?: ArgsFileReader;

  constructor(args: readonly string[], short: ShortLookup, readArgsFile?: ArgsFileReader) {
    this.rawArgs = args;
    this.#args = [...args];
    this.#short = short;
    this.#readArgsFile = readArgsFile;
  }

  /** Removes and returns the next token. */
  next(): Token {
    const pushed = this.#stack.pop();
    if (pushed) return pushed;
    if (this.#args.length === 0) return { type: "eol", value: "" };
    // Kingpin checks the raw word before the cursor, which drifts from the
    // real position after a short-flag cluster or an @file expansion.
    if (
      this.#argi > 0 && this.#argi <= this.rawArgs.length && this.rawArgs[this.#argi - 1] === "--"
    ) {
      this.argsOnly = true;
    }
    const arg = this.#args.shift()!;
    this.#argi++;
    if (this.argsOnly) return { type: "arg", value: arg };
    if (arg === "--") return this.next();
    if (arg.startsWith("--")) {
      const body = arg.slice(2);
      const eq = body.indexOf("=");
      if (eq < 0) return { type: "long", value: body };
      this.push({ type: "arg", value: body.slice(eq + 1) });
      return { type: "long", value: body.slice(0, eq) };
    }
    if (arg.startsWith("-")) {
      if (arg.length === 1) return { type: "arg", value: "" };
      const short = String.fromCodePoint(arg.codePointAt(1)!);
      const rest = arg.slice(1 + short.length);
      if (this.#short(short) === "value") {
        if (rest !== "") this.push({ type: "arg", value: rest });
        return { type: "short", value: short };
      }
      if (rest !== "") this.#args.unshift("-" + rest);
      return { type: "short", value: short };
    }
    if (arg.startsWith("@") && this.#readArgsFile) {
      const expanded = expandArgsFile(arg.slice(1), this.#readArgsFile);
      if (typeof expanded === "string") return { type: "error", value: expanded };
      this.#args = [...expanded, ...this.#args];
      return this.next();
    }
    return { type: "arg", value: arg };
  }

  /** Returns the next token without consuming it. */
  peek(): Token {
    const top = this.#stack[this.#stack.length - 1];
    return top ?? this.push(this.next());
  }

  /** Pushes a token back. */
  push(token: Token): Token {
    this.#stack.push(token);
    return token;
  }
}
