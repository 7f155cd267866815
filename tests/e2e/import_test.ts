/**
 * `aws-vault import` end to end: keys move from the shared credentials file into the
 * vault (read back by `export --no-session`), the file is rewritten without them after a
 * 0600 backup, and nothing changes on a dry run, with --keep, or when a store fails.
 */

import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { type CliSandbox, sandboxTest } from "../helpers/cli.ts";

const A = { id: "AKIAIMPORTEXAMPLE001", secret: "importSecret/A+1=" };
const B = { id: "AKIAIMPORTEXAMPLE002", secret: "importSecret/B+2=" };

const CREDENTIALS = "# my keys\n[default]\naws_access_key_id = " + A.id +
  "\naws_secret_access_key = " + A.secret + "\nregion = eu-west-1 # kept\n\n" +
  "[temp]\naws_access_key_id = ASIATEMPEXAMPLE00001\naws_secret_access_key = tempSecret\n" +
  "aws_session_token = tempToken\n\n" +
  "[work]\naws_access_key_id = " + B.id + "\naws_secret_access_key = " + B.secret + "\n";

const CONFIG = "[profile work]\nregion = us-east-1\n";

function credentialsPath(s: CliSandbox): string {
  return `${s.home}/.aws/credentials`;
}

function setUp(s: CliSandbox, credentials = CREDENTIALS): void {
  s.writeConfig(CONFIG);
  Deno.writeTextFileSync(credentialsPath(s), credentials, { mode: 0o640 });
  Deno.chmodSync(credentialsPath(s), 0o640);
}

/** The backups next to the credentials file. */
function backups(s: CliSandbox): string[] {
  return [...Deno.readDirSync(`${s.home}/.aws`)].map((e) => e.name)
    .filter((n) => n.startsWith("credentials.aws-vault-backup-")).sort();
}

async function exported(s: CliSandbox, profile: string) {
  const r = await s.run(["export", "--no-session", "--format=json", profile]);
  assertEquals(r.stderr, "");
  const { AccessKeyId, SecretAccessKey } = JSON.parse(r.stdout);
  return { id: AccessKeyId, secret: SecretAccessKey };
}

/** Every file below the sandbox's home, with its bytes. */
function snapshot(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const e of Deno.readDirSync(dir)) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory) snapshot(path, out);
    else out[path] = Deno.readTextFileSync(path);
  }
  return out;
}

sandboxTest("import moves every profile's keys into the vault and rewrites the file", async (s) => {
  setUp(s);
  const r = await s.run(["import"]);
  assertEquals(
    r.stderr,
    'Skipping profile "temp": it holds a session token (temporary credentials are not imported)\n',
  );
  const lines = r.stdout.split("\n");
  const [backup] = backups(s);
  assertMatch(backup, /^credentials\.aws-vault-backup-\d{8}T\d{6}Z$/);
  assertEquals(lines, [
    'Added credentials to profile "default" in vault',
    `Added [default] to "${s.configPath}"`,
    'Added credentials to profile "work" in vault',
    `Removed the keys of profiles "default", "work" from "${credentialsPath(s)}"; ` +
    `the original is saved as "${s.home}/.aws/${backup}"`,
    "",
  ]);
  assertEquals(r.code, 0);
  // The backup: the original bytes, mode 0600.
  assertEquals(Deno.readTextFileSync(`${s.home}/.aws/${backup}`), CREDENTIALS);
  assertEquals(Deno.statSync(`${s.home}/.aws/${backup}`).mode! & 0o777, 0o600);
  // The file: everything else kept, its mode too; the config gained [default] only.
  assertEquals(
    Deno.readTextFileSync(credentialsPath(s)),
    "# my keys\n[default]\nregion = eu-west-1 # kept\n\n[temp]\n" +
      "aws_access_key_id = ASIATEMPEXAMPLE00001\naws_secret_access_key = tempSecret\n" +
      "aws_session_token = tempToken\n\n",
  );
  assertEquals(Deno.statSync(credentialsPath(s)).mode! & 0o777, 0o640);
  assertEquals(Deno.readTextFileSync(s.configPath), CONFIG + "\n[default]\n");
  // The keys work from the vault.
  assertEquals(await exported(s, "default"), A);
  assertEquals(await exported(s, "work"), B);
  // Nothing is left to import; a second import writes no second backup.
  const again = await s.run(["import"]);
  assertEquals(again.stdout, `Nothing to import from "${credentialsPath(s)}"\n`);
  assertEquals(backups(s).length, 1);
});

sandboxTest(
  "import of named profiles; a missing name is refused before anything changes",
  async (s) => {
    setUp(s);
    const missing = await s.run(["import", "work", "nope", "temp2"]);
    assertEquals(
      missing.stderr,
      `aws-vault: error: import: No long-term keys for profiles "nope", "temp2" in "${
        credentialsPath(s)
      }"\n`,
    );
    assertEquals(missing.code, 1);
    assertEquals(Deno.readTextFileSync(credentialsPath(s)), CREDENTIALS);
    assertEquals(s.keyFiles(), []);

    const r = await s.run(["import", "work"]);
    assertEquals(r.stderr, "");
    assertEquals(r.code, 0);
    // [profile work] was there already: the config is unchanged.
    assertEquals(Deno.readTextFileSync(s.configPath), CONFIG);
    assertEquals(s.keyFiles(), ["work"]);
    const text = Deno.readTextFileSync(credentialsPath(s));
    assertEquals(text, CREDENTIALS.slice(0, CREDENTIALS.indexOf("[work]")));
  },
);

