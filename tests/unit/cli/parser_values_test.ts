import type { AppSpec } from "../../../src/cli/cli_spec.ts";
import { getBool, getList, getString } from "../../../src/cli/cli_spec.ts";
import { parseArgs, type ParseResult } from "../../../src/cli/parser.ts";
import { UsageError } from "../../../src/errors.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { errorOf, parse, SPEC } from "./spec_fixture.ts";
import { ENV, VALUES } from "./parser_tables.ts";

function command(result: ParseResult): Extract<ParseResult, { kind: "command" }> {
  assert(result.kind === "command", `expected a command, got ${result.kind}`);
  return result;
}

/** Picks some values of a parsed command line, for compact expectations. */
function pick(
  argv: string[],
  names: string[],
  env: Record<string, string> = {},
): [string, Record<string, unknown>] {
  const result = command(parse(argv, env));
  return [result.command, Object.fromEntries(names.map((n) => [n, result.values[n]]))];
}

for (const [argv, names, expected] of VALUES) {
  Deno.test(`parseArgs() reads ${JSON.stringify(argv)} as ${JSON.stringify(expected)}`, () => {
    assertEquals(pick(argv, names), expected);
  });
}

Deno.test("parseArgs() gives global defaults, Go zero values and the explicit names", () => {
  const result = command(parse(["--keychain", "k", "list", "--sessions"]));
  assertEquals(getString(result.values, "backend"), "secret-service");
  assertEquals(getString(result.values, "keychain"), "k");
  assertEquals(getString(result.values, "secret-service-collection"), "awsvault");
  assertEquals(getString(result.values, "file-dir"), "~/.awsvault/keys/");
  assertEquals(getString(result.values, "prompt"), "");
  assertEquals(getString(result.values, "pass-dir"), "");
  assertEquals(getBool(result.values, "debug"), false);
  assertEquals(getBool(result.values, "sessions"), true);
  assertEquals([...result.explicit].sort(), ["keychain", "sessions"]);
});

for (const [argv, env, name, value] of ENV) {
  Deno.test(`parseArgs() takes ${name}=${JSON.stringify(value)} from ${JSON.stringify(argv)} and ${JSON.stringify(env)}`, () => {
    assertEquals(getString(command(parse(argv, env)).values, name), value);
  });
}

Deno.test("parseArgs() expands @file words when given a reader, skipping comments and blank lines", () => {
  const files: Record<string, string> = { "args.txt": "exec\n# comment\n\nprof\n  \nls\r\nx\n" };
  const read = (path: string) => {
    if (!(path in files)) throw new Error(`open ${path}: no such file or directory`);
    return files[path];
  };
  const spec = (argv: string[]) => parseArgs(SPEC, argv, () => undefined, { readArgsFile: read });
  const result = command(spec(["@args.txt"]));
  assertEquals([result.values.profile, result.values.cmd, result.values.args], ["prof", "ls", [
    "x",
  ]]);
  const missing = errorOf(() => spec(["list", "@nope"]));
  assert(missing instanceof UsageError);
  assertEquals(
    missing.message,
    'failed to open arguments file "nope": open nope: no such file or directory',
  );
  assertEquals(errorOf(() => spec(["@"])).message, "expected @ file to expand arguments from");
  // Without a reader, or after "--", @words are plain words.
  assertEquals(errorOf(() => parse(["@args.txt"])).message, 'expected command but got "@args.txt"');
  assertEquals(command(spec(["exec", "p", "--", "@args.txt"])).values.cmd, "@args.txt");
});

// A declaration with what aws-vault does not use: bool envars, repeatable flags, argument defaults.
const GENERIC: AppSpec = {
  name: "tool",
  help: "A tool.",
  flags: [
    { name: "verbose", short: "v", kind: "bool", help: "Verbose", envar: "TOOL_VERBOSE" },
    { name: "tag", kind: "string", help: "Tags", repeatable: true, envar: "TOOL_TAGS" },
    { name: "mode", kind: "enum", help: "Mode", values: () => ["a", "b"], envar: "TOOL_MODE" },
  ],
  commands: [{
    name: "run",
    help: "Run.",
    args: [{ name: "target", help: "Target", default: ["all"] }],
  }],
};

function generic(argv: string[], env: Record<string, string> = {}) {
  return command(parseArgs(GENERIC, argv, (n) => env[n]));
}

Deno.test("parseArgs() parses bool envars as Go booleans and rejects other words", () => {
  for (
    const [text, value] of [["true", true], ["1", true], ["T", true], ["false", false], [
      "0",
      false,
    ], ["F", false]] as const
  ) {
    assertEquals(getBool(generic(["run"], { TOOL_VERBOSE: text }).values, "verbose"), value);
  }
  assertEquals(getBool(generic(["run"], { TOOL_VERBOSE: "" }).values, "verbose"), false);
  assertEquals(
    getBool(generic(["--no-verbose", "run"], { TOOL_VERBOSE: "1" }).values, "verbose"),
    false,
  );
  const error = errorOf(() => generic(["run"], { TOOL_VERBOSE: "yes" }));
  assertEquals(error.message, 'strconv.ParseBool: parsing "yes": invalid syntax');
});

Deno.test("parseArgs() accumulates repeatable flags from the command line or newline-separated envars", () => {
  assertEquals(getList(generic(["--tag", "a", "run", "--tag=b"]).values, "tag"), ["a", "b"]);
  assertEquals(getList(generic(["run"], { TOOL_TAGS: "x\ny\r\nz\n" }).values, "tag"), [
    "x",
    "y",
    "z",
  ]);
  assertEquals(getList(generic(["run"]).values, "tag"), []);
});

Deno.test("parseArgs() validates enum envars and applies argument defaults", () => {
  assertEquals(getString(generic(["run"], { TOOL_MODE: "b" }).values, "mode"), "b");
  assertEquals(
    errorOf(() => generic(["run"], { TOOL_MODE: "c" })).message,
    "enum value must be one of a,b, got 'c'",
  );
  assertEquals(getString(generic(["run"]).values, "target"), "all");
  assertEquals(getString(generic(["run", "x"]).values, "target"), "x");
});

Deno.test("value readers reject names of the wrong kind", () => {
  const values = generic(["run"]).values;
  assertEquals(
    errorOf(() => getString(values, "verbose")).message,
    '"verbose" is not a string value',
  );
  assertEquals(errorOf(() => getBool(values, "nope")).message, 'No value named "nope" was parsed');
  assertEquals(errorOf(() => getList(values, "mode")).message, '"mode" is not a list value');
});
