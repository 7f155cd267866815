/**
 * `aws-vault plan` through the real CLI: every kind of step, the duration caps,
 * the session cache read from key names only (the file backend runs without a
 * passphrase, so anything decrypted would fail), and config errors worded as
 * `exec` words them.
 */

import { assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { sessionKey } from "../helpers/aws_vault_items.ts";
import { CliSandbox } from "../helpers/cli.ts";

const MFA = "arn:aws:iam::123456789012:mfa/jon";
const ROLE = "arn:aws:iam::123456789012:role";
const START_URL = "https://example.awsapps.com/start";
const CONFIG = `[profile dev]
region = eu-west-1

[profile dev-mfa]
mfa_serial = ${MFA}

[profile admin]
source_profile = dev-mfa
role_arn = ${ROLE}/Admin
mfa_serial = ${MFA}

[profile role-mfa]
source_profile = dev
role_arn = ${ROLE}/RoleMfa
mfa_serial = ${MFA}

[profile long]
source_profile = dev
role_arn = ${ROLE}/Long
duration_seconds = 7200

[profile chained]
source_profile = long
role_arn = ${ROLE}/Chained
duration_seconds = 7200

[profile proc]
credential_process = /bin/false

[profile web]
role_arn = ${ROLE}/Web
web_identity_token_file = /nonexistent/token

[profile sso]
sso_start_url = ${START_URL}
sso_region = eu-west-1
sso_account_id = 123456789012
sso_role_name = Dev

[profile sso-role]
source_profile = sso
role_arn = ${ROLE}/FromSso
duration_seconds = 7200

[profile loop-a]
source_profile = loop-b

[profile loop-b]
source_profile = loop-a

[profile dangling]
source_profile = missing
role_arn = ${ROLE}/X

[profile nothing]
region = eu-west-1

[profile sso-bad]
sso_start_url = ${START_URL}
`;

interface Step {
  api: string;
  profile: string;
  mfa_serial: string | null;
  duration_seconds: number | null;
  cached: boolean;
  expires: string | null;
}

function step(api: string, profile: string, more: Partial<Step> = {}): Step {
  return {
    api,
    profile,
    mfa_serial: null,
    duration_seconds: null,
    cached: false,
    expires: null,
    ...more,
  };
}

const stored = (profile: string) => step("stored", profile);

/** A session item's file in the file backend: plan reads its name only. */
function putSession(s: CliSandbox, type: string, profile: string, mfa: string, expiry: Date) {
  Deno.writeTextFileSync(`${s.keysDir}/${sessionKey(type, profile, mfa, expiry)}`, "not read");
}

/** Whole seconds from now, as the session key names hold them. */
function secondsFromNow(seconds: number): Date {
  return new Date((Math.floor(Date.now() / 1000) + seconds) * 1000);
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

Deno.test("plan: the chain exec would run, as JSON and text", async (t) => {
  const s = CliSandbox.create();
  s.writeConfig(CONFIG);
  await s.storeKeys("dev");
  await s.storeKeys("dev-mfa");
  // Nothing is decrypted: without a passphrase any read of an item would fail.
  const noPass = { AWS_VAULT_FILE_PASSPHRASE: undefined };
  const plan = async (args: string[], env: Record<string, string | undefined> = {}) => {
    const r = await s.run(["plan", ...args, "--json"], { env: { ...noPass, ...env } });
    assertEquals(r.stderr, "", args.join(" "));
    assertEquals(r.code, 0);
    const parsed = JSON.parse(r.stdout) as { profile: string; steps: Step[] };
    assertEquals(parsed.profile, args[0]);
    return parsed.steps;
  };
  try {
    await t.step("stored keys with a session, and --no-session", async () => {
      assertEquals(await plan(["dev"]), [
        stored("dev"),
        step("sts:GetSessionToken", "dev", { duration_seconds: 3600 }),
      ]);
      assertEquals(await plan(["dev", "--no-session"]), [stored("dev")]);
    });

    await t.step("MFA, --duration and AWS_SESSION_TOKEN_TTL", async () => {
      const gst = (duration: number) =>
        step("sts:GetSessionToken", "dev-mfa", { mfa_serial: MFA, duration_seconds: duration });
      assertEquals(await plan(["dev-mfa"]), [stored("dev-mfa"), gst(3600)]);
      assertEquals(await plan(["dev-mfa", "-d", "2h"]), [stored("dev-mfa"), gst(7200)]);
      assertEquals(await plan(["dev-mfa"], { AWS_SESSION_TOKEN_TTL: "3h" }), [
        stored("dev-mfa"),
        gst(10800),
      ]);
    });

    await t.step(
      "a role on an MFA session: chained session 8h, its MFA not sent again",
      async () => {
        const gst = (duration: number) =>
          step("sts:GetSessionToken", "dev-mfa", { mfa_serial: MFA, duration_seconds: duration });
        const role = step("sts:AssumeRole", "admin", { duration_seconds: 3600 });
        assertEquals(await plan(["admin"]), [stored("dev-mfa"), gst(28800), role]);
        assertEquals(await plan(["admin"], { AWS_CHAINED_SESSION_TOKEN_TTL: "12h" }), [
          stored("dev-mfa"),
          gst(43200),
          role,
        ]);
        // --no-session: the role is assumed with MFA from the stored keys.
        assertEquals(await plan(["admin", "-n"]), [
          stored("dev-mfa"),
          step("sts:AssumeRole", "admin", { mfa_serial: MFA, duration_seconds: 3600 }),
        ]);
      },
    );

    await t.step("a role with MFA on keys without: AssumeRole sends it", async () => {
      assertEquals(await plan(["role-mfa"], { AWS_ASSUME_ROLE_TTL: "30m" }), [
        stored("dev"),
        step("sts:AssumeRole", "role-mfa", { mfa_serial: MFA, duration_seconds: 1800 }),
      ]);
    });

    await t.step("role chaining caps the second role at 1h, not the first", async () => {
      assertEquals(await plan(["chained"]), [
        stored("dev"),
        step("sts:AssumeRole", "long", { duration_seconds: 7200 }),
        step("sts:AssumeRole", "chained", { duration_seconds: 3600 }),
      ]);
    });

    await t.step("credential_process, web identity and SSO are named, never run", async () => {
      assertEquals(await plan(["proc"]), [step("credential_process", "proc")]);
      assertEquals(await plan(["web"], { AWS_ASSUME_ROLE_TTL: "2h" }), [
        step("sts:AssumeRoleWithWebIdentity", "web", { duration_seconds: 7200 }),
      ]);
      assertEquals(await plan(["sso"]), [step("sso:GetRoleCredentials", "sso")]);
      assertEquals(await plan(["sso-role"]), [
        step("sso:GetRoleCredentials", "sso"),
        step("sts:AssumeRole", "sso-role", { duration_seconds: 3600 }),
      ]);
    });

    await t.step("the text form: one line per step, in run order", async () => {
      const r = await s.run(["plan", "admin"], { env: noPass });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        r.stdout,
        'Profile "admin": 3 steps, in the order exec runs them\n' +
          '1. stored keys of profile "dev-mfa"\n' +
          `2. sts:GetSessionToken for profile "dev-mfa" with MFA ${MFA}, 8h0m0s: ` +
          "no usable cached session, the new one is cached\n" +
          '3. sts:AssumeRole for profile "admin" (its MFA was given to the session it runs on), ' +
          "1h0m0s: not cached\n",
      );
      const sso = await s.run(["plan", "sso-role"], { env: noPass });
      assertEquals(
        sso.stdout,
        'Profile "sso-role": 2 steps, in the order exec runs them\n' +
          '1. sso:GetRoleCredentials for profile "sso", duration set by SSO: ' +
          "no usable cached session, the new one is cached; " +
          "no SSO token in the vault: exec would open a browser login\n" +
          '2. sts:AssumeRole for profile "sso-role", 1h0m0s: not cached\n',
      );
      const proc = await s.run(["plan", "proc"], { env: noPass });
      assertStringIncludes(
        proc.stdout,
        '1. credential_process for profile "proc", runs "/bin/false"',
      );
    });

    await t.step("a cached session is used until it expires, less AWS_MIN_TTL", async () => {
      const until = secondsFromNow(3000);
      putSession(s, "sts.GetSessionToken", "dev-mfa", MFA, until);
      const cachedGst = step("sts:GetSessionToken", "dev-mfa", {
        mfa_serial: MFA,
        duration_seconds: 28800,
        cached: true,
        expires: iso(until),
      });
      assertEquals(await plan(["admin"]), [
        stored("dev-mfa"),
        cachedGst,
        step("sts:AssumeRole", "admin", { duration_seconds: 3600 }),
      ]);
      // Within AWS_MIN_TTL of its expiry it is not used.
      assertEquals((await plan(["admin"], { AWS_MIN_TTL: "1h" }))[1].cached, false);
      const text = await s.run(["plan", "admin"], { env: noPass });
      assertStringIncludes(
        text.stdout,
        '1. stored keys of profile "dev-mfa" (not run: step 2 uses a cached session)\n',
      );
      assertStringIncludes(text.stdout, `: cached session until ${iso(until)}\n`);
    });

    await t.step("an expired cached session is not used", async () => {
      putSession(s, "sts.GetSessionToken", "dev", "", secondsFromNow(-60));
      assertEquals(await plan(["dev"]), [
        stored("dev"),
        step("sts:GetSessionToken", "dev", { duration_seconds: 3600 }),
      ]);
      putSession(s, "sso.GetRoleCredentials", "sso", START_URL, secondsFromNow(-60));
      assertEquals((await plan(["sso"]))[0].cached, false);
      const until = secondsFromNow(1800);
      putSession(s, "sso.GetRoleCredentials", "sso", START_URL, until);
      assertEquals(await plan(["sso"]), [
        step("sso:GetRoleCredentials", "sso", { cached: true, expires: iso(until) }),
      ]);
    });

    await t.step("help", async () => {
      const r = await s.run(["plan", "--help"]);
      assertEquals(r.code, 0);
      // kingpin prints help on standard error.
      assertStringIncludes(r.stderr, "usage: aws-vault plan [<flags>] <profile>\n");
      assertStringIncludes(r.stderr, "-j, --[no-]json");
    });

    await t.step("--debug narrates exec's decisions", async () => {
      const r = await s.run(["--debug", "plan", "role-mfa"], { env: noPass });
      assertEquals(r.code, 0);
      assertStringIncludes(
        r.stderr,
        "profile dev: skipping GetSessionToken because profile 'dev' has no MFA serial defined",
      );
      assertStringIncludes(r.stderr, "profile role-mfa: using AssumeRole (with MFA)");
      assertStringIncludes(r.stderr, "profile role-mfa: no usable cached sts.AssumeRole session");
    });

    await t.step("config errors are exec's, word for word, with its exit code", async () => {
      for (const profile of ["loop-a", "dangling", "nothing", "sso-bad", "unknown"]) {
        const exec = await s.run(["exec", profile, "--", "true"], { env: noPass });
        const plan = await s.run(["plan", profile], { env: noPass });
        assertEquals(exec.code === 0, false, profile);
        assertEquals(plan.stdout, "");
        assertEquals(plan.stderr, exec.stderr.replace("error: exec: ", "error: plan: "), profile);
        assertEquals(plan.code, exec.code, profile);
      }
    });
  } finally {
    s.cleanup();
  }
});
