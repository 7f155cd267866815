/**
 * Lazy loading of the rarely run commands: which ones a command line loads, and that every
 * outcome (command and values, help, completion, errors) equals the one a declaration with
 * every command loaded gives, over the parser's table cases and more.
 */

import { buildAppSpec, COMMANDS } from "../../../src/cli/app_spec.ts";
import { isLazy } from "../../../src/cli/command.ts";
import { commandsToLoad, parseCommandLine } from "../../../src/cli/command_line.ts";
import { completionScript } from "../../../src/cli/completion_script.ts";
import { renderLongHelp, renderManPage, renderUsage } from "../../../src/cli/help.ts";
import type { AppSpec } from "../../../src/cli/cli_spec.ts";
import { parseArgs, type ParseResult } from "../../../src/cli/parser.ts";
import { AwsVaultError } from "../../../src/errors.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { COMPLETIONS, ENV, OUTCOMES, USAGE_ERRORS, VALUES } from "./parser_tables.ts";
import { allCommands } from "./spec_fixture.ts";

const SOURCES = {
  backends: () => ["secret-service", "pass", "file"],
  prompts: () => ["terminal", "ykman"],
  profileHints: () => ["dev", "prod"],
};
const LAZY = new Set(COMMANDS.filter(isLazy).map((command) => command.name));

// Each row: argv, what it loads before the parse (usage, help and completion load every
// command after it).
const LOADS: [string[], string][] = [
  [[], "none"],
  [["list"], "none"],
  [["ls", "--credentials"], "none"],
  [["export", "p", "--format=json"], "none"],
  [["--debug", "exec", "p", "--", "aws-vault", "add", "--help"], "none"],
  [["--backend", "file", "exec", "p"], "none"],
  [["--version"], "none"],
  [["add", "x"], "add"],
  [["--backend", "file", "add", "x"], "add"],
  [["--backend=file", "add", "x"], "add"],
  // As in kingpin, a bool flag leaves its "=false" as a word: the command word, naming no command.
  [["--debug=false", "rm", "x"], "none"],
  [["--no-debug", "remove", "x"], "remove"],
  [["--", "add", "x"], "add"],
  [["server"], "proxy"],
  [["agent", "start", "--idle-timeout", "1m"], "agent"],
  [["add", "--help"], "add"],
  [["--completion-bash", "add", ""], "add"],
  // A bool flag takes no value: "true" is the command word, and names no command.
  [["--debug", "true", "add"], "none"],
  [["--backend"], "none"],
  [["--bogus", "add"], "none"],
  [["-x", "add"], "none"],
  [["bogus"], "none"],
  [["help", "add"], "all"],
  [["--help"], "none"],
];

for (const [argv, expected] of LOADS) {
  Deno.test(`commandsToLoad() for ${JSON.stringify(argv)} is ${expected}`, () => {
    assertEquals(commandsToLoad(buildAppSpec(SOURCES), LAZY, argv), expected);
  });
}

/** An outcome as text and data: the error, or the result with what it prints. */
function describe(spec: AppSpec, parse: () => ParseResult): unknown {
  let parsed: ParseResult;
  try {
    parsed = parse();
  } catch (error) {
    assert(error instanceof AwsVaultError, `${error}`);
    return { error: [error.name, error.code, error.message] };
  }
  const printed = parsed.kind === "help"
    ? renderUsage(spec, parsed.command)
    : parsed.kind === "usage"
    ? renderUsage(spec)
    : parsed.kind === "help-long"
    ? renderLongHelp(spec, parsed.command)
    : parsed.kind === "help-man"
    ? renderManPage(spec, "v0")
    : parsed.kind === "completion-script"
    ? completionScript(spec, parsed.shell)
    : "";
  return { ...parsed, explicit: [...parsed.explicit], printed };
}

