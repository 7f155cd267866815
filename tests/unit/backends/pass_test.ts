import assert from "node:assert/strict";
import { PassKeyring } from "../../../backends/pass_keyring.ts";
import { openPass, probePass } from "../../../backends/pass.ts";
import {
  compareBytewise,
  goCleanPath,
  passEntryFile,
  passEntryName,
  repairListedKey,
} from "../../../backends/pass_paths.ts";
import { encodeItemJson } from "../../../backends/item_json.ts";
import type { KeyringItem, KeyringOptions } from "../../../backends/types.ts";
import { utf8 } from "../../../src/encoding.ts";
import { KeyringError } from "../../../src/errors.ts";
import {
  ExecutableNotFoundError,
  type RunRequest,
  type RunResult,
} from "../../../src/platform/types.ts";
import { fakeDeps, fakeEnv, FakeProcessRunner, MemoryFs } from "../../helpers/fakes.ts";

const DIR = "/home/u/.password-store";
const QUIET = { enabled: false, debug() {} };

function item(key: string, secret = "s3cret-value"): KeyringItem {
  return {
    key,
    data: utf8(`{"SecretAccessKey":"${secret}"}`),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

function setup(
  handler: (req: RunRequest) => Partial<RunResult> | number = () => 0,
  prefix = "aws-vault",
) {
  const fs = new MemoryFs();
  const proc = new FakeProcessRunner(handler, ["pass"]);
  const env = fakeEnv({ PATH: "/usr/bin", HOME: "/home/u", AWS_SECRET_ACCESS_KEY: "env-secret" });
  const ring = new PassKeyring({ passCmd: "pass", dir: DIR, prefix, proc, fs, env, log: QUIET });
  return { fs, proc, ring };
}

Deno.test("goCleanPath() matches Go's path.Clean", () => {
  const table: [string, string][] = [
    ["", "."],
    ["abc", "abc"],
    ["a/b/c/", "a/b/c"],
    ["./", "."],
    ["../../", "../.."],
    ["/", "/"],
    ["abc//def//ghi", "abc/def/ghi"],
    ["//abc//", "/abc"],
    ["abc/./def", "abc/def"],
    ["/./abc/def", "/abc/def"],
    ["abc/def/ghi/../jkl", "abc/def/jkl"],
    ["abc/def/../..", "."],
    ["/abc/def/../../..", "/"],
    ["abc/def/../../../ghi/jkl/../../../mno", "../../mno"],
    ["abc/../../././../def", "../../def"],
  ];
  for (const [input, want] of table) assert.equal(goCleanPath(input), want, input);
});

Deno.test("passEntryName() joins like filepath.Join, collapsing // and refusing escapes", () => {
  assert.equal(passEntryName("aws-vault", "jonsmith"), "aws-vault/jonsmith");
  assert.equal(
    passEntryName("aws-vault", "oidc:https://x.awsapps.com/start"),
    "aws-vault/oidc:https:/x.awsapps.com/start",
  );
  assert.equal(passEntryName("", "team/prod"), "team/prod");
  assert.equal(passEntryName("p/", "a/../b"), "p/b");
  for (const bad of ["", ".", "..", "../x", "a/../../x", "./"]) {
    assert.throws(
      () => passEntryName("p", bad),
      /does not name a file inside the password store/,
      bad,
    );
  }
  assert.equal(passEntryFile(DIR, "aws-vault/k"), `${DIR}/aws-vault/k.gpg`);
});

Deno.test("repairListedKey() restores // only after an OIDC URL scheme", () => {
  assert.equal(
    repairListedKey("oidc:https:/x.awsapps.com/start"),
    "oidc:https://x.awsapps.com/start",
  );
  assert.equal(repairListedKey("oidc:http:/localhost/start"), "oidc:http://localhost/start");
  assert.equal(repairListedKey("oidc:https://already"), "oidc:https://already");
  assert.equal(repairListedKey("team/https:/x"), "team/https:/x");
  assert.ok(compareBytewise("a-b.gpg", "a.gpg") < 0);
  assert.ok(compareBytewise("z", "é") < 0);
});

Deno.test("set() runs pass insert -m -f <prefix>/<key> with the JSON on stdin and a scrubbed env", async () => {
  const { proc, ring } = setup();
  await ring.set(item("team/prod"));
  assert.equal(proc.calls.length, 1);
  const req = proc.calls[0] as RunRequest;
  assert.equal(req.cmd, "pass");
  assert.deepEqual(req.args, ["insert", "-m", "-f", "aws-vault/team/prod"]);
  assert.equal(req.stdin, encodeItemJson(item("team/prod")));
  assert.equal(req.env?.PASSWORD_STORE_DIR, DIR);
  assert.equal(req.env?.AWS_SECRET_ACCESS_KEY, undefined);
  assert.equal(req.env?.HOME, "/home/u");
  assert.ok(!JSON.stringify([req.args, req.env]).includes("s3cret-value"));
});

Deno.test("get() runs nothing for a missing entry and exactly one pass show otherwise", async () => {
  const { fs, proc, ring } = setup(() => ({ stdout: utf8(encodeItemJson(item("k"))) }));
  assert.equal(await ring.get("k"), undefined);
  assert.equal(proc.calls.length, 0);
  fs.put(`${DIR}/aws-vault/k.gpg`, "encrypted");
  assert.deepEqual(await ring.get("k"), item("k"));
  assert.deepEqual(proc.calls.map((c) => c.args), [["show", "aws-vault/k"]]);
});

Deno.test("remove() runs pass rm -f only when the entry exists", async () => {
  const { fs, proc, ring } = setup();
  assert.equal(await ring.remove("k"), false);
  fs.put(`${DIR}/aws-vault/k.gpg`, "encrypted");
  assert.equal(await ring.remove("k"), true);
  assert.deepEqual(proc.calls.map((c) => c.args), [["rm", "-f", "aws-vault/k"]]);
});

Deno.test("keys() walks <dir>/<prefix> for .gpg files in Go's order, running nothing", async () => {
  const { fs, proc, ring } = setup();
  assert.deepEqual(await ring.keys(), []);
  for (
    const f of [
      "a.gpg",
      "a-b.gpg",
      "team/prod.gpg",
      "team/dev.gpg",
      "notes.txt",
      "oidc:https:/x.io/start.gpg",
    ]
  ) fs.put(`${DIR}/aws-vault/${f}`, "x");
  fs.put(`${DIR}/.gpg-id`, "FPR");
  fs.put(`${DIR}/other.gpg`, "x");
  assert.deepEqual(await ring.keys(), [
    "a-b",
    "a",
    "oidc:https://x.io/start",
    "team/dev",
    "team/prod",
  ]);
  const whole = new PassKeyring({
    passCmd: "pass",
    dir: DIR,
    prefix: "",
    proc,
    fs,
    env: fakeEnv(),
    log: QUIET,
  });
  assert.deepEqual(await whole.keys(), [
    "aws-vault/a-b",
    "aws-vault/a",
    "aws-vault/oidc:https:/x.io/start",
    "aws-vault/team/dev",
    "aws-vault/team/prod",
    "other",
  ]);
  assert.equal(proc.calls.length, 0);
  fs.put(`${DIR}/file-prefix`, "x");
  const onFile = new PassKeyring({
    passCmd: "pass",
    dir: DIR,
    prefix: "file-prefix",
    proc,
    fs,
    env: fakeEnv(),
    log: QUIET,
  });
  await assert.rejects(
    () => onFile.keys(),
    /^KeyringError: pass backend: ".*\/file-prefix" is not a directory$/,
  );
});

Deno.test("a failing pass gives one line with the first line of its stderr", async () => {
  const { fs, ring } = setup(() => ({
    code: 2,
    stderr: utf8("\ngpg: decryption failed: No secret key\nmore\n"),
  }));
  fs.put(`${DIR}/aws-vault/k.gpg`, "x");
  await assert.rejects(
    () => ring.get("k"),
    /^KeyringError: pass backend: "pass show aws-vault\/k" failed: gpg: decryption failed: No secret key$/,
  );
  const silent = setup(() => 3);
  await assert.rejects(() => silent.ring.set(item("k")), /failed: exit status 3$/);
  const slow = setup(() => ({ code: 137, timedOut: true }));
  await assert.rejects(
    () => slow.ring.set(item("k")),
    /"pass insert -m -f aws-vault\/k" did not finish within 120 s$/,
  );
});

Deno.test("output that is not item JSON fails without quoting it", async () => {
  const { fs, ring } = setup(() => ({ stdout: utf8("hunter2-plain-password\n") }));
  fs.put(`${DIR}/aws-vault/k.gpg`, "x");
  await assert.rejects(() => ring.get("k"), (e: Error) => {
    assert.equal(
      e.message,
      'pass backend: entry "aws-vault/k" does not hold a keyring item in JSON',
    );
    return true;
  });
});

Deno.test("a missing pass program is reported with its Debian package", async () => {
  const fs = new MemoryFs();
  const proc = new FakeProcessRunner();
  proc.run = (req: RunRequest) => Promise.reject(new ExecutableNotFoundError(req.cmd));
  const r = new PassKeyring({
    passCmd: "pass",
    dir: DIR,
    prefix: "",
    proc,
    fs,
    env: fakeEnv(),
    log: QUIET,
  });
  await assert.rejects(() => r.set(item("k")), (e: Error) => {
    assert.ok(e instanceof KeyringError);
    assert.equal(
      e.message,
      'The pass program is not available: "pass" was not found (install the Debian package "pass")',
    );
    return true;
  });
  const { deps } = fakeDeps();
  const options: KeyringOptions = {
    backend: "pass",
    fileDir: "",
    keychainName: "",
    secretServiceCollection: "",
    passDir: DIR,
    passCmd: "gopass",
    passPrefix: "",
  };
  await assert.rejects(
    () => openPass({ deps, log: QUIET }, options),
    /^KeyringError: The pass program is not available: "gopass" was not found$/,
  );
});

Deno.test("probePass() wants the program on PATH and <dir>/.gpg-id", async () => {
  const fs = new MemoryFs();
  const { deps } = fakeDeps({ fs, proc: new FakeProcessRunner(() => 0, ["pass"]) });
  const options: KeyringOptions = {
    backend: "",
    fileDir: "",
    keychainName: "",
    secretServiceCollection: "",
    passDir: DIR,
    passCmd: "",
    passPrefix: "",
  };
  assert.deepEqual(await probePass({ deps, log: QUIET }, options), {
    usable: false,
    reason: `"${DIR}/.gpg-id" does not exist (the store is not initialised)`,
  });
  fs.put(`${DIR}/.gpg-id`, "FPR\n");
  assert.deepEqual(await probePass({ deps, log: QUIET }, options), {
    usable: true,
    reason: `"pass" is on PATH and "${DIR}/.gpg-id" exists`,
  });
  assert.deepEqual(await probePass({ deps, log: QUIET }, { ...options, passCmd: "gopass" }), {
    usable: false,
    reason: '"gopass" was not found on PATH',
  });
  const opened = await openPass({ deps, log: QUIET }, options);
  assert.equal(opened.backend, "pass");
});
