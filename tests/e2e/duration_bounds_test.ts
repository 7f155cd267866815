/**
 * End to end against moto (which accepts any duration): negative session
 * durations are refused before any call, zero means the default as in
 * aws-vault, and credentials that have already expired are never handed out.
 */

import { assertEquals, assertMatch } from "../helpers/assert.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

const CONFIG = `[profile jon]
region = eu-west-1

[profile role]
region = eu-west-1
role_arn = arn:aws:iam::123456789012:role/r
source_profile = jon
`;

motoTest(
  "session durations: negatives refused, zero the default, nothing expired",
  async (t, moto) => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      await t.step("a negative --duration is a usage error and calls nothing", async () => {
        // (`-d -30m` is kingpin's "expected argument for flag '-d'": -30m reads as a flag.)
        const cases = [["--duration=-1h", "-1h"], ["-d-30m", "-30m"], ["--duration=-1ns", "-1ns"]];
        for (const [arg, value] of cases) {
          const args = [arg];
          const r = await w.run(["exec", ...args, "jon", "--json"]);
          assertEquals([r.code, r.stdout, r.stderr], [
            1,
            "",
            `aws-vault: error: Invalid --duration "${value}": a session duration cannot be negative, try --help\n`,
          ]);
          const exported = await w.run(["export", ...args, "jon"]);
          assertEquals([exported.code, exported.stderr], [1, r.stderr]);
        }
        assertEquals(await moto.stsCalls(), []);
      });

      await t.step("a negative TTL variable is a one-line error naming it", async () => {
        const cases: [string, string, string][] = [
          ["AWS_SESSION_TOKEN_TTL", "-1h", "jon"],
          ["AWS_ASSUME_ROLE_TTL", "-15m", "role"],
          ["AWS_CHAINED_SESSION_TOKEN_TTL", "-8h", "role"],
          ["AWS_FEDERATION_TOKEN_TTL", "-1s", "jon"],
        ];
        for (const [variable, value, profile] of cases) {
          const r = await w.run(["exec", profile, "--json"], { [variable]: value });
          assertEquals([r.code, r.stdout, r.stderr], [
            1,
            "",
            `aws-vault: error: exec: Error loading config: Invalid ${variable} "${value}": a session duration cannot be negative\n`,
          ]);
        }
        assertEquals(await moto.stsCalls(), []);
      });

      await t.step("zero means the default duration, as in aws-vault", async () => {
        const flag = await w.run(["exec", "--duration=0", "jon", "--json"]);
        assertEquals(flag.code, 0, flag.stderr);
        await w.run(["clear"]);
        const env = await w.run(["exec", "jon", "--json"], { AWS_SESSION_TOKEN_TTL: "0s" });
        assertEquals(env.code, 0, env.stderr);
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => c.params.get("DurationSeconds")), ["3600", "3600"]);
        await w.run(["clear"]);
        await moto.resetRequests();
      });

      await t.step("credentials that have already expired are refused", async () => {
        // Under a second is sent to STS as 0 seconds: AWS refuses it, moto answers with a
        // session that expires at once.
        const runs: [string[], Record<string, string>][] = [
          [["exec", "--duration=1ns", "jon", "--json"], {}],
          [["export", "--duration=500ms", "jon"], {}],
          [["exec", "jon", "--json"], { AWS_SESSION_TOKEN_TTL: "1ns" }],
          [["exec", "--no-session", "role", "--json"], { AWS_ASSUME_ROLE_TTL: "999ms" }],
        ];
        for (const [args, env] of runs) {
          const r = await w.run(args, env);
          assertEquals([r.code, r.stdout], [1, ""], r.stderr);
          assertMatch(
            r.stderr,
            new RegExp(
              `^aws-vault: error: ${
                args[0]
              }: Cannot use the credentials for profile "(jon|role)": ` +
                `they expired at "[-0-9T:]+Z", before they could be used\\n$`,
            ),
          );
        }
        assertEquals((await moto.stsCalls()).map((c) => c.params.get("DurationSeconds")), [
          "0",
          "0",
          "0",
          "0",
        ]);
      });
    } finally {
      w.cleanup();
    }
  },
);
