/**
 * End to end against moto: GetSessionToken sessions, MFA, --no-session,
 * durations, the session cache (hit, AWS_MIN_TTL expiry), list and clear.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { JON_CONFIG, JON_MFA, motoTest, stsSandbox } from "../helpers/moto.ts";

const MFA = JON_MFA;
const CONFIG = JON_CONFIG;

function json(stdout: string) {
  return JSON.parse(stdout) as Record<string, string>;
}

motoTest(
  "exec and export get GetSessionToken sessions from moto and cache them",
  async (t, moto) => {
    await t.step(
      "a plain session: one GetSessionToken, 1h, signed with the stored key",
      async () => {
        const w = await stsSandbox(moto, CONFIG, ["jon"]);
        try {
          const r = await w.run(["exec", "jon", "--json"]);
          assertEquals(r.code, 0, r.stderr);
          const out = json(r.stdout);
          assert(out.SessionToken && out.Expiration, r.stdout);
          const calls = await moto.stsCalls();
          assertEquals(calls.map((c) => c.action), ["GetSessionToken"]);
          assertEquals(calls[0].params.get("DurationSeconds"), "3600");
          assertEquals(calls[0].params.get("SerialNumber"), null);
          assertEquals(calls[0].accessKeyId, w.keys.jon.accessKeyId);

          // The cache: a second run makes no call and returns the same session.
          const again = await w.run(["export", "--format=json", "jon"]);
          assertEquals(json(again.stdout).AccessKeyId, out.AccessKeyId);
          assertEquals((await moto.stsCalls()).length, 1);

          const list = await w.run(["list"]);
          assertStringIncludes(list.stdout, "sts.GetSessionToken:59m");
          assertEquals(
            w.sandbox.keyFiles().filter((k) => k.startsWith("sts.GetSessionToken,am9u,,")).length,
            1,
          );
        } finally {
          w.cleanup();
        }
      },
    );

    await t.step("an MFA session sends SerialNumber and the --mfa-token code", async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon-mfa"]);
      try {
        const r = await w.run(["export", "jon-mfa", "--format=env", "-t", "123456"]);
        assertEquals(r.code, 0, r.stderr);
        assertStringIncludes(r.stdout, "AWS_SESSION_TOKEN=");
        assertStringIncludes(r.stdout, "AWS_REGION=eu-west-1\n");
        const [call] = await moto.stsCalls();
        assertEquals(call.params.get("SerialNumber"), MFA);
        assertEquals(call.params.get("TokenCode"), "123456");
        // The MFA session is cached: no code needed the next time.
        const again = await w.run(["exec", "jon-mfa", "--json"]);
        assertEquals(again.code, 0, again.stderr);
        assertEquals((await moto.stsCalls()).length, 1);
      } finally {
        w.cleanup();
      }
    });

    await t.step("--no-session hands out the stored key and calls nothing", async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon"]);
      try {
        const r = await w.run(["exec", "--no-session", "jon", "--json"]);
        assertEquals(json(r.stdout).AccessKeyId, w.keys.jon.accessKeyId);
        assertEquals(await moto.stsCalls(), []);
      } finally {
        w.cleanup();
      }
    });

    await t.step("durations: AWS_SESSION_TOKEN_TTL and --duration", async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon"]);
      try {
        await w.run(["exec", "jon", "--json"], { AWS_SESSION_TOKEN_TTL: "2h" });
        await w.run(["clear"]);
        await w.run(["exec", "--duration=3h", "jon", "--json"], { AWS_SESSION_TOKEN_TTL: "2h" });
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => c.params.get("DurationSeconds")), ["7200", "10800"]);
      } finally {
        w.cleanup();
      }
    });

    await t.step("a session with less than AWS_MIN_TTL left is replaced", async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon"]);
      try {
        await w.run(["exec", "jon", "--json"]);
        const r = await w.run(["exec", "--debug", "jon", "--json"], { AWS_MIN_TTL: "2h" });
        assertEquals(r.code, 0, r.stderr);
        assertStringIncludes(r.stderr, "less than the minimum 2h0m0s; getting a new one");
        assertEquals((await moto.stsCalls()).length, 2);
        assertEquals(
          w.sandbox.keyFiles().filter((k) => k.startsWith("sts.GetSessionToken")).length,
          1,
        );
      } finally {
        w.cleanup();
      }
    });

    await t.step("--debug narrates the decisions and never prints a secret", async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon-mfa"]);
      try {
        const r = await w.run(["exec", "--debug", "jon-mfa", "--json", "-t", "654321"]);
        assertEquals(r.code, 0, r.stderr);
        const out = json(r.stdout);
        assertStringIncludes(r.stderr, "profile jon-mfa: using stored credentials\n");
        assertStringIncludes(r.stderr, "profile jon-mfa: using GetSessionToken (with MFA)\n");
        assertStringIncludes(
          r.stderr,
          `Generated credentials ****************${
            out.AccessKeyId.slice(-4)
          } using GetSessionToken`,
        );
        const secrets = [out.SecretAccessKey, out.SessionToken, w.keys["jon-mfa"].secretAccessKey];
        for (const secret of secrets) {
          assertEquals(r.stderr.includes(secret), false, "a secret reached the debug output");
        }
      } finally {
        w.cleanup();
      }
    });

    await t.step(
      "clear removes sessions and prints the count; the next call asks STS again",
      async () => {
        const w = await stsSandbox(moto, CONFIG, ["jon"]);
        try {
          await w.run(["exec", "jon", "--json"]);
          const cleared = await w.run(["clear", "jon"]);
          assertEquals(cleared.stdout, "Cleared 1 sessions.\n");
          assertEquals(w.sandbox.keyFiles(), ["jon"]);
          await w.run(["exec", "jon", "--json"]);
          assertEquals((await moto.stsCalls()).length, 2);
        } finally {
          w.cleanup();
        }
      },
    );
  },
);
