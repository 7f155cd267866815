import { AwsVaultError, UsageError } from "../../../src/errors.ts";
import { FATAL_USAGE_CODE } from "../../../src/cli/parser.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { errorOf, parse } from "./spec_fixture.ts";

// Each row: argv, environment, kingpin's message (printed as
// "aws-vault: error: <message>, try --help" by the top level).
const USAGE_ERRORS: [string[], Record<string, string>, string][] = [
  [["--foo"], {}, "unknown long flag '--foo'"],
  [["exec", "--foo"], {}, "unknown long flag '--foo'"],
  [["--=x"], {}, "unknown long flag '--'"],
  [["-l"], {}, "unknown short flag '-l'"],
  [["exec", "p", "ls", "-la"], {}, "unknown short flag '-l'"],
  [["rm", "-fx", "p"], {}, "unknown short flag '-x'"],
  [["exec", "p", "-x", "--", "y"], {}, "unknown short flag '-x'"],
  [["--region=x", "exec", "p"], {}, "unknown long flag '--region'"],
  [["--no-region"], {}, "unknown long flag '--no-region'"],
  [["exec", "--no-region", "p"], {}, "unknown long flag '--no-region'"],
  [["exec"], {}, "required argument 'profile' not provided"],
  [["add"], {}, "required argument 'profile' not provided"],
  [["rm"], {}, "required argument 'profile' not provided"],
  [["export"], {}, "required argument 'profile' not provided"],
  [["foo"], {}, 'expected command but got "foo"'],
  [[""], {}, 'expected command but got ""'],
  [["-"], {}, 'expected command but got ""'],
  [["a\tb"], {}, 'expected command but got "a\\tb"'],
  [["\u00a0"], {}, 'expected command but got "\\u00a0"'],
  [["--debug=false", "list"], {}, 'expected command but got "false"'],
  [["exec", "--region"], {}, "expected argument for flag '--region'"],
  [["exec", "-t"], {}, "expected argument for flag '-t'"],
  [["exec", "--region", "--debug", "p"], {}, "expected argument for flag '--region'"],
  [
    ["export", "--format", "x", "p"],
    {},
    "enum value must be one of env,export-env,json,ini, got 'x'",
  ],
  [["--backend", "x", "list"], {}, "enum value must be one of secret-service,pass,file, got 'x'"],
  [["add", "a", "b"], {}, "unexpected b"],
  [["list", "x"], {}, "unexpected x"],
  [["clear", "a", "b"], {}, "unexpected b"],
  [["list", "-"], {}, "unexpected "],
  [["list", "--profiles=true"], {}, "unexpected true"],
  [["--debug", "--debug", "list"], {}, "flag 'debug' cannot be repeated"],
  [["--debug", "--no-debug", "list"], {}, "flag 'debug' cannot be repeated"],
  [["exec", "--region", "a", "--region", "b", "p"], {}, "flag 'region' cannot be repeated"],
  [["exec", "-d", "x", "p"], {}, 'time: invalid duration "x"'],
  [["exec", "-d", "1", "p"], {}, 'time: missing unit in duration "1"'],
  [["exec", "-d", "1x", "p"], {}, 'time: unknown unit "x" in duration "1x"'],
  [["exec", "-d=1h", "p"], {}, 'time: invalid duration "=1h"'],
  [
    ["exec", "--duration=-1h", "p"],
    {},
    'Invalid --duration "-1h": a session duration cannot be negative',
  ],
  [
    ["export", "-d-1ns", "p"],
    {},
    'Invalid --duration "-1ns": a session duration cannot be negative',
  ],
  [["--prompt=x", "list"], {}, "--prompt value must be one of terminal,ykman, got 'x'"],
  [
    ["list"],
    { AWS_VAULT_PROMPT: "bogus" },
    "--prompt value must be one of terminal,ykman, got 'bogus'",
  ],
  [["--prompt=x"], {}, "--prompt value must be one of terminal,ykman, got 'x'"],
  [["--prompt=x", "exec"], {}, "required argument 'profile' not provided"],
  [
    ["list"],
    { AWS_VAULT_BACKEND: "bogus" },
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [
    ["help"],
    { AWS_VAULT_BACKEND: "bogus" },
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [
    ["--backend=bogus", "--prompt=x", "list"],
    {},
    "enum value must be one of secret-service,pass,file, got 'bogus'",
  ],
  [["--help=x"], {}, 'expected command but got "x"'],
  // A value may be "--"-protected: kingpin skips the "--" and takes the next word.
  [["exec", "--region", "--", "p"], {}, "required argument 'profile' not provided"],
];

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
