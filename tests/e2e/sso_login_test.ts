/**
 * SSO profiles through the real CLI (no terminal: every run is under setsid)
 * against the SSO fake: the device-code login in both profile forms, with the
 * browser stand-in or `--stdout`, token reuse, refresh, a rejected refresh, a
 * 401, an expired device code, a missing opener, and Ctrl-C.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import type { SsoFake, SsoFakeOptions } from "../helpers/sso_fake.ts";
import { LEGACY_URL, type SsoSandbox, START_URL, withSsoSandbox } from "../helpers/sso_sandbox.ts";

/** A test with its own fake, which answers polls sooner than the interval with a slow-down. */
function ssoTest(
  name: string,
  options: SsoFakeOptions,
  fn: (s: SsoSandbox, fake: SsoFake) => Promise<void>,
): void {
  Deno.test(name, () => withSsoSandbox({ enforceInterval: true, ...options }, fn));
}

function lastLine(text: string): string {
  return text.trimEnd().split("\n").at(-1) ?? "";
}

ssoTest(
  "sso e2e: exec --json logs in through the browser with no terminal, then reuses the login",
  {},
  async (s, fake) => {
    const r = await s.run(["exec", "dev", "--json"]);
    assertEquals(r.code, 0, r.stderr);
    const creds = JSON.parse(r.stdout);
    assert(creds.AccessKeyId.startsWith("ASIA"));
    const [url] = s.opened();
    assertEquals(s.opened().length, 1);
    const code = new URL(url).searchParams.get("user_code");
    assertEquals(
      r.stderr,
      "Opening the SSO authorization page in your default browser (use Ctrl-C to abort)\n" +
        `${url}\nThe page should show the code ${code}\n`,
    );
    assertEquals(fake.calls[1].input.startUrl, START_URL);
    const keys = s.sandbox.keyFiles();
    // The file backend's name for the item `oidc:<start URL>` (Go's url.PathEscape).
    assert(keys.includes("oidc:https:%2F%2Fcorp.awsapps.com%2Fstart"), keys.join(" "));

    // The cached session, then another role on the same start URL: no second login.
    const again = await s.run(["exec", "dev", "--json"]);
    assertEquals(JSON.parse(again.stdout).AccessKeyId, creds.AccessKeyId);
    const admin = await s.run(["export", "admin"]);
    assertEquals([admin.code, admin.stderr], [0, ""]);
    assertStringIncludes(admin.stdout, "AWS_ACCESS_KEY_ID=ASIA");
    assertEquals(fake.count("StartDeviceAuthorization"), 1);
    assertEquals(fake.count("GetRoleCredentials"), 2);
  },
);

