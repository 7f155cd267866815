/**
 * `add` and the config file, end to end: names that cannot round-trip are
 * refused before anything is written, parallel `add` processes keep every
 * section, and a symlinked config stays a symlink.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

const ORIGINAL = "# notes\n[default]\nregion = eu-west-1   # keep\n";

sandboxTest("add refuses names that cannot round-trip and writes nothing", async (s) => {
  const cases: Array<[string, string]> = [
    ["a\nb", 'Cannot add profile "a\\nb": name contains "\\n"'],
    ["a]b", 'Cannot add profile "a]b": name contains "]"'],
    ["a[b", 'Cannot add profile "a[b": name contains "["'],
    ["a\x01b", 'Cannot add profile "a\\x01b": name contains "\\x01"'],
    [" a", 'Cannot add profile " a": name starts with " "'],
    ["a\t", 'Cannot add profile "a\\t": name contains "\\t"'],
    ["", 'Cannot add profile "": name is empty'],
    [
      "sts.GetSessionToken,cA,,1",
      'Cannot add profile "sts.GetSessionToken,cA,,1": name has the form of a cached session key',
    ],
    [
      "oidc:https://x.awsapps.com/start",
      'Cannot add profile "oidc:https://x.awsapps.com/start": name has the form of an SSO token key',
    ],
    [
      ".p.tmp-1-0123456789ab",
      'Cannot add profile ".p.tmp-1-0123456789ab": name has the form of a temporary file',
    ],
  ];
  // Once without a config file (none may be created), once with one (it must stay as it was).
  for (const withConfig of [false, true]) {
    if (withConfig) s.writeConfig(ORIGINAL);
    const results = await Promise.all(
      cases.map(([name]) => s.run(["add", "--env", name], { env: KEYS })),
    );
    results.forEach((r, i) => {
      const [name, message] = cases[i];
      assertEquals(r.stderr, `aws-vault: error: add: ${message}\n`, JSON.stringify(name));
      assertEquals(r.stdout, "");
      assertEquals(r.code, 1);
    });
    assertEquals(s.keyFiles(), []);
    if (withConfig) assertEquals(Deno.readTextFileSync(s.configPath), ORIGINAL);
    else assertEquals([...Deno.readDirSync(s.home)].map((e) => e.name), []);
  }
});

sandboxTest("parallel add processes keep every section and every other byte", async (s) => {
  s.writeConfig(ORIGINAL);
  const names = Array.from({ length: 32 }, (_, i) => `p${i}`);
  const results = await Promise.all(names.map((n) => s.run(["add", "--env", n], { env: KEYS })));
  for (const r of results) assertEquals(r.code, 0, r.stderr);
  const text = Deno.readTextFileSync(s.configPath);
  assert(text.startsWith(ORIGINAL), text);
  // Each add appends "\n[profile pN]\n" (a blank line, then the header) and nothing else.
  const tail = text.slice(ORIGINAL.length);
  assert(/^(\n\[profile p\d+\]\n)+$/.test(tail), tail);
  const headers = [...tail.matchAll(/\[profile (p\d+)\]/g)].map((m) => m[1]);
  assertEquals(headers.sort(), [...names].sort());
  const listed = (await s.run(["list", "--profiles"])).stdout.trim().split("\n").sort();
  assertEquals(listed, ["default", ...names].sort());
  assertEquals(s.keyFiles(), [...names].sort());
  // The lock lives in the vault's own directory, never next to the config.
  assertEquals([...Deno.readDirSync(`${s.home}/.aws`)].map((e) => e.name), ["config"]);
  const locks = `${s.home}/.awsvault/locks`;
  assertEquals(Deno.statSync(locks).mode! & 0o777, 0o700);
  for (const f of Deno.readDirSync(locks)) {
    assertEquals(Deno.statSync(`${locks}/${f.name}`).size, 0);
  }
});

sandboxTest("parallel add processes starting without a config keep every section", async (s) => {
  const names = Array.from({ length: 16 }, (_, i) => `q${i}`);
  const results = await Promise.all(names.map((n) => s.run(["add", "--env", n], { env: KEYS })));
  for (const r of results) assertEquals(r.code, 0, r.stderr);
  const listed = (await s.run(["list", "--profiles"])).stdout.trim().split("\n").sort();
  assertEquals(listed, [...names].sort());
});

/** A directory for the link's target: on another file system than HOME when there is one. */
function targetDir(home: string): string {
  try {
    const shm = Deno.makeTempDirSync({ dir: "/dev/shm", prefix: "aws-vault-e2e-" });
    if (Deno.statSync(shm).dev !== Deno.statSync(home).dev) return shm;
    Deno.removeSync(shm);
  } catch {
    // No /dev/shm: the target stays on HOME's file system.
  }
  return Deno.makeTempDirSync({ dir: `${home}/..`, prefix: "dotfiles-" });
}

sandboxTest("add writes through a symlinked config to its target, atomically", async (s) => {
  const dir = targetDir(s.home);
  try {
    const target = `${dir}/aws-config`;
    Deno.writeTextFileSync(target, ORIGINAL, { mode: 0o640 });
    Deno.chmodSync(target, 0o640);
    Deno.mkdirSync(`${s.home}/.aws`, { mode: 0o700 });
    Deno.symlinkSync(target, s.configPath);
    const before = Deno.statSync(target).ino;

    const r = await s.run(["add", "--env", "work"], { env: KEYS });
    assertEquals(r.code, 0, r.stderr);

    assert(Deno.lstatSync(s.configPath).isSymlink, "the config is no longer a symlink");
    assertEquals(Deno.readLinkSync(s.configPath), target);
    assertEquals(Deno.readTextFileSync(target), ORIGINAL + "\n[profile work]\n");
    assertEquals(Deno.statSync(target).mode! & 0o777, 0o640);
    // Replaced by a rename (a new inode), from a temporary file in the target's own
    // directory: across file systems a rename from elsewhere would have failed.
    assert(Deno.statSync(target).ino !== before, "the target was rewritten in place");
    assertEquals([...Deno.readDirSync(dir)].map((e) => e.name), ["aws-config"]);
    assertEquals([...Deno.readDirSync(`${s.home}/.aws`)].map((e) => e.name), ["config"]);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

sandboxTest("a relative symlink to a missing config is created at its target", async (s) => {
  Deno.mkdirSync(`${s.home}/dotfiles`);
  Deno.mkdirSync(`${s.home}/.aws`, { mode: 0o700 });
  Deno.symlinkSync("../dotfiles/aws-config", s.configPath);
  const r = await s.run(["add", "--env", "work"], { env: KEYS });
  assertEquals(r.code, 0, r.stderr);
  assert(Deno.lstatSync(s.configPath).isSymlink, "the config is no longer a symlink");
  assertEquals(Deno.readTextFileSync(`${s.home}/dotfiles/aws-config`), "[profile work]\n");
  assertEquals(Deno.statSync(`${s.home}/dotfiles/aws-config`).mode! & 0o777, 0o600);
});
