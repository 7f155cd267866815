/**
 * `login`'s declaration (aws-vault v7.2.0's flags and help), its options, and
 * the failures it reports before calling AWS.
 */

import { assert, assertEquals, assertRejects } from "../../../helpers/assert.ts";
import { buildAppSpec } from "../../../../src/cli/app_spec.ts";
import { allCommands } from "../spec_fixture.ts";
import { loginCommand, type LoginOptions, runLogin } from "../../../../src/cli/commands/login.ts";
import { renderUsage } from "../../../../src/cli/help.ts";
import { parseArgs } from "../../../../src/cli/parser.ts";
import { ConfigError, CredentialsError } from "../../../../src/errors.ts";
import { commandWorld } from "./command_helpers.ts";

const SPEC = buildAppSpec({
  backends: () => ["file"],
  prompts: () => ["terminal"],
  profileHints: () => ["work"],
}, await allCommands());

function options(argv: string[]): LoginOptions {
  const parsed = parseArgs(SPEC, argv, () => undefined);
  assert(parsed.kind === "command" && parsed.command === "login", parsed.kind);
  return loginCommand.options(parsed.values);
}

Deno.test("login: the profile is optional and the flags default to nothing", () => {
  assertEquals(options(["login"]), {
    profile: "",
    noSession: false,
    region: undefined,
    mfaToken: undefined,
    durationMs: undefined,
    ssoUseStdout: false,
    federationTokenDurationMs: undefined,
    path: "",
    stdout: false,
  });
});

Deno.test("login: every flag of aws-vault v7.2.0, short forms included", () => {
  assertEquals(
    options([
      "login",
      "-d",
      "2h",
      "-n",
      "-t",
      "123456",
      "--path",
      "s3/home",
      "--region",
      "cn-north-1",
      "-s",
      "work",
    ]),
    {
      profile: "work",
      noSession: true,
      region: "cn-north-1",
      mfaToken: "123456",
      durationMs: 7200_000,
      ssoUseStdout: true,
      federationTokenDurationMs: 7200_000,
      path: "s3/home",
      stdout: true,
    },
  );
});

Deno.test("login: --help shows aws-vault's flags in its order", () => {
  const usage = renderUsage(SPEC, "login");
  assert(
    usage.startsWith(
      "usage: aws-vault login [<flags>] [<profile>]\n\nGenerate a login link for the AWS Console.\n",
    ),
  );
  const own = usage.slice(usage.indexOf("  -d, --duration"));
  assertEquals(
    own,
    `  -d, --duration=DURATION        Duration of the assume-role or federated
                                 session. Defaults to 1h
  -n, --[no-]no-session          Skip creating STS session with GetSessionToken
  -t, --mfa-token=MFA-TOKEN      The MFA token to use
      --path=PATH                The AWS service you would like access
      --region=REGION            The AWS region
  -s, --[no-]stdout              Print login URL to stdout instead of opening in
                                 default browser

Args:
  [<profile>]  Name of the profile. If none given, credentials will be sourced
               from env vars

`,
  );
});

Deno.test("runLogin() without a profile or environment credentials fails with aws-vault's message", async () => {
  const w = commandWorld({ config: "" });
  await assertRejects(
    () => runLogin(w.ctx, options(["login"])),
    CredentialsError,
    "argument 'profile' not provided, nor any AWS env vars found. Try --help",
  );
  assertEquals(await w.keyring.keys(), []);
  assertEquals(w.stdout.text, "");
});

Deno.test("runLogin() refuses a bad AWS_ENDPOINT_URL_SIGNIN before any AWS call", async () => {
  const w = commandWorld({
    config: "",
    vars: {
      AWS_ENDPOINT_URL_SIGNIN: "not a url",
      AWS_ACCESS_KEY_ID: "AKIA",
      AWS_SECRET_ACCESS_KEY: "s",
    },
  });
  await assertRejects(
    () => runLogin(w.ctx, options(["login"])),
    ConfigError,
    'Invalid AWS_ENDPOINT_URL_SIGNIN "not a url": not an http or https URL',
  );
});

Deno.test("runLogin() refuses a profile that is neither configured nor stored", async () => {
  const w = commandWorld({ config: "[profile work]\n" });
  await assertRejects(
    () => runLogin(w.ctx, options(["login", "nope"])),
    CredentialsError,
    'profile "nope" not found in "/home/u/.aws/config" and no credentials are stored for it',
  );
});
