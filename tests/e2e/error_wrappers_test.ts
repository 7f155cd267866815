/**
 * The wrappers aws-vault puts around credential errors, end to end: a
 * profile that cannot be resolved is `Error loading config: …`, a chain that
 * cannot be built is `Error getting temporary credentials: …`, a retrieval
 * that fails is `Failed to get credentials for <profile>: …`; each keeps our
 * detail after it, on one line. `exec --json` is aws-vault's `export`.
 */

import { assertEquals } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";

sandboxTest("a profile that cannot be resolved is 'Error loading config'", async (s) => {
  s.writeConfig("[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n");
  const detail = "Error loading config: Loop detected in config file for profile 'a'";
  for (
    const [args, command] of [
      [["export", "-n", "a"], "export"],
      [["exec", "a", "--json"], "exec"],
      [["exec", "a", "--", "true"], "exec"],
      [["rotate", "a"], "rotate"],
    ] as const
  ) {
    const r = await s.run([...args]);
    assertEquals(r.code, 1);
    assertEquals(r.stderr, `aws-vault: error: ${command}: ${detail}\n`, args.join(" "));
  }
});

sandboxTest("a chain that cannot be built is 'Error getting temporary credentials'", async (s) => {
  s.writeConfig("[profile empty]\nregion = eu-west-1\n");
  for (
    const args of [["export", "empty"], ["exec", "empty", "--json"], ["exec", "empty", "true"]]
  ) {
    const r = await s.run(args);
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr,
      `aws-vault: error: ${
        args[0]
      }: Error getting temporary credentials: profile empty: credentials missing\n`,
    );
  }
});

sandboxTest("a failed retrieval is 'Failed to get credentials for <profile>'", async (s) => {
  s.writeConfig("[profile work]\nregion = eu-west-1\n");
  await s.storeKeys("work");
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(closed.addr as Deno.NetAddr).port}`;
  closed.close();
  for (const args of [["export", "work"], ["exec", "work", "--json"], ["exec", "work", "true"]]) {
    const r = await s.run(args, { env: { AWS_ENDPOINT_URL: url } });
    assertEquals(r.code, 1);
    const prefix = `aws-vault: error: ${args[0]}: Failed to get credentials for work: ` +
      `profile work: sts.GetSessionToken failed: cannot reach "${url}": `;
    assertEquals(r.stderr.startsWith(prefix), true, r.stderr);
    assertEquals(r.stderr.split("\n").length, 2, r.stderr);
  }
});

sandboxTest("exec --json in a subshell has export's message, as in aws-vault", async (s) => {
  s.writeConfig("[profile work]\n");
  const r = await s.run(["exec", "work", "--json"], { env: { AWS_VAULT: "x" } });
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: exec: in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force\n",
  );
});
