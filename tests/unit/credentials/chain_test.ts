/**
 * The provider chain's decisions (spec §6.1, §6.3), table-style, on a fake STS.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { parseSessionKey } from "../../../src/store/session_keys.ts";
import { chainWorld, type StsCall } from "./chain_world.ts";

const MFA = "arn:aws:iam::111111111111:mfa/jonsmith";

/** aws-vault's README example (spec §6.1), plus a few more shapes. */
const CONFIG = `
[profile jonsmith]
region = us-east-1
mfa_serial = ${MFA}

[profile foo-readonly]
source_profile = jonsmith
role_arn = arn:aws:iam::22222222222:role/ReadOnly

[profile foo-admin]
source_profile = jonsmith
role_arn = arn:aws:iam::22222222222:role/Administrator
mfa_serial = ${MFA}

[profile bar-role1]
source_profile = jonsmith
role_arn = arn:aws:iam::333333333333:role/Role1
mfa_serial = ${MFA}

[profile bar-role2]
source_profile = bar-role1
role_arn = arn:aws:iam::333333333333:role/Role2
mfa_serial = ${MFA}

[profile other-mfa]
source_profile = jonsmith
role_arn = arn:aws:iam::22222222222:role/Other
mfa_serial = arn:aws:iam::111111111111:mfa/other

[profile plain]

[profile plain-child]
source_profile = plain

[profile own-role]
role_arn = arn:aws:iam::22222222222:role/Own

[profile r1]
source_profile = plain
role_arn = arn:aws:iam::44444444444:role/R1

[profile r2]
source_profile = r1
role_arn = arn:aws:iam::44444444444:role/R2

[profile r3]
source_profile = r2
role_arn = arn:aws:iam::44444444444:role/R3

[profile empty]

[profile process-with-keys]
credential_process = never-run
`;

const STORED = ["jonsmith", "plain", "own-role", "process-with-keys"];

/** `Op profile seconds [MFA]` for compact tables. */
function show(calls: StsCall[]): string[] {
  return calls.map((c) =>
    `${c.op} ${c.profile} ${c.durationSeconds}${c.serialNumber ? ` MFA(${c.tokenCode})` : ""}`
  );
}

interface Row {
  name: string;
  profile: string;
  noSession?: boolean;
  durationMs?: number;
  calls: string[];
  /** Cached session keys as `type profile`. */
  cached: string[];
  /** The access key id returned. */
  key?: string;
  debug?: string[];
}

const ROWS: Row[] = [
  {
    name: "stored keys with --no-session are returned as they are",
    profile: "jonsmith",
    noSession: true,
    calls: [],
    cached: [],
    key: "AKIAJONSMITH",
    debug: ["profile jonsmith: skipping GetSessionToken because sessions are disabled"],
  },
  {
    name: "stored keys get a 1h GetSessionToken session with MFA",
    profile: "jonsmith",
    calls: ["GetSessionToken jonsmith 3600 MFA(100001)"],
    cached: ["sts.GetSessionToken jonsmith"],
    debug: ["profile jonsmith: using GetSessionToken (with MFA)"],
  },
  {
    name: "a role without MFA is assumed directly from the long-term keys, uncached",
    profile: "foo-readonly",
    calls: ["AssumeRole foo-readonly 3600"],
    cached: [],
    debug: [
      "profile jonsmith: skipping GetSessionToken because profile 'foo-readonly' has no MFA serial defined",
      "profile foo-readonly: using AssumeRole",
    ],
  },
  {
    name: "a role with the source's MFA uses an 8h MFA session and no MFA on AssumeRole",
    profile: "foo-admin",
    calls: ["GetSessionToken jonsmith 28800 MFA(100001)", "AssumeRole foo-admin 3600"],
    cached: ["sts.GetSessionToken jonsmith"],
    debug: ["profile foo-admin: using AssumeRole (chained MFA)"],
  },
  {
    name: "a role wanting more than 1h skips the session and sends MFA itself (cached)",
    profile: "foo-admin",
    durationMs: 2 * 3600_000,
    calls: ["AssumeRole foo-admin 7200 MFA(100001)"],
    cached: ["sts.AssumeRole foo-admin"],
    debug: [
      "profile jonsmith: skipping GetSessionToken because duration 2h0m0s in profile 'foo-admin' is greater than the AWS maximum 1h0m0s for chaining MFA",
    ],
  },
  {
    name: "chained roles share one MFA session",
    profile: "bar-role2",
    calls: [
      "GetSessionToken jonsmith 28800 MFA(100001)",
      "AssumeRole bar-role1 3600",
      "AssumeRole bar-role2 3600",
    ],
    cached: ["sts.GetSessionToken jonsmith"],
  },
  {
    name: "chained roles with --no-session send MFA on each AssumeRole and cache both",
    profile: "bar-role2",
    noSession: true,
    calls: ["AssumeRole bar-role1 3600 MFA(100001)", "AssumeRole bar-role2 3600 MFA(100002)"],
    cached: ["sts.AssumeRole bar-role1", "sts.AssumeRole bar-role2"],
  },
  {
    name: "a chained AssumeRole is capped at 1h",
    profile: "bar-role2",
    durationMs: 2 * 3600_000,
    calls: ["AssumeRole bar-role1 7200 MFA(100001)", "AssumeRole bar-role2 3600 MFA(100002)"],
    cached: ["sts.AssumeRole bar-role1", "sts.AssumeRole bar-role2"],
    debug: [
      "profile bar-role2: capping AssumeRole duration from 2h0m0s to AWS maximum 1h0m0s for role chaining",
    ],
  },
  {
    name: "a role with a different MFA serial skips the session and sends its own",
    profile: "other-mfa",
    calls: ["AssumeRole other-mfa 3600 MFA(100001)"],
    cached: ["sts.AssumeRole other-mfa"],
    debug: [
      "profile jonsmith: skipping GetSessionToken because MFA serial doesn't match profile 'other-mfa'",
    ],
  },
  {
    name: "stored keys without MFA still get a (cached) session",
    profile: "plain",
    calls: ["GetSessionToken plain 3600"],
    cached: ["sts.GetSessionToken plain"],
    debug: ["profile plain: using GetSessionToken"],
  },
  {
    name: "a profile with only a source profile uses the source's keys",
    profile: "plain-child",
    calls: [],
    cached: [],
    key: "AKIAPLAIN",
    debug: ["profile plain-child: sourcing credentials from profile plain"],
  },
  {
    name: "stored keys with a role assume it directly",
    profile: "own-role",
    calls: ["AssumeRole own-role 3600"],
    cached: [],
  },
  {
    name: "three chained roles, each from the previous one's credentials",
    profile: "r3",
    durationMs: 3 * 3600_000,
    calls: ["AssumeRole r1 10800", "AssumeRole r2 3600", "AssumeRole r3 3600"],
    cached: [],
  },
  {
    name: "stored keys win over credential_process",
    profile: "process-with-keys",
    calls: ["GetSessionToken process-with-keys 3600"],
    cached: ["sts.GetSessionToken process-with-keys"],
  },
];

