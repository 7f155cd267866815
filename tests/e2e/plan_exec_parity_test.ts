/**
 * `plan` against what `exec` does: for each profile, the calls the plan says
 * exec would make (the uncached steps it reaches) are the STS calls moto
 * receives from exec, with the same durations and MFA serials; after that exec,
 * the plan's cached steps are the ones exec then takes from the cache.
 */

import { assertEquals } from "../helpers/assert.ts";
import { type MotoRequest, motoTest, stsSandbox } from "../helpers/moto.ts";

const MFA = "arn:aws:iam::123456789012:mfa/jon";
const ROLE = "arn:aws:iam::123456789012:role";
const CONFIG = `[profile jon]
region = eu-west-1

[profile jon-mfa]
region = eu-west-1
mfa_serial = ${MFA}

[profile admin]
source_profile = jon-mfa
role_arn = ${ROLE}/Admin
mfa_serial = ${MFA}

[profile role-mfa]
source_profile = jon
role_arn = ${ROLE}/RoleMfa
mfa_serial = ${MFA}

[profile long]
source_profile = jon
role_arn = ${ROLE}/Long
duration_seconds = 7200

[profile chained]
source_profile = long
role_arn = ${ROLE}/Chained
duration_seconds = 7200

[profile web]
role_arn = ${ROLE}/Web
web_identity_token_process = printf eyJhbGciOi.token.sig
`;

interface Step {
  api: string;
  mfa_serial: string | null;
  duration_seconds: number | null;
  cached: boolean;
}

/** The STS calls a plan says exec makes: the uncached steps above the last cached one. */
function plannedCalls(steps: Step[]): string[] {
  const lastCached = steps.findLastIndex((s) => s.cached);
  return steps.slice(lastCached + 1)
    .filter((s) => s.api.startsWith("sts:"))
    .map((s) => `${s.api.slice(4)} ${s.duration_seconds} ${s.mfa_serial ?? "-"}`);
}

function madeCalls(calls: MotoRequest[]): string[] {
  return calls.map((c) =>
    `${c.action} ${c.params.get("DurationSeconds")} ${c.params.get("SerialNumber") ?? "-"}`
  );
}

/** Each case: the profile and flags, and how many calls exec makes on the first and second run. */
const CASES: {
  name: string;
  calls: [number, number];
  args: string[];
  env?: Record<string, string>;
}[] = [
  { name: "stored keys with a session", calls: [1, 0], args: ["jon"] },
  { name: "--no-session", calls: [0, 0], args: ["jon", "-n"] },
  { name: "--duration", calls: [1, 0], args: ["jon", "-d", "2h"] },
  {
    name: "MFA session with AWS_SESSION_TOKEN_TTL",
    calls: [1, 0],
    args: ["jon-mfa"],
    env: { AWS_SESSION_TOKEN_TTL: "3h" },
  },
  { name: "role on an MFA session", calls: [2, 1], args: ["admin"] },
  {
    name: "role with MFA, AWS_ASSUME_ROLE_TTL",
    calls: [1, 0],
    args: ["role-mfa"],
    env: { AWS_ASSUME_ROLE_TTL: "30m" },
  },
  { name: "role chaining cap", calls: [2, 2], args: ["chained"] },
  { name: "role with MFA, --no-session", calls: [1, 0], args: ["admin", "-n"] },
  {
    name: "web identity, AWS_ASSUME_ROLE_TTL",
    calls: [1, 0],
    args: ["web"],
    env: { AWS_ASSUME_ROLE_TTL: "2h" },
  },
];

motoTest("plan: the calls it shows are the calls exec makes", async (t, moto) => {
  for (const c of CASES) {
    await t.step(c.name, async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon", "jon-mfa"]);
      try {
        for (
          const [round, count] of [["first run", c.calls[0]], ["cached run", c.calls[1]]] as const
        ) {
          const plan = await w.run(["plan", ...c.args, "--json"], c.env);
          assertEquals(plan.code, 0, plan.stderr);
          const steps = (JSON.parse(plan.stdout) as { steps: Step[] }).steps;
          await moto.resetRequests();
          const exec = await w.run(["exec", ...c.args, "--json", "-t", "123456"], c.env);
          assertEquals(exec.code, 0, exec.stderr);
          const made = madeCalls(await moto.stsCalls());
          assertEquals(made, plannedCalls(steps), round);
          assertEquals(made.length, count, `${round}: ${made.join(", ")}`);
        }
      } finally {
        w.cleanup();
      }
    });
  }
});
