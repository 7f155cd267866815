import { assert, assertEquals, assertMatch, assertStringIncludes } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

sandboxTest(
  "add --env stores the keys, prints aws-vault's message and appends the profile",
  async (s) => {
    s.writeConfig("[default]\nregion = eu-west-1\n");
    const r = await s.run(["add", "--env", "work"], { env: KEYS });
    assertEquals(r.stderr, "");
    assertEquals(r.stdout, 'Added credentials to profile "work" in vault\n');
    assertEquals(r.code, 0);
    assertEquals(s.keyFiles(), ["work"]);
    assertEquals(Deno.statSync(`${s.keysDir}/work`).mode! & 0o777, 0o600);
    assertEquals(Deno.statSync(s.keysDir).mode! & 0o777, 0o700);
    assertEquals(
      Deno.readTextFileSync(s.configPath),
      "[default]\nregion = eu-west-1\n\n[profile work]\n",
    );
    const list = await s.run(["list", "--credentials"]);
    assertEquals(list.stdout, "work\n");
  },
);

sandboxTest("add --no-add-config leaves the config file alone", async (s) => {
  s.writeConfig("[default]\nregion = eu-west-1\n");
  const r = await s.run(["add", "--env", "--no-add-config", "work"], { env: KEYS });
  assertEquals(r.code, 0);
  assertEquals(Deno.readTextFileSync(s.configPath), "[default]\nregion = eu-west-1\n");
});

sandboxTest(
  "add creates a missing ~/.aws/config (0700 directory) before adding the profile",
  async (s) => {
    const r = await s.run(["add", "--env", "default"], { env: KEYS });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(Deno.readTextFileSync(s.configPath), "[default]\n");
    assertEquals(Deno.statSync(`${s.home}/.aws`).mode! & 0o777, 0o700);
  },
);

sandboxTest("add --env without the variables names the missing one", async (s) => {
  const r = await s.run(["add", "--env", "work"], { env: { AWS_ACCESS_KEY_ID: "AKIA1" } });
  assertEquals(r.code, 1);
  assertEquals(r.stderr, "aws-vault: error: add: Missing value for AWS_SECRET_ACCESS_KEY\n");
  assertEquals(s.keyFiles(), []);
});

sandboxTest("add refuses a profile with a source_profile", async (s) => {
  s.writeConfig(
    "[profile base]\n[profile role]\nsource_profile = base\nrole_arn = arn:aws:iam::1:role/r\n",
  );
  const r = await s.run(["add", "--env", "role"], { env: KEYS });
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: add: Your profile has a source_profile of base, adding credentials to role won't have any effect\n",
  );
  assertEquals(s.keyFiles(), []);
});

sandboxTest("add without a terminal and without --env fails at once with advice", async (s) => {
  const r = await s.run(["add", "work"]);
  assertEquals(r.code, 1);
  assertEquals(r.stdout, "");
  assertStringIncludes(
    r.stderr,
    "aws-vault: error: add: Cannot ask for the access key: no terminal is available",
  );
  assertStringIncludes(r.stderr, "--env");
  assertEquals(r.stderr.split("\n").length, 2);
  assertEquals(s.keyFiles(), []);
});

sandboxTest("add prompts on the terminal: access key echoed, secret hidden", async (s) => {
  const r = await s.runPty(["add", "work"], [
    ["Enter Access Key ID: ", "AKIAPTYEXAMPLE000001"],
    ["Enter Secret Access Key: ", "ptySecretValue"],
  ]);
  assertEquals(r.code, 0, r.stdout);
  assertStringIncludes(r.stdout, "AKIAPTYEXAMPLE000001");
  assert(!r.stdout.includes("ptySecretValue"), "the secret was echoed");
  assertStringIncludes(r.stdout, 'Added credentials to profile "work" in vault');
  const exp = await s.run(["export", "--no-session", "--format=env", "work"]);
  assertEquals(
    exp.stdout,
    "AWS_ACCESS_KEY_ID=AKIAPTYEXAMPLE000001\nAWS_SECRET_ACCESS_KEY=ptySecretValue\n",
  );
});

