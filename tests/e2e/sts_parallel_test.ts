/**
 * One STS call for many callers, end to end against moto: 16 cold
 * `exec --json` processes started together make exactly one STS call and at
 * most one MFA prompt; a killed lock holder does not block later calls.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";
import { lockFileName } from "../../src/credentials/session_lock.ts";
import { sessionKeyPrefix } from "../../src/store/session_keys.ts";

const MFA = "arn:aws:iam::123456789012:mfa/p";

motoTest("parallel callers share one STS call", async (t, moto) => {
  await t.step("16 cold callers: one GetSessionToken, one MFA code, one session", async () => {
    const w = await stsSandbox(moto, "");
    const counter = `${w.sandbox.root}/mfa-asked`;
    w.sandbox.writeConfig(
      `[profile p]\nregion = eu-west-1\nmfa_serial = ${MFA}\n` +
        `mfa_process = echo asked >> ${counter}; echo 123456\n`,
    );
    try {
      const key = await moto.createUserWithKey(`parallel-${Date.now()}`);
      await w.sandbox.run(["add", "--env", "--no-add-config", "p"], {
        env: { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
      });
      await moto.resetRequests();
      const results = await Promise.all(
        Array.from({ length: 16 }, () => w.run(["exec", "p", "--json"])),
      );
      for (const r of results) assertEquals(r.code, 0, r.stderr);
      const ids = new Set(results.map((r) => JSON.parse(r.stdout).AccessKeyId));
      assertEquals(ids.size, 1);
      const calls = await moto.stsCalls();
      assertEquals(calls.map((c) => c.action), ["GetSessionToken"]);
      assertEquals(Deno.readTextFileSync(counter), "asked\n");
      assertEquals(w.sandbox.keyFiles().filter((k) => k.startsWith("sts.")).length, 1);
      const locks = `${w.sandbox.home}/.awsvault/locks`;
      assertEquals(Deno.statSync(locks).mode! & 0o777, 0o700);
      for (const f of Deno.readDirSync(locks)) {
        assertEquals(Deno.statSync(`${locks}/${f.name}`).size, 0, "lock files hold nothing");
      }
    } finally {
      w.cleanup();
    }
  });

  await t.step("a killed lock holder does not block the next caller", async () => {
    const w = await stsSandbox(moto, "[profile q]\nregion = eu-west-1\n", ["q"]);
    try {
      const dir = `${w.sandbox.home}/.awsvault/locks`;
      Deno.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const path = `${dir}/${await lockFileName(sessionKeyPrefix("sts.GetSessionToken", "q", ""))}`;
      const holder = new Deno.Command("python3", {
        args: [
          "-c",
          "import fcntl,sys,time\nf=open(sys.argv[1],'a')\nfcntl.flock(f,fcntl.LOCK_EX)\n" +
          "print('locked',flush=True)\ntime.sleep(60)",
          path,
        ],
        stdout: "piped",
      }).spawn();
      const reader = holder.stdout.getReader();
      const { value } = await reader.read();
      assertStringIncludes(new TextDecoder().decode(value), "locked");
      const start = Date.now();
      const pending = w.run(["exec", "--debug", "q", "--json"]);
      await new Promise((r) => setTimeout(r, 1000));
      holder.kill("SIGKILL");
      await holder.status;
      reader.releaseLock();
      await holder.stdout.cancel();
      const r = await pending;
      const took = Date.now() - start;
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(
        r.stderr,
        "Waiting for another aws-vault process to get sts.GetSessionToken for profile q",
      );
      assert(took < 5_000, `took ${took} ms`);
      assertEquals((await moto.stsCalls()).length, 1);
    } finally {
      w.cleanup();
    }
  });
});
