/**
 * End to end against moto: roles from a source profile, chained roles, one
 * MFA session shared by two roles, durations and the 1h role-chaining cap,
 * and what AssumeRole sends (tags, source identity, external id, names).
 */

import { assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { type MotoRequest, motoTest, stsSandbox } from "../helpers/moto.ts";

const MFA = "arn:aws:iam::123456789012:mfa/jon";
const CONFIG = `[profile jon]
region = eu-west-1
mfa_serial = ${MFA}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Admin
mfa_serial = ${MFA}

[profile ops]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Ops
mfa_serial = ${MFA}

[profile deep]
source_profile = admin
role_arn = arn:aws:iam::123456789012:role/Deep
mfa_serial = ${MFA}

[profile plain]
region = eu-west-1

[profile r1]
source_profile = plain
role_arn = arn:aws:iam::123456789012:role/R1

[profile r2]
source_profile = r1
role_arn = arn:aws:iam::123456789012:role/R2
external_id = ext-42
role_session_name = alice-session
source_identity = alice
session_tags = team=blue,env=prod
transitive_session_tags = team
`;

function summary(calls: MotoRequest[]): string[] {
  return calls.map((c) =>
    [c.action, c.params.get("RoleArn")?.split("/")[1], c.params.get("DurationSeconds")]
      .concat(c.params.get("SerialNumber") ? ["MFA"] : [])
      .filter((x) => x !== undefined).join(" ")
  );
}

motoTest("roles: AssumeRole chains against moto", async (t, moto) => {
  await t.step("a role from a source profile, without MFA, from the long-term key", async () => {
    const w = await stsSandbox(moto, CONFIG, ["plain"]);
    try {
      const r = await w.run(["exec", "r1", "--json"]);
      assertEquals(r.code, 0, r.stderr);
      const calls = await moto.stsCalls();
      assertEquals(summary(calls), ["AssumeRole R1 3600"]);
      assertEquals(calls[0].accessKeyId, w.keys.plain.accessKeyId);
      // Not cached (no MFA sent): a second run calls again.
      await w.run(["exec", "r1", "--json"]);
      assertEquals((await moto.stsCalls()).length, 2);
    } finally {
      w.cleanup();
    }
  });

  await t.step("chained roles: each AssumeRole signed with the previous credentials", async () => {
    const w = await stsSandbox(moto, CONFIG, ["plain"]);
    try {
      const r = await w.run(["exec", "r2", "--json"]);
      assertEquals(r.code, 0, r.stderr);
      const calls = await moto.stsCalls();
      assertEquals(summary(calls), ["AssumeRole R1 3600", "AssumeRole R2 3600"]);
      assertEquals(calls[0].accessKeyId, w.keys.plain.accessKeyId);
      assertEquals(calls[1].accessKeyId.startsWith("ASIA"), true, calls[1].accessKeyId);
      assertEquals(JSON.parse(r.stdout).AccessKeyId.startsWith("ASIA"), true);
    } finally {
      w.cleanup();
    }
  });

  await t.step(
    "tags, transitive keys, source identity, external id and session name reach STS",
    async () => {
      const w = await stsSandbox(moto, CONFIG, ["plain"]);
      try {
        await w.run(["exec", "r2", "--json"]);
        const [first, second] = await moto.stsCalls();
        const p = second.params;
        assertEquals(p.get("ExternalId"), "ext-42");
        assertEquals(p.get("RoleSessionName"), "alice-session");
        assertEquals(p.get("SourceIdentity"), "alice");
        assertEquals(
          [p.get("Tags.member.1.Key"), p.get("Tags.member.1.Value")],
          ["team", "blue"],
        );
        assertEquals([p.get("Tags.member.2.Key"), p.get("Tags.member.2.Value")], ["env", "prod"]);
        assertEquals(p.get("TransitiveTagKeys.member.1"), "team");
        // The default session name is a nanosecond timestamp.
        assertEquals(/^\d{19}$/.test(first.params.get("RoleSessionName") ?? ""), true);
        // AWS_* overrides apply to the requested profile.
        await w.run(["exec", "r2", "--json"], {
          AWS_SESSION_TAGS: "k=v",
          AWS_SOURCE_IDENTITY: "bob",
        });
        const last = (await moto.stsCalls()).at(-1)!.params;
        assertEquals([last.get("Tags.member.1.Key"), last.get("SourceIdentity")], ["k", "bob"]);
      } finally {
        w.cleanup();
      }
    },
  );

  await t.step("two roles share one MFA session (8h) from the same source", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const a = await w.run(["exec", "admin", "--json", "-t", "111111"]);
      assertEquals(a.code, 0, a.stderr);
      // No code needed now: the MFA session is cached.
      const b = await w.run(["exec", "ops", "--json"]);
      assertEquals(b.code, 0, b.stderr);
      const d = await w.run(["exec", "deep", "--json"]);
      assertEquals(d.code, 0, d.stderr);
      assertEquals(summary(await moto.stsCalls()), [
        "GetSessionToken 28800 MFA",
        "AssumeRole Admin 3600",
        "AssumeRole Ops 3600",
        "AssumeRole Admin 3600",
        "AssumeRole Deep 3600",
      ]);
    } finally {
      w.cleanup();
    }
  });

  await t.step("a role wanting 2h skips the session and is assumed with MFA (cached)", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const r = await w.run([
        "exec",
        "--debug",
        "--duration=2h",
        "admin",
        "--json",
        "-t",
        "222222",
      ]);
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(
        r.stderr,
        "profile jon: skipping GetSessionToken because duration 2h0m0s in profile 'admin' is greater than the AWS maximum 1h0m0s for chaining MFA",
      );
      assertEquals(summary(await moto.stsCalls()), ["AssumeRole Admin 7200 MFA"]);
      await w.run(["exec", "--duration=2h", "admin", "--json"]);
      assertEquals((await moto.stsCalls()).length, 1);
    } finally {
      w.cleanup();
    }
  });

  await t.step("a chained AssumeRole is capped at 1h, with a --debug line", async () => {
    const w = await stsSandbox(moto, CONFIG, ["plain"]);
    try {
      const r = await w.run(["exec", "--debug", "--duration=2h", "r2", "--json"]);
      assertEquals(r.code, 0, r.stderr);
      assertStringIncludes(
        r.stderr,
        "profile r2: capping AssumeRole duration from 2h0m0s to AWS maximum 1h0m0s for role chaining",
      );
      assertEquals(summary(await moto.stsCalls()), ["AssumeRole R1 7200", "AssumeRole R2 3600"]);
    } finally {
      w.cleanup();
    }
  });
});