sandboxTest("import --dry-run says what would happen and changes no byte", async (s) => {
  setUp(s);
  const before = snapshot(s.home);
  const r = await s.run(["import", "--dry-run"]);
  const lines = r.stdout.split("\n");
  assertEquals(lines.slice(0, 3), [
    'Would add credentials to profile "default" in vault',
    `Would add [default] to "${s.configPath}"`,
    'Would add credentials to profile "work" in vault',
  ]);
  assertMatch(
    lines[3],
    /^Would remove the keys of profiles "default", "work" from ".*\/credentials" and save the original as ".*\/credentials\.aws-vault-backup-\d{8}T\d{6}Z"$/,
  );
  assertEquals(lines.slice(4), ["No changes made.", ""]);
  assertEquals(r.code, 0);
  assertEquals(snapshot(s.home), before);
});

sandboxTest("import --keep stores the keys and leaves the file alone", async (s) => {
  setUp(s);
  const r = await s.run(["import", "--keep", "default"]);
  assertEquals(r.stdout.split("\n").at(-2), `Left "${credentialsPath(s)}" as it was (--keep)`);
  assertEquals(r.code, 0);
  assertEquals(Deno.readTextFileSync(credentialsPath(s)), CREDENTIALS);
  assertEquals(backups(s), []);
  assertEquals(await exported(s, "default"), A);
  // The same keys again: already in vault, and now removed from the file.
  const again = await s.run(["import", "default"]);
  assertEquals(
    again.stdout.split("\n")[0],
    'Credentials for profile "default" are already in vault',
  );
  assertEquals(again.code, 0);
  assert(!Deno.readTextFileSync(credentialsPath(s)).includes(A.id));
});

sandboxTest("import skips other credentials already in vault unless --overwrite", async (s) => {
  setUp(s);
  await s.storeKeys("work");
  const r = await s.run(["import", "work"]);
  assertEquals(
    r.stderr,
    'Skipping profile "work": the vault holds other credentials for it (--overwrite replaces them)\n',
  );
  assertEquals(r.stdout, `Nothing to import from "${credentialsPath(s)}"\n`);
  assertEquals(Deno.readTextFileSync(credentialsPath(s)), CREDENTIALS);
  const over = await s.run(["import", "--overwrite", "work"]);
  assertEquals(over.code, 0, over.stderr);
  assertEquals(await exported(s, "work"), B);
});

sandboxTest(
  "a failing store leaves the credentials file untouched and says what was stored",
  async (s) => {
    // The file backend cannot store a name longer than a file name may be.
    const long = "p".repeat(300);
    setUp(s, CREDENTIALS + `[${long}]\naws_access_key_id = AKIALONG\naws_secret_access_key = x\n`);
    const r = await s.run(["import"]);
    assertEquals(r.code, 1);
    const err = r.stderr.split("\n").filter((l) => l.startsWith("aws-vault: error:"));
    assertEquals(err.length, 1, r.stderr);
    assertMatch(
      err[0],
      new RegExp(
        `^aws-vault: error: import: Cannot import profile "${long}": .*; "${
          credentialsPath(s)
        }" was not changed \\(the copies stored for profiles "default", "work" stay in vault\\)$`,
      ),
    );
    assert(!r.stderr.includes("importSecret") && !r.stdout.includes("importSecret"));
    assertEquals(Deno.readTextFileSync(credentialsPath(s)).startsWith(CREDENTIALS), true);
    assertEquals(backups(s), []);
    assertEquals(await exported(s, "work"), B);
  },
);

sandboxTest("import keeps a symlinked credentials file a link and writes its target", async (s) => {
  s.writeConfig(CONFIG);
  const target = `${s.root}/dotfiles/credentials`;
  Deno.mkdirSync(`${s.root}/dotfiles`);
  Deno.writeTextFileSync(target, CREDENTIALS, { mode: 0o600 });
  const link = `${s.home}/creds-link`;
  Deno.symlinkSync(target, link);
  const r = await s.run(["import", "work"], { env: { AWS_SHARED_CREDENTIALS_FILE: link } });
  assertEquals(r.code, 0, r.stderr);
  assert(Deno.lstatSync(link).isSymlink);
  assertEquals(Deno.readTextFileSync(target), CREDENTIALS.slice(0, CREDENTIALS.indexOf("[work]")));
  const backup = [...Deno.readDirSync(s.home)].find((e) => e.name.startsWith("creds-link.aws-"));
  assertEquals(Deno.readTextFileSync(`${s.home}/${backup!.name}`), CREDENTIALS);
});

sandboxTest("import --debug narrates and never shows a secret", async (s) => {
  setUp(s);
  const r = await s.run(["--debug", "import"]);
  assertEquals(r.code, 0);
  for (const secret of [A.secret, B.secret, "tempSecret", "tempToken"]) {
    assert(!r.stderr.includes(secret) && !r.stdout.includes(secret), secret);
  }
  for (
    const line of [
      `Reading credentials file ${credentialsPath(s)}`,
      "Storing the credentials of profile work in vault",
      "Read back the credentials of profile work: they match",
      "Writing a backup of",
    ]
  ) {
    assert(r.stderr.includes(line), line);
  }
});

sandboxTest("import without a credentials file is one error line", async (s) => {
  const r = await s.run(["import"]);
  assertEquals(
    r.stderr,
    `aws-vault: error: import: Cannot read "${credentialsPath(s)}": no such file\n`,
  );
  assertEquals(r.code, 1);
});