sandboxTest(
  "the file passphrase is asked once on the terminal when the variable is unset",
  async (s) => {
    const r = await s.runPty(
      ["add", "--env", "work"],
      [["Enter passphrase to unlock ", "typed-passphrase"]],
      { env: { ...KEYS, AWS_VAULT_FILE_PASSPHRASE: undefined } },
    );
    assertEquals(r.code, 0, r.stdout);
    assertStringIncludes(r.stdout, `Enter passphrase to unlock "${s.keysDir}/": `);
    assert(!r.stdout.includes("typed-passphrase"), "the passphrase was echoed");
    const ok = await s.run(["export", "--no-session", "work"], {
      env: { AWS_VAULT_FILE_PASSPHRASE: "typed-passphrase" },
    });
    assertEquals(ok.code, 0, ok.stderr);
  },
);

sandboxTest("no passphrase and no terminal: a clear error, not a hang", async (s) => {
  await s.run(["add", "--env", "work"], { env: KEYS });
  const r = await s.run(["export", "--no-session", "work"], {
    env: { AWS_VAULT_FILE_PASSPHRASE: undefined },
  });
  assertEquals(r.code, 1);
  assertEquals(r.stdout, "");
  assertMatch(
    r.stderr,
    /^aws-vault: error: export: Failed to get credentials for work: Cannot ask for the passphrase .*AWS_VAULT_FILE_PASSPHRASE.*\n$/,
  );
});

sandboxTest("list prints aws-vault's table with credentials, orphans and sessions", async (s) => {
  s.writeConfig(
    "[default]\nregion = eu-central-1\n\n[profile demo]\nmfa_serial = arn:aws:iam::123456789012:mfa/demo-user\n\n" +
      "[profile demo/slash]\n\n[profile other]\n",
  );
  s.copyFixtureKeys();
  await s.run(["add", "--env", "--no-add-config", "orphan"], { env: KEYS });
  const label = (await s.run(["list", "--sessions"])).stdout.trim();
  assertMatch(label, /^sts\.GetSessionToken:-?(\d+h)?(\d+m)?\d+s$/);
  const r = await s.run(["list"]);
  assertEquals(r.code, 0, r.stderr);
  // The label may have moved on by a second between the two runs; compare its column loosely.
  const third = Math.max(25, label.length + 2);
  const row = (a: string, b: string, c: string) => a.padEnd(25) + b.padEnd(25) + c.padEnd(third);
  const lines = r.stdout.split("\n");
  assertEquals(lines.slice(0, 3), [
    row("Profile", "Credentials", "Sessions"),
    row("=======", "===========", "========"),
    row("default", "-", "-"),
  ]);
  assertMatch(lines[3], /^demo {21}demo {21}sts\.GetSessionToken:-?[0-9hms]+ +$/);
  assertEquals(lines.slice(4), [
    row("demo/slash", "demo/slash", "-"),
    row("other", "-", "-"),
    row("-", "orphan", "-"),
    "",
  ]);
});

sandboxTest("list --profiles, --credentials and --sessions print one name per line", async (s) => {
  s.writeConfig("[profile b]\n[profile a]\n[sso-session x]\nsso_start_url = https://x\n[foo]\n");
  s.copyFixtureKeys();
  assertEquals((await s.run(["list", "--profiles"])).stdout, "b\na\n");
  assertEquals((await s.run(["ls", "--credentials"])).stdout, "demo\ndemo/slash\n");
  assertMatch((await s.run(["list", "--sessions"])).stdout, /^sts\.GetSessionToken:-?[0-9hms]+\n$/);
  assertEquals((await s.run(["list", "--credentials", "--profiles"])).stdout, "demo\ndemo/slash\n");
});

sandboxTest("list never asks for the passphrase", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["list", "--credentials"], {
    env: { AWS_VAULT_FILE_PASSPHRASE: undefined },
  });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout, "demo\ndemo/slash\n");
});

sandboxTest("remove -f deletes the credentials but leaves sessions alone", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["remove", "-f", "demo"]);
  assertEquals(r.stdout, "Deleted credentials.\n");
  assertEquals(r.code, 0);
  assertEquals(s.keyFiles(), [
    "demo%2Fslash",
    "sts.GetSessionToken,ZGVtbw,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvZGVtby11c2Vy,1795452751",
  ]);
});

