import assert from "node:assert/strict";
import { FileKeyring } from "../../../backends/file.ts";
import { decodeFileName, encodeFileName } from "../../../backends/file_names.ts";
import { parseJweHeader } from "../../../backends/jwe.ts";
import type { KeyringItem } from "../../../backends/types.ts";
import { utf8 } from "../../../src/encoding.ts";
import { KeyringError, KeyringItemCorruptError } from "../../../src/errors.ts";
import { denoFs } from "../../../src/platform/deno_fs.ts";
import type { Logger } from "../../../src/platform/types.ts";

const PASSPHRASE = "correct horse";

function item(key: string, data = `{"AccessKeyID":"AKIA${key.length}"}`): KeyringItem {
  return {
    key,
    data: utf8(data),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

/** A passphrase function that counts its calls. */
function counted(passphrase = PASSPHRASE) {
  const fn = () => {
    fn.calls++;
    return Promise.resolve(passphrase);
  };
  fn.calls = 0;
  return fn;
}

function refusing(): () => Promise<string> {
  return () => Promise.reject(new Error("the passphrase must not be asked for"));
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "file_keyring_test_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

async function snapshot(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const name of await listDir(dir)) files.set(name, await Deno.readFile(`${dir}/${name}`));
  return files;
}

async function rejection<T>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error}`);
    return error;
  }
  return assert.fail(`expected a ${type.name}`);
}

const TRICKY_KEYS: [string, string][] = [
  ["jonsmith", "jonsmith"],
  ["demo/slash", "demo%2Fslash"],
  ["100%", "100%25"],
  ["%2F literal", "%252F literal"],
  ["with space", "with space"],
  ["sts.GetSessionToken,am9u,,1685000000", "sts.GetSessionToken,am9u,,1685000000"],
  ["oidc:https://x.awsapps.com/start", "oidc:https:%2F%2Fx.awsapps.com%2Fstart"],
  ["ünïcødé/ключ 🔑", "ünïcødé%2Fключ 🔑"],
];

Deno.test("encodeFileName() percent-encodes only '/' and '%' in upper case", () => {
  for (const [key, name] of TRICKY_KEYS) assert.equal(encodeFileName(key), name);
});

Deno.test("decodeFileName() decodes %XX in either case and keeps everything else", () => {
  for (const [key, name] of TRICKY_KEYS) assert.equal(decodeFileName(name), key);
  assert.equal(decodeFileName("lower%2fcase"), "lower/case");
  assert.equal(decodeFileName("%C3%BC"), "ü", "escaped UTF-8 bytes form one character");
  assert.equal(decodeFileName("50%zz%"), "50%zz%", "incomplete escapes are kept");
  assert.equal(decodeFileName("a%2"), "a%2");
});

Deno.test("FileKeyring round-trips items whose keys need escaping, with exact file names", async () => {
  await withTempDir(async (root) => {
    const dir = `${root}/keys`;
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    for (const [key] of TRICKY_KEYS) await keyring.set(item(key));
    assert.deepEqual(await listDir(dir), TRICKY_KEYS.map(([, name]) => name).sort());
    assert.deepEqual(
      (await keyring.keys()).sort(),
      TRICKY_KEYS.map(([key]) => key).sort(),
    );
    for (const [key] of TRICKY_KEYS) assert.deepEqual(await keyring.get(key), item(key));
  });
});

Deno.test("FileKeyring creates its directory 0700 and its files 0600", async () => {
  await withTempDir(async (root) => {
    const dir = `${root}/nested/deeper/keys/`;
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await keyring.set(item("demo"));
    assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700);
    assert.equal((await Deno.stat(`${dir}demo`)).mode! & 0o777, 0o600);
    await keyring.set(item("demo", "{}"));
    assert.equal((await Deno.stat(`${dir}demo`)).mode! & 0o777, 0o600, "after overwrite");
  });
});

Deno.test("FileKeyring creates a missing directory 0700 on get and keys too", async () => {
  await withTempDir(async (root) => {
    for (const op of ["get", "keys"] as const) {
      const dir = `${root}/${op}/keys`;
      const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
      assert.deepEqual(
        await (op === "get" ? keyring.get("x") : keyring.keys()),
        op === "get" ? undefined : [],
      );
      assert.equal((await Deno.stat(dir)).mode! & 0o777, 0o700, op);
    }
  });
});

Deno.test("FileKeyring writes one compact JWE per file with the injected creation time", async () => {
  await withTempDir(async (dir) => {
    const now = () => new Date(Date.UTC(2026, 10, 23, 16, 9, 0, 0));
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted(), now });
    await keyring.set(item("demo"));
    const text = await Deno.readTextFile(`${dir}/demo`);
    assert.match(text, /^[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+\.[\w-]+$/, "no newline, five segments");
    assert.equal(parseJweHeader(text).created, "2026-11-23 16:09:00 +0000 UTC");
  });
});

Deno.test("FileKeyring never asks for the passphrase to list, remove or miss a key", async () => {
  await withTempDir(async (dir) => {
    await new FileKeyring({ dir, fs: denoFs(), passphrase: counted() }).set(item("demo"));
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    assert.deepEqual(await keyring.keys(), ["demo"]);
    assert.equal(await keyring.get("absent"), undefined);
    assert.equal(await keyring.remove("absent"), false);
    assert.equal(await keyring.remove("demo"), true);
    assert.deepEqual(await keyring.keys(), []);
    assert.deepEqual(await listDir(dir), []);
  });
});

Deno.test("FileKeyring asks for the passphrase on every get of an existing key and every set", async () => {
  await withTempDir(async (dir) => {
    const passphrase = counted();
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase });
    await keyring.set(item("a"));
    await keyring.get("a");
    await keyring.get("a");
    assert.equal(passphrase.calls, 3, "memoising is the passphrase source's job");
  });
});

Deno.test("FileKeyring with a wrong passphrase fails with aws-vault's text and changes nothing", async () => {
  await withTempDir(async (dir) => {
    const good = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await good.set(item("demo"));
    await good.set(item("other"));
    const before = await snapshot(dir);
    const bad = new FileKeyring({ dir, fs: denoFs(), passphrase: counted("wrong") });
    const error = await rejection(bad.get("demo"), KeyringError);
    assert.equal(
      error.message,
      'Cannot decrypt "demo": aes.KeyUnwrap(): integrity check failed. (wrong passphrase?)',
    );
    assert.equal(error.code, "JWE_KEY_UNWRAP");
    assert.ok(!error.message.includes('wrong"'), "the passphrase is not in the message");
    assert.deepEqual(await snapshot(dir), before);
    assert.deepEqual(await good.get("other"), item("other"));
  });
});

Deno.test("FileKeyring reports a truncated file in one line while other keys still work", async () => {
  await withTempDir(async (dir) => {
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await keyring.set(item("broken"));
    await keyring.set(item("fine"));
    const full = await Deno.readTextFile(`${dir}/broken`);
    const cases = [full.slice(0, full.length - 5), full.slice(0, 100), ""];
    for (const truncated of cases) {
      await Deno.writeTextFile(`${dir}/broken`, truncated);
      const before = await snapshot(dir);
      const error = await rejection(keyring.get("broken"), KeyringError);
      assert.match(error.message, /^Cannot decrypt "broken": /);
      assert.ok(!error.message.includes("\n"));
      assert.deepEqual(await snapshot(dir), before);
      assert.deepEqual(await keyring.get("fine"), item("fine"));
      assert.deepEqual((await keyring.keys()).sort(), ["broken", "fine"]);
    }
  });
});

Deno.test("FileKeyring reports an undecodable decrypted item naming the key", async () => {
  await withTempDir(async (dir) => {
    const { encryptJwe } = await import("../../../backends/jwe.ts");
    await Deno.writeTextFile(`${dir}/odd`, await encryptJwe("not json", PASSPHRASE));
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    const error = await rejection(keyring.get("odd"), KeyringError);
    assert.equal(
      error.message,
      'Cannot decode "odd": the decrypted item is not a keyring item in JSON',
    );
    assert.equal(error.cause, undefined, "the parser's message may quote the secret");
  });
});

/** Replaces the first character of JWE segment `i` (1 is the encrypted key, 3 the ciphertext). */
function damage(token: string, i: number): string {
  const parts = token.trim().split(".");
  parts[i] = (parts[i][0] === "A" ? "B" : "A") + parts[i].slice(1);
  return parts.join(".");
}

Deno.test("FileKeyring reports damaged items as corrupt, a failed key unwrap only when another item decrypts", async () => {
  await withTempDir(async (dir) => {
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await keyring.set(item("bad"));
    const good = await Deno.readTextFile(`${dir}/bad`);
    // Authentication of the content fails: damage whatever the passphrase.
    await Deno.writeTextFile(`${dir}/bad`, damage(good, 3));
    let error = await rejection(keyring.get("bad"), KeyringItemCorruptError);
    assert.equal(error.message, 'Cannot decrypt "bad": cipher: message authentication failed');
    // A failed key unwrap with no other item to try: perhaps a wrong passphrase.
    await Deno.writeTextFile(`${dir}/bad`, damage(good, 1));
    const unproven = await rejection(keyring.get("bad"), KeyringError);
    assert.equal(unproven.code, "JWE_KEY_UNWRAP");
    assert.match(unproven.message, /\(wrong passphrase\?\)$/);
    // Another item decrypts with the same passphrase (a fresh keyring, so nothing is remembered).
    await keyring.set(item("fine"));
    const fresh = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    error = await rejection(fresh.get("bad"), KeyringItemCorruptError);
    assert.equal(error.message, 'Cannot decrypt "bad": aes.KeyUnwrap(): integrity check failed.');
    // A wrong passphrase fails on the other item too: not corrupt, and nothing changes.
    const before = await snapshot(dir);
    const wrong = new FileKeyring({ dir, fs: denoFs(), passphrase: counted("wrong") });
    assert.equal((await rejection(wrong.get("bad"), KeyringError)).code, "JWE_KEY_UNWRAP");
    assert.deepEqual(await snapshot(dir), before);
  });
});

Deno.test("FileKeyring.keys() lists regular files only, skipping temporary files", async () => {
  await withTempDir(async (dir) => {
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await keyring.set(item("demo"));
    await Deno.mkdir(`${dir}/subdir`);
    await Deno.writeTextFile(`${dir}/.demo.tmp-1234-0123456789ab`, "half written");
    await Deno.writeTextFile(`${dir}/.DS_Store`, "");
    await Deno.writeTextFile(`${dir}/lower%2fcase`, "");
    assert.deepEqual(await keyring.keys(), [".DS_Store", "demo", "lower/case"]);
  });
});

Deno.test("FileKeyring.keys() on a missing directory creates it and returns nothing", async () => {
  await withTempDir(async (root) => {
    const keyring = new FileKeyring({ dir: `${root}/new`, fs: denoFs(), passphrase: refusing() });
    assert.deepEqual(await keyring.keys(), []);
    assert.ok((await Deno.stat(`${root}/new`)).isDirectory);
  });
});

Deno.test("FileKeyring refuses a directory path that is a file", async () => {
  await withTempDir(async (root) => {
    const dir = `${root}/keys`;
    await Deno.writeTextFile(dir, "");
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    const ops = [
      () => keyring.keys(),
      () => keyring.get("x"),
      () => keyring.set(item("x")),
      () => keyring.remove("x"),
    ];
    for (const op of ops) {
      const error = await rejection(op(), KeyringError);
      assert.equal(error.message, `${JSON.stringify(dir)} is a file, not a directory`);
    }
  });
});

Deno.test("FileKeyring rejects keys that are not file names", async () => {
  await withTempDir(async (dir) => {
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    for (const key of ["", ".", ".."]) {
      await rejection(keyring.set(item(key)), KeyringError);
      await rejection(keyring.get(key), KeyringError);
    }
  });
});

Deno.test("FileKeyring.set() replaces an item atomically and leaves no temporary files", async () => {
  await withTempDir(async (dir) => {
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    await keyring.set(item("demo", "first"));
    await keyring.set(item("demo", "second"));
    assert.deepEqual(await listDir(dir), ["demo"]);
    assert.deepEqual(await keyring.get("demo"), item("demo", "second"));
  });
});

Deno.test("Two FileKeyrings setting different keys at the same time both land", async () => {
  await withTempDir(async (root) => {
    const dir = `${root}/keys`;
    const a = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    const b = new FileKeyring({ dir, fs: denoFs(), passphrase: counted() });
    const keys = Array.from({ length: 8 }, (_, i) => [`a${i}`, `b${i}`]).flat();
    await Promise.all(keys.map((key) => (key.startsWith("a") ? a : b).set(item(key))));
    assert.deepEqual((await a.keys()).sort(), keys.sort());
    for (const key of keys) assert.deepEqual(await b.get(key), item(key));
    assert.equal((await listDir(dir)).length, keys.length, "no temporary files left");
  });
});

Deno.test("FileKeyring debug output never contains the passphrase", async () => {
  await withTempDir(async (dir) => {
    const lines: string[] = [];
    const log: Logger = { enabled: true, debug: (m) => lines.push(m) };
    const keyring = new FileKeyring({ dir: `${dir}/k`, fs: denoFs(), passphrase: counted(), log });
    await keyring.set(item("demo"));
    await keyring.get("demo");
    assert.ok(lines.length > 0);
    assert.ok(lines.every((line) => !line.includes(PASSPHRASE)));
  });
});

Deno.test('FileKeyring reports its backend name as "file"', () => {
  const keyring = new FileKeyring({ dir: "/nonexistent", fs: denoFs(), passphrase: refusing() });
  assert.equal(keyring.backend, "file");
});
