/**
 * The real AWS CLI against moto, with credentials from aws-vault: through
 * `exec` (environment variables) and through `credential_process` in the
 * config file (`exec <profile> --json`).
 */

import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { cliCommandLine } from "../helpers/cli.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

const CONFIG = `[profile jon]
region = eu-west-1

[profile r1]
source_profile = jon
region = eu-west-1
role_arn = arn:aws:iam::123456789012:role/R1
role_session_name = cli-test
`;

motoTest("the AWS CLI uses credentials from aws-vault", async (t, moto) => {
  await t.step("aws sts get-caller-identity through exec", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const r = await w.run(["exec", "r1", "--", "aws", "sts", "get-caller-identity"]);
      assertEquals(r.code, 0, r.stderr);
      const identity = JSON.parse(r.stdout);
      assertEquals(identity.Arn, "arn:aws:sts::123456789012:assumed-role/R1/cli-test");
      const calls = await moto.stsCalls();
      assertEquals(calls.map((c) => c.action), ["AssumeRole", "GetCallerIdentity"]);
      assertMatch(calls[1].accessKeyId, /^ASIA/);
    } finally {
      w.cleanup();
    }
  });

  await t.step("aws sts get-caller-identity through credential_process", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const command = [...cliCommandLine(), "exec", "r1", "--json"].join(" ");
      w.sandbox.writeConfig(
        CONFIG + `\n[profile via-process]\nregion = eu-west-1\ncredential_process = ${command}\n`,
      );
      const aws = new Deno.Command("aws", {
        args: ["sts", "get-caller-identity", "--profile", "via-process"],
        env: w.sandbox.envWith(w.env),
        clearEnv: true,
        cwd: w.sandbox.root,
        stdout: "piped",
        stderr: "piped",
      });
      const out = await aws.output();
      const stderr = new TextDecoder().decode(out.stderr);
      assertEquals(out.code, 0, stderr);
      const identity = JSON.parse(new TextDecoder().decode(out.stdout));
      assertEquals(identity.Arn, "arn:aws:sts::123456789012:assumed-role/R1/cli-test");
      const calls = await moto.stsCalls();
      assertEquals(calls.map((c) => c.action), ["AssumeRole", "GetCallerIdentity"]);
    } finally {
      w.cleanup();
    }
  });
});
