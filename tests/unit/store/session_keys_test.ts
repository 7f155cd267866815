import { assertEquals } from "../../helpers/assert.ts";
import {
  formatSessionKey,
  isCredentialKey,
  isOldSessionKey,
  parseSessionKey,
  sessionKeyPrefix,
} from "../../../src/store/session_keys.ts";

Deno.test("formatSessionKey() matches aws-vault's documented example", () => {
  assertEquals(
    formatSessionKey({
      type: "sts.GetSessionToken",
      profileName: "jonsmith",
      mfaSerial: "arn:aws:iam::111111111111:mfa/jonsmith",
      expiration: 1685000000,
    }),
    "sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czppYW06OjExMTExMTExMTExMTptZmEvam9uc21pdGg,1685000000",
  );
});

Deno.test("parseSessionKey() reads the fixture session key written by aws-vault v7.2.0", () => {
  assertEquals(
    parseSessionKey(
      "sts.GetSessionToken,ZGVtbw,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvZGVtby11c2Vy,1795452751",
    ),
    {
      type: "sts.GetSessionToken",
      profileName: "demo",
      mfaSerial: "arn:aws:iam::123456789012:mfa/demo-user",
      expiration: 1795452751,
    },
  );
});

Deno.test("parseSessionKey() accepts an empty MFA field and rejects an empty profile field", () => {
  assertEquals(parseSessionKey("sts.AssumeRole,cA,,12")?.mfaSerial, "");
  assertEquals(parseSessionKey("sts.AssumeRole,,,12"), undefined);
});

Deno.test("session keys round-trip profile names with commas, slashes and non-ASCII", () => {
  for (const name of ["a,b", "a/b", "é prod", "x:y%z"]) {
    const key = formatSessionKey({
      type: "sts.AssumeRole",
      profileName: name,
      mfaSerial: "",
      expiration: 5,
    });
    assertEquals(parseSessionKey(key)?.profileName, name);
    assertEquals(key.startsWith(sessionKeyPrefix("sts.AssumeRole", name, "")), true);
  }
});

Deno.test("credential names exclude current, old-format sessions and oidc tokens", () => {
  const table: Array<[string, boolean]> = [
    ["jonsmith", true],
    ["a,b", true],
    ["profile with spaces", true],
    ["sts.GetSessionToken,am9uc21pdGg,,1685000000", false],
    ["session,am9u,,1554405197", false],
    ["session:jon:arn:1554405197", false],
    ["prod session (1554405197)", false],
    ["oidc:https://x.awsapps.com/start", false],
  ];
  for (const [key, expected] of table) assertEquals(isCredentialKey(key), expected, key);
  assertEquals(isOldSessionKey("prod session (1554405197)"), true);
  assertEquals(isOldSessionKey("prod"), false);
});
