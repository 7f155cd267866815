/**
 * The file backend against real aws-vault v7.2.0 files, and against an
 * independent JWE implementation (tests/helpers/jwe_check.py, Python
 * `cryptography`) standing in for aws-vault's jose2go.
 */
import assert from "node:assert/strict";
import { FileKeyring } from "../../backends/file.ts";
import { filePassphraseSource } from "../../backends/file_passphrase.ts";
import { encodeItemJson } from "../../backends/item_json.ts";
import { decryptJwe } from "../../backends/jwe.ts";
import type { KeyringItem } from "../../backends/types.ts";
import { fromUtf8, utf8 } from "../../src/encoding.ts";
import { KeyringError } from "../../src/errors.ts";
import { denoFs } from "../../src/platform/deno_fs.ts";
import type { Terminal } from "../../src/platform/types.ts";

const FIXTURE_DIR = new URL("../fixtures/aws-vault-v7.2.0-file/keys", import.meta.url).pathname;
const FIXTURE_PASSPHRASE = "fixture-passphrase";
const CHECKER = new URL("../helpers/jwe_check.py", import.meta.url).pathname;
const SESSION_KEY =
  "sts.GetSessionToken,ZGVtbw,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvZGVtby11c2Vy,1795452751";

/** What the fixture README says each file holds. */
const EXPECTED: Record<string, { item: Omit<KeyringItem, "data">; data: Record<string, unknown> }> =
  {
    "demo": {
      item: master("demo"),
      data: masterData("AKIAEXAMPLEDEMO00001", "demoSecretKey/with+chars="),
    },
    "demo/slash": {
      item: master("demo/slash"),
      data: masterData("AKIAEXAMPLESLASH0002", "slashSecret"),
    },
    [SESSION_KEY]: {
      item: {
        key: SESSION_KEY,
        label: "aws-vault session for demo (expires 2026-11-23T16:52:31Z)",
        description: "aws-vault session",
        keychainNotTrustApplication: false,
        keychainNotSynchronizable: false,
      },
      data: {
        AccessKeyId: "ASIAFAKEKEYID0001",
        Expiration: "2026-11-23T16:52:31Z",
        SecretAccessKey: "fakeSecret",
        SessionToken: "fakeSessionToken",
      },
    },
  };

