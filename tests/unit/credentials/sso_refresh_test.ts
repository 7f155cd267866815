/**
 * What happens after the first SSO login (see sso_world.ts): the token is
 * reused across roles, refreshed without a browser when it expires or comes
 * close to it, replaced by a new login only when the refresh is rejected, and
 * dropped once when the portal refuses it (401). An SSO profile feeds a role.
 */

import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { oidcTokenData } from "../../helpers/aws_vault_items.ts";
import { utf8 } from "../../../src/encoding.ts";
import { oidcTokenKey, OidcTokenStore } from "../../../src/store/oidc_token_store.ts";
import { type SsoWorld, START_URL, withSsoWorld } from "./sso_world.ts";

const HOUR = 3600_000;

async function stored(w: { keyring: ConstructorParameters<typeof OidcTokenStore>[0] }) {
  return await new OidcTokenStore(w.keyring).get(START_URL);
}

/** Retrieves `profile`, whose first call fails as `first` says and is followed by a device login. */
async function expectLoginAfter(w: SsoWorld, profile: string, first: [string, string]) {
  const n = w.fake.calls.length;
  await w.retrieve(profile);
  const calls = w.fake.calls.slice(n);
  const ops = w.fake.ops().slice(n);
  assertEquals([ops[0], calls[0].error], first);
  assertEquals(ops.slice(1, 3), ["RegisterClient", "StartDeviceAuthorization"]);
  assertEquals([ops.at(-1), calls.at(-1)!.error], ["GetRoleCredentials", undefined]);
}

Deno.test("sso: another role on the same start URL reuses the token (no second login)", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    const n = w.fake.calls.length;
    await w.retrieve("admin");
    assertEquals(w.fake.ops().slice(n), ["GetRoleCredentials"]);
    assertEquals(w.fake.calls[n].bearer, w.fake.calls[n - 1].bearer);
    assertEquals(w.opened.length, 1);
  });
});

Deno.test("sso: an expired token is refreshed with its refresh token, without a browser", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    const first = (await stored(w))!;
    assert(first.refreshToken && first.client, "the refresh token and client are kept");
    const stderr = w.stderr.text;
    w.clock.advance(2 * HOUR);
    const n = w.fake.calls.length;
    await w.retrieve("dev");
    assertEquals(w.fake.ops().slice(n), ["CreateToken:refresh_token", "GetRoleCredentials"]);
    assertEquals(w.fake.calls[n].input.clientId, first.client.clientId);
    assertEquals([w.opened.length, w.stderr.text], [1, stderr]);
    const second = (await stored(w))!;
    assert(second.accessToken !== first.accessToken);
    assert(second.refreshToken !== first.refreshToken, "the rotated refresh token is stored");
    assertEquals(second.expiration.getTime(), w.clock.now().getTime() + HOUR);
  });
});

Deno.test("sso: a token within 15 minutes of its end is refreshed early", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    w.clock.advance(50 * 60_000);
    const n = w.fake.calls.length;
    await w.retrieve("admin");
    assertEquals(w.fake.ops().slice(n), ["CreateToken:refresh_token", "GetRoleCredentials"]);
  });
});

Deno.test("sso: a rejected refresh leads to a new device login", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    w.fake.rejectRefreshTokens();
    w.clock.advance(2 * HOUR);
    await expectLoginAfter(w, "dev", ["CreateToken:refresh_token", "InvalidGrantException"]);
    assertEquals(w.opened.length, 2);
  });
});

Deno.test("sso: a refresh that fails while the token is still valid keeps using the token", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    const token = (await stored(w))!.accessToken;
    w.fake.rejectRefreshTokens();
    w.clock.advance(50 * 60_000);
    const n = w.fake.calls.length;
    await w.retrieve("admin");
    assertEquals(w.fake.ops().slice(n), ["CreateToken:refresh_token", "GetRoleCredentials"]);
    assertEquals(w.fake.calls.at(-1)!.bearer, token);
  });
});

Deno.test("sso: an outage during a refresh is an error that keeps the refresh token, not a login", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    const before = (await stored(w))!;
    w.clock.advance(2 * HOUR);
    w.fake.failOidc(3);
    await assertRejects(() => w.retrieve("dev"), Error, "InternalServerException");
    assertEquals(w.fake.count("StartDeviceAuthorization"), 1);
    assertEquals((await stored(w))!.refreshToken, before.refreshToken);
    await w.retrieve("dev");
    assertEquals(w.fake.count("StartDeviceAuthorization"), 1);
  });
});

Deno.test("sso: a 401 for a cached token drops it and logs in again once", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    w.fake.revokeAccessTokens();
    await expectLoginAfter(w, "admin", ["GetRoleCredentials", "UnauthorizedException"]);
  });
});

Deno.test("sso: a second 401 after the new login is reported, not retried again", async () => {
  await withSsoWorld({}, async (w) => {
    await w.retrieve("dev");
    const unauthorized = { status: 401, type: "UnauthorizedException" };
    w.fake.failPortal(unauthorized, unauthorized);
    const n = w.fake.calls.length;
    await assertRejects(() => w.retrieve("admin"), Error, "UnauthorizedException");
    assertEquals(w.fake.ops().slice(n).filter((op) => op === "GetRoleCredentials").length, 2);
    assertEquals(w.fake.count("StartDeviceAuthorization"), 2);
  });
});

Deno.test("sso: a token aws-vault stored is used, and once expired is replaced by a login", async () => {
  await withSsoWorld({}, async (w) => {
    // Log in once so that the fake knows the access token, then store it as aws-vault 7.2 would.
    await w.retrieve("dev");
    const token = (await stored(w))!.accessToken;
    const expiration = new Date(w.clock.now().getTime() + 8 * HOUR).toISOString();
    await w.keyring.set({
      key: oidcTokenKey(START_URL),
      data: utf8(oidcTokenData(token, expiration)),
      label: "aws-vault oidc token",
      description: "aws-vault oidc token",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    });
    const n = w.fake.calls.length;
    await w.retrieve("admin");
    assertEquals(w.fake.ops().slice(n), ["GetRoleCredentials"]);
    w.clock.advance(9 * HOUR);
    await w.retrieve("admin");
    assertEquals(w.fake.count("StartDeviceAuthorization"), 2);
    assertEquals(w.fake.count("CreateToken:refresh_token"), 0);
  });
});

Deno.test("sso: an SSO profile is the source of a role profile", async () => {
  await withSsoWorld({}, async (w) => {
    const creds = await w.retrieve("target");
    const ssoKey = w.lines.find((l) => l.startsWith("Got credentials"));
    assertStringIncludes(ssoKey ?? "", "for SSO role Dev (account: 111111111111)");
    assertEquals(w.calls.map((c) => [c.op, c.profile]), [["AssumeRole", "target"]]);
    assert(w.calls[0].caller.startsWith("ASIA"));
    assert(creds.accessKeyId.startsWith("ASIAASSUMEROLE"));
  });
});