for (const row of ROWS) {
  Deno.test(`chain: ${row.name}`, async () => {
    const w = chainWorld({ config: CONFIG, stored: STORED });
    const creds = await w.retrieve(row.profile, {
      noSession: row.noSession,
      durationMs: row.durationMs,
    });
    assertEquals(show(w.calls), row.calls);
    const cached = (await w.sessions.list()).map((s) => `${s.type} ${s.profileName}`).sort();
    assertEquals(cached, [...row.cached].sort());
    if (row.key) assertEquals(creds.accessKeyId, row.key);
    for (const line of row.debug ?? []) {
      assertEquals(
        w.lines.includes(line),
        true,
        `missing debug line: ${line}\n${w.lines.join("\n")}`,
      );
    }
  });
}

Deno.test("chain: a profile with no way to get credentials names the profile", async () => {
  const w = chainWorld({ config: CONFIG, stored: STORED });
  await assertRejects(() => w.retrieve("empty"), Error, "profile empty: credentials missing");
});

Deno.test("chain: AssumeRole calls are signed with the source's credentials", async () => {
  const w = chainWorld({ config: CONFIG, stored: STORED });
  await w.retrieve("bar-role2");
  assertEquals(w.calls.map((c) => c.caller), [
    "AKIAJONSMITH",
    "ASIAGETSESSIONTOKEN0001",
    "ASIAASSUMEROLE0002",
  ]);
});

Deno.test("chain: roles with the same source and MFA share one cached session", async () => {
  const w = chainWorld({ config: CONFIG, stored: STORED });
  await w.retrieve("foo-admin");
  await w.retrieve("bar-role2");
  await w.retrieve("jonsmith");
  assertEquals(show(w.calls).filter((c) => c.startsWith("GetSessionToken")).length, 1);
  assertEquals(w.mfaAsked, ["jonsmith"]);
});

Deno.test("chain: AWS_MFA_SERIAL applies to every profile, AWS_ROLE_ARN to the target only", async () => {
  const w = chainWorld({
    config: "[profile p]\nsource_profile = plain\n[profile plain]\n",
    stored: ["plain"],
    env: { AWS_MFA_SERIAL: MFA, AWS_ROLE_ARN: "arn:aws:iam::1:role/FromEnv" },
  });
  await w.retrieve("p");
  assertEquals(show(w.calls), ["GetSessionToken plain 28800 MFA(100001)", "AssumeRole p 3600"]);
  assertEquals(w.calls[1].request.roleArn, "arn:aws:iam::1:role/FromEnv");
});

Deno.test("chain: keys of a session are byte-compatible with aws-vault's", async () => {
  const w = chainWorld({ config: CONFIG, stored: STORED });
  const creds = await w.retrieve("jonsmith");
  const keys = (await w.keyring.keys()).filter((k) => parseSessionKey(k));
  assertEquals(keys, [
    `sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9uc21pdGg,${
      creds.expiration!.getTime() / 1000
    }`,
  ]);
});

Deno.test("chain: an SSO profile without its account, role or region is refused naming them", async () => {
  const w = chainWorld({
    config: "[profile sso]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n",
  });
  await assertRejects(
    () => w.retrieve("sso"),
    Error,
    "profile sso: incomplete SSO settings: sso_account_id, sso_role_name not set",
  );
});
