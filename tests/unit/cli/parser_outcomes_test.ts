import { assertEquals } from "../../helpers/assert.ts";
import { parse } from "./spec_fixture.ts";

/** The outcome kind and its detail (command, help target, shell or candidates). */
function outcome(argv: string[], env: Record<string, string> = {}): unknown[] {
  const result = parse(argv, env);
  switch (result.kind) {
    case "command":
    case "help":
    case "help-long":
      return [result.kind, result.command];
    case "completion":
      return [result.kind, result.candidates];
    case "completion-script":
      return [result.kind, result.shell];
    default:
      return [result.kind];
  }
}

// Each row: argv, environment, expected outcome.
const OUTCOMES: [string[], Record<string, string>, unknown[]][] = [
  // No command at all (or only global flags): usage on stderr, exit 0.
  [[], {}, ["usage"]],
  [["--debug"], {}, ["usage"]],
  [["--backend", "file"], {}, ["usage"]],
  // --help anywhere, for the command selected so far; the help command, listed first.
  [["--help"], {}, ["help", undefined]],
  [["exec", "--help"], {}, ["help", "exec"]],
  [["--help", "exec"], {}, ["help", "exec"]],
  [["ls", "--help"], {}, ["help", "list"]],
  [["exec", "p", "ls", "--help"], {}, ["help", "exec"]],
  [["--no-help"], {}, ["help", undefined]],
  [["help"], {}, ["help", undefined]],
  [["help", "exec"], {}, ["help", "exec"]],
  [["help", "rm"], {}, ["help", "remove"]],
  [["help", "help"], {}, ["help", "help"]],
  [["help", "exec", "extra", "args"], {}, ["help", "exec"]],
  [["help", "--", "exec"], {}, ["help", "exec"]],
  [["help", "--bogus"], {}, ["help", undefined]],
  [["help", "exec", "--bogus"], {}, ["help", "exec"]],
  [["--backend=bogus", "help", "exec"], {}, ["help", undefined]],
  [["--backend=bogus", "--help"], {}, ["help", undefined]],
  [["--prompt=x", "--help"], {}, ["help", undefined]],
  [["--help"], { AWS_VAULT_BACKEND: "bogus" }, ["help", undefined]],
  // --version wins over later problems, not over earlier syntax errors.
  [["--version"], {}, ["version"]],
  [["--version", "--bogus"], {}, ["version"]],
  [["exec", "--version"], {}, ["version"]],
  [["--no-version"], {}, ["version"]],
  [["--version=false"], {}, ["version"]],
  [["--version"], { AWS_VAULT_BACKEND: "bogus" }, ["version"]],
  [["--backend=bogus", "--version"], {}, ["version"]],
  // The first of the pre-action flags on the command line wins.
  [["--help-long"], {}, ["help-long", undefined]],
  [["exec", "--help-long"], {}, ["help-long", "exec"]],
  [["--help-man"], {}, ["help-man"]],
  [["help", "--help-long"], {}, ["help", undefined]],
  [["--help-long", "help"], {}, ["help-long", "help"]],
  [["--completion-script-bash"], {}, ["completion-script", "bash"]],
  [["--completion-script-zsh"], {}, ["completion-script", "zsh"]],
  [["--completion-bash", "ex"], {}, ["completion", [
    "help",
    "add",
    "remove",
    "list",
    "exec",
    "export",
    "clear",
  ]]],
  [["--no-completion-bash", "list"], {}, ["command", "list"]],
  // Commands, with quirks kept from kingpin.
  [["list"], {}, ["command", "list"]],
  [["exec", "-"], {}, ["command", "exec"]],
];

for (const [argv, env, expected] of OUTCOMES) {
  Deno.test(`parseArgs() turns ${JSON.stringify(argv)} ${JSON.stringify(env)} into ${JSON.stringify(expected)}`, () => {
    assertEquals(outcome(argv, env), expected);
  });
}

Deno.test("parseArgs() keeps the values parsed before a help or version outcome", () => {
  const result = parse(["--debug", "--version"]);
  assertEquals([result.kind, result.values.debug, [...result.explicit]], ["version", true, [
    "debug",
    "version",
  ]]);
});
