/**
 * SSO OIDC tokens in aws-vault's item format (spec §7.2): what we write is
 * what aws-vault's Go decoder reads, plus the refresh data in ByteNess's
 * field names; what aws-vault writes reads back here.
 */

import { assert, assertEquals } from "../../helpers/assert.ts";
import { MemoryKeyring } from "../../../backends/memory.ts";
import { fromUtf8, utf8 } from "../../../src/encoding.ts";
import {
  decodeOidcToken,
  encodeOidcToken,
  OidcTokenStore,
} from "../../../src/store/oidc_token_store.ts";

const NOW = new Date("2026-11-23T12:00:00Z");
const URL = "https://corp.awsapps.com/start#/";

Deno.test("encodeOidcToken(): aws-vault's Token and Expiration, with the refresh data beside them", () => {
  const data = encodeOidcToken({
    accessToken: "access",
    expiration: new Date("2026-11-23T13:00:00.5Z"),
    tokenType: "Bearer",
    refreshToken: "refresh",
    client: {
      clientId: "client",
      clientSecret: "secret",
      expiresAt: new Date("2027-02-21T12:00:00Z"),
    },
  }, NOW);
  assertEquals(
    fromUtf8(data),
    '{"Token":{"AccessToken":"access","ExpiresIn":3600,"IdToken":null,"RefreshToken":"refresh",' +
      '"TokenType":"Bearer","ResultMetadata":{}},"Expiration":"2026-11-23T13:00:00.5Z",' +
      '"ClientID":"client","ClientSecret":"secret","ClientSecretExpiresAt":"2027-02-21T12:00:00Z"}',
  );
});

Deno.test("encodeOidcToken(): a token without refresh data is exactly aws-vault's", () => {
  const data = encodeOidcToken({ accessToken: "a", expiration: NOW }, NOW);
  assertEquals(
    fromUtf8(data),
    '{"Token":{"AccessToken":"a","ExpiresIn":0,"IdToken":null,"RefreshToken":null,' +
      '"TokenType":null,"ResultMetadata":{}},"Expiration":"2026-11-23T12:00:00Z"}',
  );
});

Deno.test("decodeOidcToken(): reads aws-vault 7.2's item (local time with nanoseconds)", () => {
  const token = decodeOidcToken(utf8(
    '{"Token":{"AccessToken":"aws-vault-token","ExpiresIn":28800,"IdToken":null,' +
      '"RefreshToken":null,"TokenType":"Bearer","ResultMetadata":{}},' +
      '"Expiration":"2023-05-25T15:30:06.123456789+10:00"}',
  ));
  assertEquals(token, {
    accessToken: "aws-vault-token",
    expiration: new Date("2023-05-25T05:30:06.123Z"),
    tokenType: "Bearer",
  });
});

Deno.test("decodeOidcToken(): field names in any case, as Go matches them; ByteNess's zero expiry", () => {
  const token = decodeOidcToken(utf8(
    '{"token":{"accesstoken":"t","refreshtoken":"r"},"expiration":"2026-11-23T13:00:00Z",' +
      '"clientid":"c","clientsecret":"s","ClientSecretExpiresAt":"0001-01-01T00:00:00Z"}',
  ));
  assertEquals(token, {
    accessToken: "t",
    expiration: new Date("2026-11-23T13:00:00Z"),
    refreshToken: "r",
    client: { clientId: "c", clientSecret: "s" },
  });
});

Deno.test("decodeOidcToken(): no access token or no JSON is no token; no Expiration is long expired", () => {
  assertEquals(decodeOidcToken(utf8("not json")), undefined);
  assertEquals(decodeOidcToken(utf8('{"Token":{"AccessToken":""}}')), undefined);
  assertEquals(decodeOidcToken(utf8('{"Token":{"AccessToken":"a"}}'))?.expiration.getTime(), 0);
});

Deno.test("OidcTokenStore: aws-vault's key, label and description; remove only the token named", async () => {
  const keyring = new MemoryKeyring({ backend: "file" });
  const store = new OidcTokenStore(keyring);
  await store.set(URL, { accessToken: "a", expiration: new Date("2026-11-23T20:00:00Z") }, NOW);
  const item = await keyring.get(`oidc:${URL}`);
  assert(item);
  assertEquals(item.label, `aws-vault oidc token for ${URL} (expires 2026-11-23T20:00:00Z)`);
  assertEquals([item.description, item.keychainNotTrustApplication], [
    "aws-vault oidc token",
    false,
  ]);
  assertEquals(JSON.parse(fromUtf8(item.data)).Token.ExpiresIn, 28800);
  assertEquals(await store.remove(URL, "another token"), false);
  assertEquals((await store.get(URL))?.accessToken, "a");
  assertEquals(await store.remove(URL, "a"), true);
  assertEquals(await store.get(URL), undefined);
});