ssoTest("sso e2e: a legacy profile logs in for its own start URL", {}, async (s, fake) => {
  const r = await s.run(["exec", "legacy", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(fake.calls[1].input.startUrl, LEGACY_URL);
  assertEquals(fake.calls.at(-1)!.input, { role_name: "ReadOnly", account_id: "222222222222" });
});

ssoTest("sso e2e: export --stdout prints the link and opens nothing", {}, async (s, fake) => {
  const run = s.start(["export", "--stdout", "dev"]);
  await run.stderrIncludes("Open the SSO authorization page in a browser (use Ctrl-C to abort)\n");
  fake.approveAll();
  const r = await run.result;
  assertEquals(r.code, 0, r.stderr);
  assertStringIncludes(r.stdout, "AWS_ACCESS_KEY_ID=ASIA");
  assertStringIncludes(r.stderr, `${fake.url}/verify?user_code=`);
  assertEquals(s.opened(), []);
});

ssoTest("sso e2e: a token close to its end is refreshed without a device authorization", {
  tokenSeconds: 120,
}, async (s, fake) => {
  assertEquals((await s.run(["exec", "dev", "--json"])).code, 0);
  const r = await s.run(["exec", "admin", "--json"]);
  assertEquals([r.code, r.stderr], [0, ""]);
  assertEquals(fake.ops().slice(-2), ["CreateToken:refresh_token", "GetRoleCredentials"]);
  assertEquals([fake.count("StartDeviceAuthorization"), s.opened().length], [1, 1]);
});

ssoTest("sso e2e: a rejected refresh of an expired token leads to one new login", {
  tokenSeconds: 1,
}, async (s, fake) => {
  assertEquals((await s.run(["exec", "dev", "--json"])).code, 0);
  fake.rejectRefreshTokens();
  // The token lives one second; let it expire.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const r = await s.run(["exec", "admin", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const after = fake.ops().slice(fake.ops().lastIndexOf("GetRoleCredentials", -2) + 1);
  assertEquals(after.slice(0, 3), [
    "CreateToken:refresh_token",
    "RegisterClient",
    "StartDeviceAuthorization",
  ]);
  assertEquals([fake.count("StartDeviceAuthorization"), s.opened().length], [2, 2]);
});

ssoTest("sso e2e: a 401 for the cached token is followed by one new login", {}, async (s, fake) => {
  assertEquals((await s.run(["exec", "dev", "--json"])).code, 0);
  fake.revokeAccessTokens();
  const r = await s.run(["exec", "admin", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const roleCalls = fake.calls.filter((c) => c.op === "GetRoleCredentials");
  assertEquals(roleCalls.map((c) => c.error), [undefined, "UnauthorizedException", undefined]);
  assertEquals(fake.count("StartDeviceAuthorization"), 2);
});

ssoTest(
  "sso e2e: an unconfirmed device code ends in one line at its expiry; no opener is a warning",
  {
    deviceCodeSeconds: 2,
  },
  async (s) => {
    const started = Date.now();
    const r = await s.run(["exec", "dev", "--json"], { BROWSER: undefined, PATH: "/usr/bin:/bin" });
    const took = Date.now() - started;
    assertEquals(r.code, 1);
    assertStringIncludes(
      r.stderr,
      "aws-vault: warning: cannot open the SSO authorization page: xdg-open was not found on PATH; " +
        "open the link above\n",
    );
    assertEquals(
      lastLine(r.stderr),
      `aws-vault: error: exec: Failed to get credentials for dev: SSO login for "${START_URL}" ` +
        "failed: the authorization page was not confirmed in time",
    );
    assert(took < 20_000, `ended ${took} ms after it started`);
    assertEquals(s.sandbox.keyFiles(), []);
  },
);

ssoTest(
  "sso e2e: without an opener the link is enough: the login completes once approved",
  {},
  async (s, fake) => {
    const run = s.start(["exec", "dev", "--json"], { BROWSER: undefined, PATH: "/usr/bin:/bin" });
    await run.stderrIncludes("aws-vault: warning: cannot open the SSO authorization page");
    fake.approveAll();
    const r = await run.result;
    assertEquals(r.code, 0, r.stderr);
  },
);

ssoTest(
  "sso e2e: Ctrl-C while waiting for the browser exits 130 with one line and holds no lock",
  {},
  async (s) => {
    const run = s.start(["exec", "dev", "--json"], { BROWSER: "true" });
    await run.stderrIncludes("The page should show the code");
    run.kill("SIGINT");
    const r = await run.result;
    assertEquals(r.code, 130);
    assertEquals(
      lastLine(r.stderr),
      "aws-vault: error: exec: Failed to get credentials for dev: SSO login interrupted",
    );
    assertEquals(r.stderr.split("\n").filter((l) => l.startsWith("aws-vault: error")).length, 1);
    // Nothing is left holding the locks: the next run logs in at once.
    const started = Date.now();
    const next = await s.run(["exec", "dev", "--json"]);
    assertEquals(next.code, 0, next.stderr);
    assert(Date.now() - started < 30_000);
    const locks = `${s.sandbox.home}/.awsvault/locks`;
    assertEquals([...Deno.readDirSync(locks)].filter((e) => e.name.endsWith(".failed")), []);
  },
);