sandboxTest("remove asks y/N on the terminal and only 'y' or 'yes' deletes", async (s) => {
  s.copyFixtureKeys();
  const no = await s.runPty(["rm", "demo"], [[
    'Delete credentials for profile "demo"? (y|N) ',
    "n",
  ]]);
  assertEquals(no.code, 0);
  assert(s.keyFiles().includes("demo"));
  const yes = await s.runPty(["rm", "demo"], [[
    'Delete credentials for profile "demo"? (y|N) ',
    "YES",
  ]]);
  assertEquals(yes.code, 0);
  assertStringIncludes(yes.stdout, "Deleted credentials.");
  assert(!s.keyFiles().includes("demo"));
});

sandboxTest("remove of a profile with no stored credentials is a one-line error", async (s) => {
  const r = await s.run(["remove", "-f", "ghost"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    'aws-vault: error: remove: No credentials are stored for profile "ghost"\n',
  );
});

sandboxTest("remove without -f and without a terminal fails instead of waiting", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["remove", "demo"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "--force");
  assert(s.keyFiles().includes("demo"));
});

sandboxTest("remove --sessions-only deletes only that profile's sessions", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["remove", "--sessions-only", "demo"]);
  assertEquals(r.stdout, "Deleted 1 sessions.\n");
  assertEquals(s.keyFiles(), ["demo", "demo%2Fslash"]);
});

sandboxTest("add deletes the profile's existing sessions and says so", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["add", "--env", "--no-add-config", "demo"], { env: KEYS });
  assertEquals(
    r.stdout,
    'Added credentials to profile "demo" in vault\nDeleted 1 existing sessions.\n',
  );
  assertEquals(s.keyFiles(), ["demo", "demo%2Fslash"]);
});

sandboxTest(
  "clear removes all sessions and prints the count; clear <profile> only that profile's",
  async (s) => {
    s.copyFixtureKeys();
    assertEquals((await s.run(["clear", "other"])).stdout, "Cleared 0 sessions.\n");
    assertEquals((await s.run(["clear"])).stdout, "Cleared 1 sessions.\n");
    assertEquals(s.keyFiles(), ["demo", "demo%2Fslash"]);
  },
);

sandboxTest("two add processes writing different profiles at once both land", async (s) => {
  const names = ["p1", "p2", "p3", "p4"];
  const results = await Promise.all(
    names.map((n) => s.run(["add", "--env", "--no-add-config", n], { env: KEYS })),
  );
  for (const r of results) assertEquals(r.code, 0, r.stderr);
  assertEquals(s.keyFiles(), names);
  for (const n of names) {
    const r = await s.run(["export", "--no-session", "--format=json", n]);
    assertStringIncludes(r.stdout, '"AccessKeyId": "AKIAE2EEXAMPLE000001"');
  }
});

sandboxTest("profile names with / % spaces commas colons and non-ASCII round-trip", async (s) => {
  const names = ["team/prod", "100%", "my profile", "a,b", "c:d", "prøduction-日本"];
  for (const n of names) {
    const r = await s.run(["add", "--env", n], { env: KEYS });
    assertEquals(r.code, 0, `${n}: ${r.stderr}`);
  }
  assertEquals(s.keyFiles(), [
    "100%25",
    "a,b",
    "c:d",
    "my profile",
    "prøduction-日本",
    "team%2Fprod",
  ]);
  const creds = (await s.run(["list", "--credentials"])).stdout.trim().split("\n").sort();
  assertEquals(creds, [...names].sort());
  for (const n of names) {
    const r = await s.run(["export", "--no-session", "--format=ini", n]);
    assertEquals(
      r.stdout,
      `[${n}]\naws_access_key_id=AKIAE2EEXAMPLE000001\naws_secret_access_key=e2eSecret/with+chars=\n`,
    );
  }
  const profiles = (await s.run(["list", "--profiles"])).stdout;
  assertEquals(profiles, names.map((n) => n + "\n").join(""));
});
