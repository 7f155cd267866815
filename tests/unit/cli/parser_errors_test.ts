import { AwsVaultError, UsageError } from "../../../src/errors.ts";
import { FATAL_USAGE_CODE } from "../../../src/cli/parser.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { errorOf, parse } from "./spec_fixture.ts";
import { USAGE_ERRORS } from "./parser_tables.ts";

for (const [argv, env, message] of USAGE_ERRORS) {
  Deno.test(`parseArgs() rejects ${JSON.stringify(argv)} ${JSON.stringify(env)} with "${message}"`, () => {
    const error = errorOf(() => parse(argv, env));
    assert(error instanceof UsageError, `not a UsageError: ${error}`);
    assertEquals(error.message, message);
  });
}

Deno.test("parseArgs() reports --prompt=pass as a fatal error without the try --help hint", () => {
  for (
    const [argv, env] of [[["--prompt=pass", "list"], {}], [["list"], {
      AWS_VAULT_PROMPT: "pass",
    }]] as const
  ) {
    const error = errorOf(() => parse([...argv], env));
    assert(error instanceof AwsVaultError && !(error instanceof UsageError));
    assertEquals((error as AwsVaultError).code, FATAL_USAGE_CODE);
    assert(error.message.startsWith("--prompt=pass (or AWS_VAULT_PROMPT=pass) has been removed"));
    assert(error.message.endsWith("to profiles in your ~/.aws/config file."));
  }
});

Deno.test("parseArgs() reports an unknown command given to help as a fatal error", () => {
  const error = errorOf(() => parse(["help", "foo"])) as AwsVaultError;
  assertEquals([error.code, error.message], [FATAL_USAGE_CODE, 'expected command but got "foo"']);
});
