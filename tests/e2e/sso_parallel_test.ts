/**
 * One SSO login for many callers, through the real CLI: 8 cold `exec --json`
 * processes (an IDE, a test runner, several SDK clients' `credential_process`)
 * for two roles on one start URL make one device authorization and open one
 * browser tab; and an SSO profile as the `source_profile` of a role, whose
 * AssumeRole goes to moto signed with the SSO role credentials.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { motoTest } from "../helpers/moto.ts";
import { SsoFake } from "../helpers/sso_fake.ts";
import { SsoSandbox, START_URL } from "../helpers/sso_sandbox.ts";

Deno.test("sso e2e: 8 parallel cold callers make one device authorization and open one tab", async () => {
  const fake = new SsoFake({ enforceInterval: true });
  const s = new SsoSandbox(fake);
  try {
    const profiles = ["dev", "admin", "dev", "admin", "dev", "admin", "dev", "admin"];
    const results = await Promise.all(profiles.map((p) => s.run(["exec", p, "--json"])));
    for (const r of results) assertEquals(r.code, 0, r.stderr);
    assertEquals(fake.count("RegisterClient"), 1);
    assertEquals(fake.count("StartDeviceAuthorization"), 1);
    assertEquals(s.opened().length, 1);
    // Each role is fetched once; the other callers of a role wait for its cached session.
    assertEquals(fake.count("GetRoleCredentials"), 2);
    const byProfile = new Map<string, Set<string>>();
    results.forEach((r, i) => {
      const ids = byProfile.get(profiles[i]) ?? new Set();
      ids.add(JSON.parse(r.stdout).AccessKeyId);
      byProfile.set(profiles[i], ids);
    });
    assertEquals([...byProfile.values()].map((ids) => ids.size), [1, 1]);
    // The instructions are printed by the one process that logged in.
    const told = results.filter((r) => r.stderr.includes("Opening the SSO authorization page"));
    assertEquals(told.length, 1);
  } finally {
    s.cleanup();
    await fake.close();
  }
});

Deno.test("sso e2e: callers waiting for another process's login say so, then share it", async () => {
  const fake = new SsoFake();
  const s = new SsoSandbox(fake);
  try {
    const notice = "Waiting for another aws-vault process to finish the SSO login for " +
      `${START_URL} (use Ctrl-C to abort)\n`;
    const first = s.start(["exec", "--stdout", "dev", "--json"]);
    await first.stderrIncludes("Open the SSO authorization page in a browser");
    // One waits for the same role's session, the other for the start URL's token.
    const same = s.start(["exec", "--stdout", "dev", "--json"]);
    const other = s.start(["exec", "--stdout", "admin", "--json"]);
    // Bounded: without the notice they would wait for the login, which nobody approves yet.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const noticed = await Promise.race([
      Promise.all([same.stderrIncludes(notice), other.stderrIncludes(notice)]).then(() => true),
      new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), 60_000)),
    ]);
    clearTimeout(timer);
    fake.approveAll();
    assert(noticed, "both waiting callers said why they wait");
    const results = await Promise.all([first.result, same.result, other.result]);
    for (const r of results) assertEquals(r.code, 0, r.stderr);
    assertEquals(results.map((r) => r.stderr.includes(notice)), [false, true, true]);
    assertEquals(fake.count("StartDeviceAuthorization"), 1);
  } finally {
    s.cleanup();
    await fake.close();
  }
});

motoTest("sso e2e: an SSO profile is the source of a role assumed at moto", async (_t, moto) => {
  const fake = new SsoFake();
  const s = new SsoSandbox(fake);
  try {
    await moto.resetRequests();
    const r = await s.run(["exec", "target", "--json"], { AWS_ENDPOINT_URL: moto.url });
    assertEquals(r.code, 0, r.stderr);
    const calls = await moto.stsCalls();
    assertEquals(calls.map((c) => c.action), ["AssumeRole"]);
    assertEquals(calls[0].params.get("RoleArn"), "arn:aws:iam::123456789012:role/target");
    const role = fake.calls.find((c) => c.op === "GetRoleCredentials");
    assert(role && !role.error);
    // Signed with the SSO role credentials, which came from the fake, not from moto.
    assert(calls[0].accessKeyId.startsWith("ASIA"), calls[0].accessKeyId);
    assert(JSON.parse(r.stdout).AccessKeyId !== calls[0].accessKeyId);
    assertEquals(fake.count("StartDeviceAuthorization"), 1);
  } finally {
    s.cleanup();
    await fake.close();
  }
});