// The parser's table cases, then command lines around the commands loaded on first use.
const CORPUS: [string[], Record<string, string>][] = [
  ...OUTCOMES.map(([argv, env]) => [argv, env] as [string[], Record<string, string>]),
  ...USAGE_ERRORS.map(([argv, env]) => [argv, env] as [string[], Record<string, string>]),
  ...VALUES.map(([argv]) => [argv, {}] as [string[], Record<string, string>]),
  ...ENV.map(([argv, env]) => [argv, env] as [string[], Record<string, string>]),
  ...COMPLETIONS.map(([words]) =>
    [["--completion-bash", ...words], {}] as [string[], Record<string, string>]
  ),
  ...[
    ["--debug", "export", "p"],
    ["export", "p", "--debug"],
    ["--backend", "file", "add", "x"],
    ["add", "x", "--backend", "file", "--env"],
    ["--debug=false", "add", "x"],
    ["--debug=bogus", "add", "x"],
    ["--debug", "true", "add"],
    ["--", "add", "x"],
    ["add", "--", "x"],
    ["add"],
    ["add", "x", "y"],
    ["add", "--bogus"],
    ["add", "--version"],
    ["add", "--help"],
    ["add", "--help-long"],
    ["add", "--help-man"],
    ["add", "--completion-script-zsh"],
    ["--help", "add"],
    ["--no-help", "add"],
    ["help", "add"],
    ["help", "rm"],
    ["help", "agent", "start"],
    ["help", "bogus"],
    ["rm", "-f", "x"],
    ["remove", "--sessions-only", "x"],
    ["server"],
    ["proxy", "--stop"],
    ["server", "--help"],
    ["bogus"],
    ["bogus", "--help"],
    ["agent"],
    ["agent", "start"],
    ["agent", "start", "--idle-timeout", "1m"],
    ["agent", "start", "--idle-timeout", "0s"],
    ["agent", "start", "--lifetime=x"],
    ["agent", "stop", "--idle-timeout", "1m"],
    ["agent", "bogus"],
    ["agent", "--help"],
    ["agent", "start", "--help-long"],
    ["--completion-bash", "agent", ""],
    ["--completion-bash", "agent", "start", "--"],
    ["--completion-bash", "migrate-backend", "--from", ""],
    ["--completion-bash", "rm", ""],
    ["--completion-bash", "--backend", "file", ""],
    ["--completion-script-bash", "add"],
    ["login", "--stdout", "p"],
    ["rotate", "-n", "p"],
    ["clear"],
    ["plan", "p", "--json"],
    ["import", "--dry-run", "--keep"],
    ["migrate-backend", "--from", "file"],
    ["migrate-backend", "--from", "file", "--to", "pass"],
    ["migrate-backend", "--from", "bogus", "--to", "pass"],
    ["--prompt=pass", "add", "x"],
    ["--prompt=bogus", "add", "x"],
    ["--backend=bogus", "add", "x"],
    ["--bogus", "add"],
    ["--backend"],
    ["export", "--help"],
    ["exec", "p", "--", "aws-vault", "add", "--help"],
    ["list", "--json"],
  ].map((argv) => [argv, {}] as [string[], Record<string, string>]),
  [["add", "x"], { AWS_VAULT_BACKEND: "bogus" }],
  [["agent", "start"], { AWS_VAULT_PROMPT: "pass" }],
];

Deno.test("parseCommandLine() gives every command line the outcome of a declaration with every command loaded", async () => {
  const full = buildAppSpec(SOURCES, await allCommands());
  for (const [argv, env] of CORPUS) {
    const lookup = (name: string) => env[name];
    const line = await parseCommandLine(SOURCES, argv, lookup);
    const lazy = describe(line.spec, () => {
      if ("error" in line) throw line.error;
      return line.parsed;
    });
    const expected = describe(full, () => parseArgs(full, argv, lookup));
    assertEquals(lazy, expected, `${JSON.stringify(argv)} ${JSON.stringify(env)}`);
  }
});

Deno.test("parseCommandLine() loads no command for export, list, exec and --version, the one named, or all to show them", async () => {
  const loaded = async (argv: string[]) => {
    const line = await parseCommandLine(SOURCES, argv, () => undefined);
    return COMMANDS.filter((entry, i) => isLazy(entry) && !isLazy(line.commands[i]))
      .map((entry) => (entry as { name: string }).name);
  };
  assertEquals(await loaded(["export", "p", "--format=json"]), []);
  assertEquals(await loaded(["--debug", "exec", "p", "--", "aws-vault", "add", "--help"]), []);
  assertEquals(await loaded(["list", "--bogus"]), []);
  assertEquals(await loaded(["ls", "--version"]), []);
  assertEquals(await loaded(["rm", "-f", "p"]), ["remove"]);
  assertEquals(await loaded(["agent", "bogus"]), ["agent"]);
  assertEquals(await loaded(["--version"]), []);
  assertEquals(await loaded(["bogus"]), []);
  assertEquals(await loaded(["--backend=bogus", "add"]), ["add"]);
  assertEquals(await loaded(["list", "--help"]), [...LAZY]);
  assertEquals(await loaded(["--completion-bash", "ex"]), [...LAZY]);
  assertEquals(await loaded([]), [...LAZY]);
});
