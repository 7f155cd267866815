/**
 * One STS call for many callers, end to end against moto: 16 cold
 * `exec --json` processes started together make exactly one STS call and at
 * most one MFA prompt; a killed lock holder does not block later calls; when
 * the holder's call fails, the callers waiting for it report its error at
 * once instead of each making the same call in turn.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { CliSandbox } from "../helpers/cli.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";
import { startSilentServer } from "../helpers/sts_stand_in.ts";
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
      const waiting =
        "Waiting for another aws-vault process to get sts.GetSessionToken for profile q";
      const pending = w.sandbox.start(["exec", "--debug", "q", "--json"], { env: w.env });
      await pending.stderrIncludes(waiting);
      const killed = Date.now();
      holder.kill("SIGKILL");
      await holder.status;
      reader.releaseLock();
      await holder.stdout.cancel();
      const r = await pending.result;
      const took = Date.now() - killed;
      console.log(`  the waiter ended ${took} ms after the holder was killed`);
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(r.stderr, waiting);
      // Alone ~0.5 s; the bound only has to tell that apart from the 120 s lock wait.
      assert(took < 30_000, `took ${took} ms`);
      assertEquals((await moto.stsCalls()).length, 1);
    } finally {
      w.cleanup();
    }
  });
});

Deno.test("callers waiting for a failed STS call report its error at once", async () => {
  const sts = startSilentServer();
  const s = CliSandbox.create();
  try {
    s.writeConfig("[profile p]\nregion = eu-west-1\n");
    await s.storeKeys("p");
    const timeoutMs = 2_000;
    const start = Date.now();
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        s.run(["exec", "p", "--json"], {
          env: { AWS_ENDPOINT_URL: sts.url, AWS_VAULT_API_TIMEOUT: "2s" },
        }).then((r) => ({ ...r, end: Date.now() - start }))),
    );
    const ends = results.map((r) => r.end).sort((a, b) => a - b);
    const spread = ends[ends.length - 1] - ends[0];
    console.log(`  ends (ms): ${ends.join(", ")}; spread ${spread} ms; ${sts.requests()} calls`);
    for (const r of results) {
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        "aws-vault: error: exec: Failed to get credentials for p: profile p: " +
          `sts.GetSessionToken failed: no answer from "${sts.url}" in time\n`,
      );
    }
    // One call times out and the rest follow within moments (a caller that starts after the
    // failure makes its own call, hence up to one more timeout); one by one would take 8 × 2 s.
    assert(spread < 2 * timeoutMs + 2_000, `spread ${spread} ms`);
    assert(sts.requests() < 8, `${sts.requests()} calls`);
  } finally {
    s.cleanup();
    await sts.close();
  }
});
