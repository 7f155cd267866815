import { assertEquals } from "../../helpers/assert.ts";
import { parse } from "./spec_fixture.ts";
import { OUTCOMES } from "./parser_tables.ts";

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
