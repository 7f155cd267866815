/**
 * aws-vault and this tool share one SSO login. The OIDC token the CLI stores
 * is read back from the file backend's JWE with an independent decrypter
 * (tests/helpers/jwe_check.py) and checked field by field against aws-vault's
 * Go types (`OIDCTokenData{Token ssooidc.CreateTokenOutput; Expiration
 * time.Time}`, decoded case-insensitively, unknown fields ignored); and a
 * token in aws-vault's own item format, encrypted by that same independent
 * tool, is used by the CLI without a login.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { base64, ITEM_FIELDS, oidcTokenData } from "../helpers/aws_vault_items.ts";
import { START_URL, withSsoSandbox } from "../helpers/sso_sandbox.ts";

const JWE = new URL("../helpers/jwe_check.py", import.meta.url).pathname;
const ITEM_FILE = "oidc:https:%2F%2Fcorp.awsapps.com%2Fstart";
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

async function jwe(command: "decrypt" | "encrypt", input: string): Promise<string> {
  const child = new Deno.Command("python3", {
    args: [JWE, command],
    env: { JWE_CHECK_PASSPHRASE: "test-passphrase" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(input));
  await w.close();
  const out = await child.output();
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

function decodeBase64(text: string): string {
  return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
}

Deno.test("sso interop: the stored OIDC token is aws-vault's item, field by field", async () => {
  await withSsoSandbox({}, async (s) => {
    const before = Date.now();
    assertEquals((await s.run(["exec", "dev", "--json"])).code, 0);
    const item = JSON.parse(
      await jwe("decrypt", Deno.readTextFileSync(`${s.sandbox.keysDir}/${ITEM_FILE}`)),
    );
    assertEquals(Object.keys(item), ITEM_FIELDS);
    assertEquals(item.Key, `oidc:${START_URL}`);
    assertEquals(item.Description, "aws-vault oidc token");
    assertEquals([item.KeychainNotTrustApplication, item.KeychainNotSynchronizable], [
      false,
      false,
    ]);
    const data = JSON.parse(decodeBase64(item.Data));
    // Go matches field names ignoring case: no extra field may shadow Token or Expiration.
    assertEquals(Object.keys(data), [
      "Token",
      "Expiration",
      "ClientID",
      "ClientSecret",
      "ClientSecretExpiresAt",
    ]);
    const token = data.Token;
    assertEquals(Object.keys(token), [
      "AccessToken",
      "ExpiresIn",
      "IdToken",
      "RefreshToken",
      "TokenType",
      "ResultMetadata",
    ]);
    assert(typeof token.AccessToken === "string" && token.AccessToken.startsWith("access-"));
    assert(Number.isInteger(token.ExpiresIn) && token.ExpiresIn > 3500 && token.ExpiresIn <= 3600);
    assertEquals([token.IdToken, token.TokenType, token.ResultMetadata], [null, "Bearer", {}]);
    assert(typeof token.RefreshToken === "string" && token.RefreshToken.startsWith("refresh-"));
    // time.Time: RFC 3339, the access token's end.
    assert(RFC3339.test(data.Expiration), data.Expiration);
    const end = Date.parse(data.Expiration);
    assert(end >= before + 3600_000 - 1000 && end <= Date.now() + 3600_000 + 1000);
    assertEquals(
      item.Label,
      `aws-vault oidc token for ${START_URL} (expires ${
        new Date(Math.floor(end / 1000) * 1000).toISOString().replace(".000Z", "Z")
      })`,
    );
    assert(typeof data.ClientID === "string" && data.ClientID.startsWith("client-"));
    assert(typeof data.ClientSecret === "string" && data.ClientSecret.startsWith("secret-"));
    assert(RFC3339.test(data.ClientSecretExpiresAt));
    const days = (Date.parse(data.ClientSecretExpiresAt) - Date.now()) / 86400_000;
    assert(days > 89 && days <= 90, String(days));
  });
});

Deno.test("sso interop: a token aws-vault stored is used without a login", async () => {
  await withSsoSandbox({}, async (s, fake) => {
    // A login gives a token the fake knows; it is then stored again as aws-vault 7.2 writes it.
    assertEquals((await s.run(["exec", "dev", "--json"])).code, 0);
    const token = fake.calls.find((c) => c.op === "GetRoleCredentials")!.bearer!;
    const expiration = new Date(Date.now() + 8 * 3600_000);
    const data = oidcTokenData(token, expiration.toISOString().replace("Z", "000000+00:00"));
    const item = JSON.stringify({
      Key: `oidc:${START_URL}`,
      Data: base64(data),
      Label: `aws-vault oidc token for ${START_URL} (expires ${expiration.toISOString()})`,
      Description: "aws-vault oidc token",
      KeychainNotTrustApplication: false,
      KeychainNotSynchronizable: false,
    });
    Deno.writeTextFileSync(`${s.sandbox.keysDir}/${ITEM_FILE}`, await jwe("encrypt", item));
    const r = await s.run(["exec", "admin", "--json"]);
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(fake.count("StartDeviceAuthorization"), 1);
    assertEquals(fake.calls.at(-1)!.bearer, token);
  });
});
