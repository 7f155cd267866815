/**
 * End to end against moto: credential_process and web identity sources, and
 * profiles with no way to get credentials.
 */

import { assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

motoTest("sources: credential_process and web identity against moto", async (t, moto) => {
  await t.step("credential_process credentials are cached and can source a role", async () => {
    const w = await stsSandbox(moto, "");
    try {
      const script = `${w.sandbox.root}/creds.sh`;
      Deno.writeTextFileSync(
        script,
        `#!/bin/sh\necho run >> "${w.sandbox.root}/runs"\ncat <<'EOF'\n` +
          JSON.stringify({
            Version: 1,
            AccessKeyId: "ASIAPROCESS000000001",
            SecretAccessKey: "process-secret",
            SessionToken: "process-token",
            Expiration: new Date(Date.now() + 3600_000).toISOString(),
          }) + "\nEOF\n",
      );
      Deno.chmodSync(script, 0o755);
      w.sandbox.writeConfig(
        `[profile cp]\nregion = eu-west-1\ncredential_process = ${script}\n` +
          `[profile over]\nsource_profile = cp\nrole_arn = arn:aws:iam::123456789012:role/Over\n`,
      );
      const r = await w.run(["exec", "cp", "--json"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(JSON.parse(r.stdout).AccessKeyId, "ASIAPROCESS000000001");
      const o = await w.run(["exec", "over", "--json"]);
      assertEquals(o.code, 0, o.stderr);
      const calls = await moto.stsCalls();
      assertEquals(calls.map((c) => [c.action, c.accessKeyId]), [
        ["AssumeRole", "ASIAPROCESS000000001"],
      ]);
      assertEquals(Deno.readTextFileSync(`${w.sandbox.root}/runs`), "run\n");
      assertEquals(
        w.sandbox.keyFiles().filter((k) => k.startsWith("credential_process,")).length,
        1,
      );
    } finally {
      w.cleanup();
    }
  });

  await t.step("malformed credential_process output names the missing fields", async () => {
    const w = await stsSandbox(moto, "");
    try {
      w.sandbox.writeConfig(
        `[profile bad]\ncredential_process = echo '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"}'\n`,
      );
      const r = await w.run(["export", "bad"]);
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        `aws-vault: error: export: Failed to get credentials for bad: JSON credential from command "echo '{\\"Version\\":1,\\"AccessKeyId\\":\\"A\\",\\"SecretAccessKey\\":\\"s\\"}'" missing the following fields: [Expiration SessionToken]\n`,
      );
    } finally {
      w.cleanup();
    }
  });

  await t.step(
    "web identity: the token file goes to AssumeRoleWithWebIdentity, cached",
    async () => {
      const w = await stsSandbox(moto, "");
      try {
        Deno.writeTextFileSync(`${w.sandbox.root}/token`, "eyJhbGciOi.token.sig");
        w.sandbox.writeConfig(
          `[profile web]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/Web\n` +
            `web_identity_token_file = ${w.sandbox.root}/token\n`,
        );
        const r = await w.run(["exec", "web", "--json"]);
        assertEquals(r.code, 0, r.stderr);
        await w.run(["exec", "web", "--json"]);
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => c.action), ["AssumeRoleWithWebIdentity"]);
        assertEquals(calls[0].params.get("WebIdentityToken"), "eyJhbGciOi.token.sig");
        assertEquals(calls[0].params.get("RoleArn"), "arn:aws:iam::123456789012:role/Web");
      } finally {
        w.cleanup();
      }
    },
  );

  await t.step("web identity: a token file that never ends is an error, no call", async () => {
    const w = await stsSandbox(moto, "");
    try {
      const big = `${w.sandbox.root}/big-token`;
      Deno.writeTextFileSync(big, "x".repeat(2 * 1024 * 1024));
      for (const file of [big, "/dev/zero"]) {
        w.sandbox.writeConfig(
          `[profile web]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/Web\n` +
            `web_identity_token_file = ${file}\n`,
        );
        const r = await w.run(["exec", "web", "--json"]);
        assertEquals(r.code, 1);
        assertEquals(
          r.stderr,
          `aws-vault: error: exec: Failed to get credentials for web: unable to read file at ${file}: ` +
            `File "${file}" is larger than 1048576 bytes\n`,
        );
      }
      assertEquals(await moto.stsCalls(), []);
    } finally {
      w.cleanup();
    }
  });

  await t.step("web identity: web_identity_token_process", async () => {
    const w = await stsSandbox(moto, "");
    try {
      w.sandbox.writeConfig(
        `[profile webp]\nregion = eu-west-1\nrole_arn = arn:aws:iam::123456789012:role/Web\n` +
          `web_identity_token_process = printf from-process\n`,
      );
      const r = await w.run(["exec", "webp", "--json"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals((await moto.stsCalls())[0].params.get("WebIdentityToken"), "from-process");
    } finally {
      w.cleanup();
    }
  });

  await t.step("a profile with no credentials is an error naming it", async () => {
    const w = await stsSandbox(moto, "[profile nothing]\nregion = eu-west-1\n");
    try {
      const r = await w.run(["exec", "nothing", "--json"]);
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        "aws-vault: error: exec: Error getting temporary credentials: profile nothing: credentials missing\n",
      );
      const d = await w.run(["exec", "--debug", "nothing", "--json"]);
      assertStringIncludes(
        d.stderr,
        "aws-vault: error: exec: Error getting temporary credentials: profile nothing: credentials missing",
      );
    } finally {
      w.cleanup();
    }
  });
});
