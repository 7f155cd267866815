/**
 * SSO profiles through the real chain and the real SDK clients against the
 * SSO fake (see sso_world.ts): the device-code login, both profile forms,
 * `--stdout`, slow-down, an expired device code, a missing opener, Ctrl-C,
 * and parallel callers sharing one login.
 */

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { InterruptedError } from "../../../src/errors.ts";
import { oidcTokenKey } from "../../../src/store/oidc_token_store.ts";
import { parseSessionKey } from "../../../src/store/session_keys.ts";
import { FakeInterrupts, LEGACY_URL, START_URL, withSsoWorld } from "./sso_world.ts";

const LOGIN = ["RegisterClient", "StartDeviceAuthorization"];

Deno.test("sso: an sso-session profile logs in with the device code and caches token and role credentials", async () => {
  await withSsoWorld({}, async (w) => {
    const creds = await w.retrieve("dev");
    assert(creds.accessKeyId.startsWith("ASIA"));
    assertEquals(creds.expiration!.getTime(), w.clock.now().getTime() + 3600_000);
    const ops = w.fake.ops();
    assertEquals(ops.slice(0, 2), LOGIN);
    assertEquals(ops.at(-1), "GetRoleCredentials");
    assertEquals(w.fake.calls[0].input, {
      clientName: "aws-vault",
      clientType: "public",
      scopes: ["sso:account:access"],
    });
    assertEquals(w.fake.calls[1].input.startUrl, START_URL);
    const role = w.fake.calls.at(-1)!;
    assertEquals(role.input, { role_name: "Dev", account_id: "111111111111" });
    assertEquals(w.opened.length, 1);
    const url = w.opened[0];
    const code = new URL(url).searchParams.get("user_code");
    assertEquals(
      w.stderr.text,
      "Opening the SSO authorization page in your default browser (use Ctrl-C to abort)\n" +
        `${url}\nThe page should show the code ${code}\n`,
    );
    const keys = await w.keyring.keys();
    assert(keys.includes(oidcTokenKey(START_URL)));
    const session = keys.map(parseSessionKey).find((k) => k !== undefined)!;
    assertEquals(session.type, "sso.GetRoleCredentials");
    assertEquals([session.profileName, session.mfaSerial], ["dev", START_URL]);

    // Served from the session cache: nothing more is asked of Identity Center.
    const before = w.fake.calls.length;
    assertEquals((await w.retrieve("dev")).accessKeyId, creds.accessKeyId);
    assertEquals(w.fake.calls.length, before);
  });
});

Deno.test("sso: a legacy profile (sso_* keys on the profile) logs in for its own start URL", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("legacy");
    assertEquals(w.fake.calls[1].input.startUrl, LEGACY_URL);
    assertEquals(w.fake.calls.at(-1)!.input, { role_name: "ReadOnly", account_id: "222222222222" });
    assert((await w.keyring.keys()).includes(oidcTokenKey(LEGACY_URL)));
  });
});

Deno.test("sso: --stdout prints the link and opens no browser", async () => {
  await withSsoWorld({ browser: "ignore" }, async (w) => {
    w.clock.onSleep = () => w.fake.approveAll();
    await w.retrieve("dev", { ssoUseStdout: true });
    assertEquals(w.proc.calls.length, 0);
    assertStringIncludes(
      w.stderr.text,
      "Open the SSO authorization page in a browser (use Ctrl-C to abort)\nhttp://127.0.0.1:",
    );
  });
});

Deno.test("sso: a slow-down answer makes the wait 5s longer and the login goes on", async () => {
  await withSsoWorld({ browser: "ignore" }, async (w) => {
    w.fake.slowDownNext(1);
    w.clock.onSleep = (ms) => {
      if (ms >= 6000) w.fake.approveAll();
    };
    await w.retrieve("dev");
    assertEquals(w.clock.sleeps, [6000]);
    assertEquals(w.fake.calls.filter((c) => c.op === "CreateToken").map((c) => c.error), [
      "SlowDownException",
      undefined,
    ]);
  });
});

Deno.test("sso: an unconfirmed device code ends the login at its expiry with one line; no opener is a warning", async () => {
  await withSsoWorld({ browser: "missing", fake: { deviceCodeSeconds: 3 } }, async (w) => {
    const start = w.clock.now().getTime();
    const error = await assertRejects(() => w.retrieve("dev"));
    assertEquals(
      (error as Error).message,
      `SSO login for "${START_URL}" failed: the authorization page was not confirmed in time`,
    );
    assert(w.clock.now().getTime() - start <= 3000, "bounded by the device code's lifetime");
    assertStringIncludes(
      w.stderr.text,
      "aws-vault: warning: cannot open the SSO authorization page: " +
        "xdg-open was not found on PATH; open the link above\n",
    );
    assertEquals((await w.keyring.keys()).length, 0);
  });
});

Deno.test("sso: Ctrl-C while waiting for the browser ends the login with status 130 and frees the locks", async () => {
  const interrupts = new FakeInterrupts();
  await withSsoWorld({ browser: "ignore", interrupts }, async (w) => {
    w.clock.onSleep = (ms) => {
      if (ms === 1000 && w.clock.sleeps.length === 2) interrupts.fire();
    };
    const error = await assertRejects(() => w.retrieve("dev"), InterruptedError);
    assertEquals([error.message, error.exitCode], ["SSO login interrupted", 130]);
    assertEquals(w.locks.held.size, 0);
    assertEquals(interrupts.watched, 0, "Ctrl-C is the OS's again");
    // The next caller is not blocked by anything left behind.
    w.clock.onSleep = () => w.fake.approveAll();
    await w.retrieve("dev");
  });
});

Deno.test("sso: parallel cold callers of one start URL make one device authorization", async () => {
  await withSsoWorld({ browser: "ignore" }, async (w) => {
    w.clock.onSleep = (ms) => {
      if (ms === 1000) w.fake.approveAll();
    };
    const profiles = ["dev", "admin", "dev", "admin", "dev", "admin", "dev", "admin"];
    const results = await Promise.all(profiles.map((p) => w.retrieve(p)));
    assertEquals(w.fake.count("StartDeviceAuthorization"), 1);
    assertEquals(w.fake.count("RegisterClient"), 1);
    // One role-credentials call per profile: the others waited for the cached session.
    assertEquals(w.fake.count("GetRoleCredentials"), 2);
    assertEquals(new Set(results.map((c) => c.accessKeyId)).size, 2);
  });
});

Deno.test("sso: callers waiting for a login that fails report its error without a login of their own", async () => {
  await withSsoWorld({ browser: "ignore", fake: { deviceCodeSeconds: 2 } }, async (w) => {
    const results = await Promise.allSettled(["dev", "admin", "dev"].map((p) => w.retrieve(p)));
    assertEquals(w.fake.count("StartDeviceAuthorization"), 1);
    for (const r of results) {
      assertEquals(r.status, "rejected");
      assertStringIncludes(
        String((r as PromiseRejectedResult).reason.message),
        `SSO login for "${START_URL}" failed`,
      );
    }
  });
});
