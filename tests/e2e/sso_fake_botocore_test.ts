/**
 * The SSO fake speaks IAM Identity Center's wire format: botocore (the AWS SDK
 * for Python, whose service models are independent of the JavaScript SDK's)
 * registers a client, starts a device authorization, gets "pending", approves
 * through the verification page, gets a token, role credentials, a 401 for a
 * bad token, a refresh, and refusals of a reused refresh token and device code.
 */

import { assertEquals } from "../helpers/assert.ts";
import { SsoFake } from "../helpers/sso_fake.ts";

const SCRIPT = new URL("../helpers/sso_fake_check.py", import.meta.url).pathname;

Deno.test("botocore gets the answers it expects from the SSO fake", async () => {
  const fake = new SsoFake();
  try {
    const out = await new Deno.Command("python3", {
      args: [SCRIPT, fake.url],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assertEquals(out.code, 0, stderr);
    assertEquals(JSON.parse(new TextDecoder().decode(out.stdout)), {
      bad_token: "UnauthorizedException",
      client_expires_in_days: 90,
      expires_in: 600,
      has_refresh_token: true,
      interval: 1,
      pending: "AuthorizationPendingException",
      refresh_reused: "InvalidGrantException",
      refreshed: true,
      replayed_device_code: "InvalidGrantException",
      role_expiration_is_ms: true,
      role_key_prefix: "ASIA",
      token_type: "Bearer",
    });
    assertEquals(fake.ops(), [
      "RegisterClient",
      "StartDeviceAuthorization",
      "CreateToken",
      "CreateToken",
      "GetRoleCredentials",
      "GetRoleCredentials",
      "CreateToken:refresh_token",
      "CreateToken:refresh_token",
      "CreateToken",
    ]);
  } finally {
    await fake.close();
  }
});
