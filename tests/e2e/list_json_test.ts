/**
 * `aws-vault list --json` through the real CLI: profiles with and without
 * stored credentials, their sessions, orphan credentials and sessions, an
 * empty vault, and `--json` with the name-list flags. Only key names are read
 * (no passphrase is given).
 */

import { encodeFileName } from "../../backends/file_names.ts";
import { assertEquals } from "../helpers/assert.ts";
import { sessionKey } from "../helpers/aws_vault_items.ts";
import { sandboxTest } from "../helpers/cli.ts";

const NO_PASSPHRASE = { AWS_VAULT_FILE_PASSPHRASE: undefined };

sandboxTest("list --json prints [] when there is nothing", async (s) => {
  const r = await s.run(["list", "--json"], { env: NO_PASSPHRASE });
  assertEquals([r.code, r.stdout, r.stderr], [0, "[]\n", ""]);
});

sandboxTest("list --json: profiles, credentials and sessions, in the table's order", async (s) => {
  s.writeConfig(
    "[profile work]\n\n[profile role]\nsource_profile = work\n\n[default]\nregion = eu-west-1\n",
  );
  await s.storeKeys("work");
  await s.storeKeys("orphan");
  const expiry = new Date(Date.UTC(2031, 0, 2, 3, 4, 5));
  const expired = new Date(Date.UTC(2020, 0, 1));
  for (
    const key of [
      sessionKey("sts.GetSessionToken", "work", "", expiry),
      sessionKey("sts.AssumeRole", "role", "arn:aws:iam::1:mfa/x", expired),
      sessionKey("credential_process", "gone", "", expiry),
      "oidc:https://example.awsapps.com/start",
    ]
  ) {
    Deno.writeTextFileSync(`${s.keysDir}/${encodeFileName(key)}`, "not read");
  }
  const r = await s.run(["list", "--json"], { env: NO_PASSPHRASE });
  assertEquals(r.stderr, "");
  assertEquals(r.code, 0);
  assertEquals(JSON.parse(r.stdout), [
    {
      profile: "work",
      credentials: "work",
      sessions: [{ type: "sts.GetSessionToken", expires: "2031-01-02T03:04:05Z" }],
    },
    {
      profile: "role",
      credentials: null,
      sessions: [{ type: "sts.AssumeRole", expires: "2020-01-01T00:00:00Z" }],
    },
    { profile: "default", credentials: null, sessions: [] },
    { profile: "orphan", credentials: "orphan", sessions: [] },
    {
      profile: "gone",
      credentials: null,
      sessions: [{ type: "credential_process", expires: "2031-01-02T03:04:05Z" }],
    },
  ]);
  // Two-space indents, keys in a fixed order.
  assertEquals(
    r.stdout.split("\n").slice(0, 5).join("\n"),
    '[\n  {\n    "profile": "work",\n    "credentials": "work",\n    "sessions": [',
  );
});

sandboxTest("list --json refuses the name-list flags, and --help shows it", async (s) => {
  const help = await s.run(["list", "--help"]);
  // kingpin prints help on standard error.
  assertEquals(help.stderr.includes("--[no-]json"), true, help.stderr);
  for (const flag of ["--profiles", "--sessions", "--credentials"]) {
    const r = await s.run(["list", "--json", flag]);
    assertEquals(r.stdout, "");
    assertEquals(
      r.stderr,
      "aws-vault: error: --json cannot be combined with --profiles, --sessions or --credentials, try --help\n",
    );
    assertEquals(r.code === 0, false, flag);
  }
});