function master(profile: string): Omit<KeyringItem, "data"> {
  return {
    key: profile,
    label: `aws-vault (${profile})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

function masterData(id: string, secret: string): Record<string, unknown> {
  return {
    AccessKeyID: id,
    SecretAccessKey: secret,
    SessionToken: "",
    Source: "",
    CanExpire: false,
    Expires: "0001-01-01T00:00:00Z",
  };
}

/** Copies the read-only fixture directory to a fresh temporary directory. */
async function withFixtureCopy(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "file_fixture_test_" });
  const dir = `${root}/keys`;
  try {
    await Deno.mkdir(dir, { mode: 0o700 });
    for await (const entry of Deno.readDir(FIXTURE_DIR)) {
      await Deno.copyFile(`${FIXTURE_DIR}/${entry.name}`, `${dir}/${entry.name}`);
      await Deno.chmod(`${dir}/${entry.name}`, 0o600);
    }
    await fn(dir);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const entry of Deno.readDir(dir)) {
    files.set(entry.name, await Deno.readTextFile(`${dir}/${entry.name}`));
  }
  return files;
}

function keyring(dir: string, passphrase = FIXTURE_PASSPHRASE): FileKeyring {
  return new FileKeyring({ dir, fs: denoFs(), passphrase: () => Promise.resolve(passphrase) });
}

/** Runs the Python checker; the passphrase travels in its environment, never in argv. */
async function python(mode: "decrypt" | "encrypt", input: string, passphrase: string) {
  const child = new Deno.Command("python3", {
    args: [CHECKER, mode],
    env: { JWE_CHECK_PASSPHRASE: passphrase },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(utf8(input));
  await writer.close();
  const out = await child.output();
  return { code: out.code, stdout: fromUtf8(out.stdout), stderr: fromUtf8(out.stderr) };
}

Deno.test("FileKeyring lists and reads every item aws-vault v7.2.0 wrote", async () => {
  await withFixtureCopy(async (dir) => {
    const before = await snapshot(dir);
    const store = keyring(dir);
    assert.deepEqual((await store.keys()).sort(), Object.keys(EXPECTED).sort());
    for (const [key, expected] of Object.entries(EXPECTED)) {
      const got = await store.get(key);
      assert.ok(got, key);
      const { data, ...fields } = got;
      assert.deepEqual(fields, expected.item);
      assert.deepEqual(JSON.parse(fromUtf8(data)), expected.data);
    }
    assert.deepEqual(await snapshot(dir), before, "reading changes nothing");
  });
});

Deno.test("FileKeyring rejects a wrong passphrase on aws-vault's files and leaves them intact", async () => {
  await withFixtureCopy(async (dir) => {
    const before = await snapshot(dir);
    const error = await keyring(dir, "nope").get("demo/slash").catch((e) => e);
    assert.ok(error instanceof KeyringError);
    assert.equal(
      error.message,
      'Cannot decrypt "demo/slash": aes.KeyUnwrap(): integrity check failed. (wrong passphrase?)',
    );
    assert.deepEqual(await snapshot(dir), before);
  });
});

Deno.test("Items we add next to aws-vault's share the directory, and both stay readable", async () => {
  await withFixtureCopy(async (dir) => {
    const store = keyring(dir);
    const added = {
      ...master("new/profile"),
      data: utf8(JSON.stringify(masterData("AKIANEW", "s"))),
    };
    await store.set(added);
    assert.deepEqual((await store.keys()).sort(), [...Object.keys(EXPECTED), "new/profile"].sort());
    assert.deepEqual(await store.get("new/profile"), added);
    assert.equal((await store.get("demo"))?.label, "aws-vault (demo)");
  });
});

Deno.test("The independent Python checker decrypts aws-vault's own fixture files", async () => {
  for (const name of ["demo", "demo%2Fslash"]) {
    const token = await Deno.readTextFile(`${FIXTURE_DIR}/${name}`);
    const result = await python("decrypt", token, FIXTURE_PASSPHRASE);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, fromUtf8(await decryptJwe(token, FIXTURE_PASSPHRASE)));
    assert.equal((await python("decrypt", token, "wrong")).code, 2, "and it does check");
  }
});

Deno.test("Files FileKeyring writes decrypt with an independent JWE implementation", async () => {
  await withFixtureCopy(async (dir) => {
    const passphrase = "pässphrase with spaces ✓";
    const item: KeyringItem = {
      ...master("oidc:https://x.awsapps.com/start"),
      data: utf8('{"Token":{"AccessToken":"a<b>&c"}}'),
    };
    await keyring(dir, passphrase).set(item);
    const token = await Deno.readTextFile(`${dir}/oidc:https:%2F%2Fx.awsapps.com%2Fstart`);
    const result = await python("decrypt", token, passphrase);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, encodeItemJson(item), "the whole-item JSON, byte for byte");
    const header = JSON.parse(result.stderr);
    assert.deepEqual(Object.keys(header), ["alg", "created", "enc", "p2c", "p2s"]);
    assert.equal(header.p2c, 8192);
  });
});

Deno.test("FileKeyring reads a file an independent implementation wrote with an unsorted header", async () => {
  await withFixtureCopy(async (dir) => {
    const item: KeyringItem = { ...master("python"), data: utf8('{"AccessKeyID":"AKIAPY"}') };
    const result = await python("encrypt", encodeItemJson(item), FIXTURE_PASSPHRASE);
    assert.equal(result.code, 0, result.stderr);
    const headerText = fromUtf8(
      Uint8Array.fromBase64(result.stdout.split(".")[0], { alphabet: "base64url" }),
    );
    assert.match(headerText, /^\{"p2s": .*"x-interop": "python", "p2c": 10000, "alg"/);
    await Deno.writeTextFile(`${dir}/python`, result.stdout);
    assert.deepEqual(await keyring(dir).get("python"), item);
  });
});

Deno.test("A FileKeyring with the real passphrase source prompts once across many operations", async () => {
  await withFixtureCopy(async (dir) => {
    let prompts = 0;
    const terminal: Terminal = {
      available: () => true,
      prompt: () => {
        prompts++;
        return Promise.resolve(FIXTURE_PASSPHRASE);
      },
    };
    const env = { get: () => undefined, toObject: () => ({}) };
    const passphrase = filePassphraseSource({ dir, env, terminal });
    const store = new FileKeyring({ dir, fs: denoFs(), passphrase });
    await store.keys();
    await store.get("absent");
    assert.equal(prompts, 0, "no prompt for listing or a missing key");
    await Promise.all(Object.keys(EXPECTED).map((key) => store.get(key)));
    await store.set({ ...master("extra"), data: utf8("{}") });
    await store.remove("extra");
    assert.equal(prompts, 1);
  });
});
