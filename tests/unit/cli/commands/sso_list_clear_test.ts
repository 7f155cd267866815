/**
 * SSO OIDC tokens in `list` and `clear` (spec §3.3, §3.7): aws-vault 7.2
 * lists every token as `oidc:<start URL>`, tokens before sessions, and never
 * on a profile's row (its check compares the start URL with prefixed keys);
 * ByteNess fixed that with the label `oidc:<sso-session name>` or
 * `oidc:<start URL host>` on every profile whose section leads to the token.
 * `clear <profile>` removes the token its start URL names.
 */

import { assertEquals } from "../../../helpers/assert.ts";
import { commandWorld } from "./command_helpers.ts";
import { runList } from "../../../../src/cli/commands/list.ts";
import { runClear } from "../../../../src/cli/commands/clear.ts";
import { SessionStore } from "../../../../src/store/session_store.ts";
import { OidcTokenStore } from "../../../../src/store/oidc_token_store.ts";
import {
  LEGACY_URL as LEGACY,
  SSO_CONFIG,
  START_URL as CORP,
} from "../../../helpers/sso_sandbox.ts";

const OTHER = "https://other.awsapps.com/start";

async function world() {
  const w = commandWorld({ config: SSO_CONFIG });
  const now = w.clock.now();
  const later = new Date(now.getTime() + 3600_000);
  const tokens = new OidcTokenStore(w.keyring);
  for (const url of [CORP, LEGACY, OTHER]) {
    await tokens.set(url, { accessToken: "t", expiration: later }, now);
  }
  const creds = { accessKeyId: "ASIA", secretAccessKey: "S", sessionToken: "T", expiration: later };
  const sessions = new SessionStore(w.keyring);
  await sessions.set("sso.GetRoleCredentials", "dev", CORP, creds);
  await sessions.set("sts.GetSessionToken", "gone", "", creds);
  return w;
}

Deno.test("list --sessions: OIDC tokens first, as oidc:<start URL>, then sessions", async () => {
  const w = await world();
  await runList(w.ctx, { credentials: false, profiles: false, sessions: true });
  assertEquals(
    w.stdout.text,
    `oidc:${CORP}\noidc:${LEGACY}\noidc:${OTHER}\n` +
      "sso.GetRoleCredentials:1h0m0s\nsts.GetSessionToken:1h0m0s\n",
  );
});

Deno.test("list: a token shows on each profile whose section leads to it; others are orphans", async () => {
  const w = await world();
  await runList(w.ctx, { credentials: false, profiles: false, sessions: false });
  const rows = w.stdout.text.split("\n").map((l) => l.trimEnd().split(/\s{2,}/));
  assertEquals(rows.slice(2, -1), [
    ["dev", "-", "oidc:corp, sso.GetRoleCredentials:1h0m0s"],
    ["admin", "-", "oidc:corp"],
    ["legacy", "-", "oidc:legacy.awsapps.com"],
    ["target", "-", "-"],
    ["-", "-", `oidc:${OTHER}`],
    ["-", "-", "sts.GetSessionToken:1h0m0s"],
  ]);
});

Deno.test("clear <profile>: its sessions and the token of its start URL, through its sso-session", async () => {
  const w = await world();
  assertEquals(await runClear(w.ctx, { profile: "dev" }), 0);
  assertEquals(w.stdout.text, "Cleared 2 sessions.\n");
  const tokens = new OidcTokenStore(w.keyring);
  assertEquals(await tokens.get(CORP), undefined);
  assertEquals((await tokens.get(LEGACY))?.accessToken, "t");
});
