/**
 * `exec` as aws-vault narrates it with `--debug` (the child's environment,
 * the command it runs, in aws-vault's order) and `--lazy` without a server
 * flag, which aws-vault accepts and ignores.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

/** The `--debug` lines without their timestamps. */
function debugLines(stderr: string): string[] {
  return stderr.split("\n").map((l) => l.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /, ""));
}

/** Asserts that every line of `expected` is present, in this order. */
function assertInOrder(lines: string[], expected: string[]): void {
  let at = -1;
  for (const line of expected) {
    const next = lines.indexOf(line, at + 1);
    assert(next > at, `"${line}" missing or out of order in:\n${lines.join("\n")}`);
    at = next;
  }
}

motoTest("exec --debug narrates the child's environment and command", async (t, moto) => {
  const w = await stsSandbox(moto, "[profile work]\nregion = eu-west-1\n", ["work"]);
  try {
    await t.step("with a session: region, keys, token, expiration, then the command", async () => {
      const r = await w.run(["exec", "--debug", "work", "--", "sh", "-c", "exit 0"]);
      assertEquals(r.code, 0, r.stderr);
      assertInOrder(debugLines(r.stderr), [
        "profile work: using GetSessionToken",
        "Setting subprocess env: AWS_REGION=eu-west-1, AWS_DEFAULT_REGION=eu-west-1",
        `profile work: calling sts.GetSessionToken at ${moto.url} (from endpoint_url, region eu-west-1)`,
        "Setting subprocess env: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        "Setting subprocess env: AWS_SESSION_TOKEN",
        "Setting subprocess env: AWS_CREDENTIAL_EXPIRATION",
        "Exec command sh -c exit 0",
      ]);
    });
    await t.step("with --no-session: region and keys only", async () => {
      const r = await w.run(["exec", "--debug", "--no-session", "work", "--", "true"]);
      assertEquals(r.code, 0, r.stderr);
      const lines = debugLines(r.stderr);
      assertInOrder(lines, [
        "Setting subprocess env: AWS_REGION=eu-west-1, AWS_DEFAULT_REGION=eu-west-1",
        "Setting subprocess env: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY",
        "Exec command true ",
      ]);
      assertEquals(lines.includes("Setting subprocess env: AWS_SESSION_TOKEN"), false);
      assertEquals(lines.includes("Setting subprocess env: AWS_CREDENTIAL_EXPIRATION"), false);
    });
  } finally {
    w.cleanup();
  }
});

sandboxTest("exec --lazy without a server flag is accepted and changes nothing", async (s) => {
  s.writeConfig("[profile work]\n");
  await s.storeKeys("work");
  const r = await s.run([
    "exec",
    "--lazy",
    "--no-session",
    "work",
    "--",
    "sh",
    "-c",
    "echo $AWS_VAULT",
  ]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout, "work\n");
  // With a server flag, --lazy is taken with it (a conflict is still reported as aws-vault does).
  const server = await s.run(["exec", "--lazy", "--ec2-server", "--no-session", "work", "true"]);
  assertEquals(server.code, 1);
  assertEquals(
    server.stderr,
    "aws-vault: error: exec: Can't use --ec2-server with --no-session\n",
  );
});
