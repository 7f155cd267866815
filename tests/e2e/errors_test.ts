import { assert, assertEquals, assertMatch, assertStringIncludes } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  try {
    for (const e of Deno.readDirSync(dir)) out[e.name] = Deno.readTextFileSync(`${dir}/${e.name}`);
  } catch {
    // no directory yet
  }
  return out;
}

function assertOneLineError(stderr: string) {
  assertEquals(stderr.split("\n").length, 2, `expected one line, got ${JSON.stringify(stderr)}`);
  assert(!/\n\s+at /.test(stderr) && !stderr.includes("Stack"), "stack trace printed");
}

sandboxTest("no arguments prints usage to stderr and exits 0", async (s) => {
  const r = await s.run([]);
  assertEquals(r.code, 0);
  assertEquals(r.stdout, "");
  assertStringIncludes(r.stderr, "usage: aws-vault [<flags>] <command> [<args> ...]");
});

sandboxTest("--version prints the version to stderr and exits 0", async (s) => {
  const r = await s.run(["--version"]);
  assertEquals(r.code, 0);
  assertEquals(r.stdout, "");
  assertMatch(r.stderr, /^v?\d+\.\d+\.\d+\S*\n$/);
});

sandboxTest("--help for the app and for a command goes to stderr like kingpin's", async (s) => {
  const app = await s.run(["--help"]);
  assertEquals(app.code, 0);
  assertEquals(app.stdout, "");
  assertStringIncludes(app.stderr, "exec [<flags>] <profile> [<cmd>] [<args>...]");
  const exec = await s.run(["exec", "--help"]);
  assertEquals(exec.code, 0);
  assertStringIncludes(
    exec.stderr,
    "usage: aws-vault exec [<flags>] <profile> [<cmd>] [<args>...]",
  );
  assertStringIncludes(exec.stderr, "--[no-]no-session");
  const help = await s.run(["help", "export"]);
  assertStringIncludes(help.stderr, "usage: aws-vault export [<flags>] <profile>");
});

sandboxTest("an unknown flag is a usage error in kingpin's shape", async (s) => {
  const r = await s.run(["list", "--bogus"]);
  assertEquals(r.code, 1);
  assertEquals(r.stderr, "aws-vault: error: unknown long flag '--bogus', try --help\n");
  const short = await s.run(["exec", "p", "ls", "-la"]);
  assertEquals(short.stderr, "aws-vault: error: unknown short flag '-l', try --help\n");
  const missing = await s.run(["exec"]);
  assertEquals(
    missing.stderr,
    "aws-vault: error: required argument 'profile' not provided, try --help\n",
  );
  const cmd = await s.run(["frobnicate"]);
  assertEquals(cmd.stderr, 'aws-vault: error: expected command but got "frobnicate", try --help\n');
});

sandboxTest("global flags work after the command and --no-<flag> negates booleans", async (s) => {
  s.writeConfig("[default]\n");
  const r = await s.run(["add", "--env", "--no-add-config", "--no-debug", "work"], { env: KEYS });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stderr, "");
  assertEquals(Deno.readTextFileSync(s.configPath), "[default]\n");
  const debug = await s.run(["list", "--credentials", "--debug"]);
  assertMatch(debug.stderr, /aws-vault v/);
  const repeated = await s.run(["list", "--debug", "--no-debug"]);
  assertEquals(repeated.stderr, "aws-vault: error: flag 'debug' cannot be repeated, try --help\n");
});

sandboxTest(
  "AWS_VAULT_FILE_DIR chooses the file backend directory and ~/ is expanded",
  async (s) => {
    const r = await s.run(["add", "--env", "--no-add-config", "work"], {
      env: { ...KEYS, AWS_VAULT_FILE_DIR: "~/custom-keys" },
    });
    assertEquals(r.code, 0, r.stderr);
    assertEquals([...Deno.readDirSync(`${s.home}/custom-keys`)].map((e) => e.name), ["work"]);
    const flag = await s.run(["list", "--credentials", "--file-dir", `${s.home}/custom-keys`]);
    assertEquals(flag.stdout, "work\n");
  },
);

sandboxTest("a wrong passphrase is a one-line error and changes nothing on disk", async (s) => {
  s.copyFixtureKeys();
  const before = snapshot(s.keysDir);
  const r = await s.run(["export", "--no-session", "demo"], {
    env: { AWS_VAULT_FILE_PASSPHRASE: "wrong" },
  });
  assertEquals(r.code, 1);
  assertEquals(r.stdout, "");
  assertStringIncludes(r.stderr, "aws-vault: error: export: ");
  assertStringIncludes(r.stderr, "aes.KeyUnwrap(): integrity check failed.");
  assertOneLineError(r.stderr);
  const add = await s.run(["add", "--env", "--no-add-config", "other"], {
    env: { ...KEYS, AWS_VAULT_FILE_PASSPHRASE: "fixture-passphrase" },
  });
  assertEquals(add.code, 0);
  const after = snapshot(s.keysDir);
  delete after.other;
  assertEquals(after, before);
});

sandboxTest(
  "a truncated key file fails alone: other keys still read and list still works",
  async (s) => {
    s.copyFixtureKeys();
    const env = { AWS_VAULT_FILE_PASSPHRASE: "fixture-passphrase" };
    const path = `${s.keysDir}/demo`;
    const text = Deno.readTextFileSync(path);
    Deno.writeTextFileSync(path, text.slice(0, text.length / 2));
    const bad = await s.run(["export", "-n", "demo"], { env });
    assertEquals(bad.code, 1);
    assertStringIncludes(bad.stderr, '"demo"');
    assertOneLineError(bad.stderr);
    const good = await s.run(["export", "-n", "demo/slash"], { env });
    assertEquals(good.code, 0, good.stderr);
    const list = await s.run(["list", "--credentials"]);
    assertEquals(list.stdout, "demo\ndemo/slash\n");
    assertEquals(Deno.readTextFileSync(path), text.slice(0, text.length / 2));
  },
);

sandboxTest("a malformed config line names the file and line", async (s) => {
  s.writeConfig("[profile ok]\nregion = eu-west-1\nthis line is wrong\n");
  const r = await s.run(["list"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, `"${s.configPath}" line 3`);
  assertOneLineError(r.stderr);
});

sandboxTest("an unknown profile is a clear error naming it", async (s) => {
  s.writeConfig("[profile known]\n");
  const r = await s.run(["export", "-n", "ghost"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "ghost");
  assertOneLineError(r.stderr);
});

sandboxTest("an include_profile loop is reported with aws-vault's message", async (s) => {
  s.writeConfig("[profile a]\ninclude_profile = b\n[profile b]\ninclude_profile = a\n");
  const r = await s.run(["export", "-n", "a"]);
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "Loop detected in config file for profile 'a'");
  assertOneLineError(r.stderr);
});

sandboxTest("--debug shows the cause chain but still never a secret", async (s) => {
  s.copyFixtureKeys();
  const r = await s.run(["--debug", "export", "-n", "demo"], {
    env: { AWS_VAULT_FILE_PASSPHRASE: "wrong" },
  });
  assertEquals(r.code, 1);
  assertStringIncludes(r.stderr, "aes.KeyUnwrap(): integrity check failed.");
  assert(!r.stderr.includes("demoSecretKey"), "secret leaked");
});

sandboxTest("an unknown --backend is refused", async (s) => {
  const r = await s.run(["list", "--backend", "nope"]);
  assertEquals(r.code, 1);
  assertMatch(
    r.stderr,
    /^aws-vault: error: enum value must be one of [a-z,-]+, got 'nope', try --help\n$/,
  );
});
