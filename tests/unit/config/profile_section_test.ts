import assert from "node:assert/strict";
import { parseIni } from "../../../src/config/ini.ts";
import {
  isEmptyProfileSection,
  parseDurationSeconds,
  readProfileSection,
} from "../../../src/config/profile_section.ts";

Deno.test("parseDurationSeconds() follows go-ini's unsigned integer mapping", () => {
  const rows: Array<[string, number | undefined]> = [
    ["3600", 3600],
    ["43200", 43200],
    ["900", 900],
    ["0", undefined],
    ["0x10", 16],
    ["0o17", 15],
    ["0b101", 5],
    ["0600", 384],
    ["08", undefined],
    ["1_000", 1000],
    ["0x_ff", 255],
    ["1__0", undefined],
    ["_1", undefined],
    ["-5", undefined],
    ["+5", undefined],
    ["1h", undefined],
    ["3600s", undefined],
    ["0s", undefined],
    ["abc", undefined],
    ["12.5", undefined],
    ["18446744073709551616", undefined],
    ["", undefined],
  ];
  for (const [text, seconds] of rows) assert.equal(parseDurationSeconds(text), seconds, text);
});

Deno.test("readProfileSection() treats empty values as unset", () => {
  const doc = parseIni('[profile a]\nregion =\nrole_arn = ""\nmfa_serial = m\n', "/c");
  const section = readProfileSection(doc, "profile a", "a");
  assert.deepEqual(section, { name: "a", mfaSerial: "m" });
  assert.equal(isEmptyProfileSection(section), false);
  assert.equal(isEmptyProfileSection(readProfileSection(doc, "DEFAULT", "x")), true);
});

Deno.test("readProfileSection() reads every key aws-vault understands", () => {
  const keys = [
    "mfa_serial",
    "role_arn",
    "external_id",
    "region",
    "role_session_name",
    "source_profile",
    "include_profile",
    "sso_session",
    "sso_start_url",
    "sso_region",
    "sso_account_id",
    "sso_role_name",
    "web_identity_token_file",
    "web_identity_token_process",
    "sts_regional_endpoints",
    "endpoint_url",
    "session_tags",
    "transitive_session_tags",
    "source_identity",
    "credential_process",
    "mfa_process",
  ];
  const text = `[p]\n${keys.map((k) => `${k.toUpperCase()} = v-${k}`).join("\n")}\n` +
    "duration_seconds = 60\nparent_profile = ignored\naws_access_key_id = ignored\n";
  const section = readProfileSection(parseIni(text, "/c"), "p", "p");
  assert.equal(Object.keys(section).length, keys.length + 2);
  assert.equal(section.ssoStartUrl, "v-sso_start_url");
  assert.equal(section.webIdentityTokenProcess, "v-web_identity_token_process");
  assert.equal(section.endpointUrl, "v-endpoint_url");
  assert.equal(section.mfaProcess, "v-mfa_process");
  assert.equal(section.durationSeconds, 60);
});
