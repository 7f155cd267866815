/**
 * The `pass` backend against a real password store: GnuPG with a throwaway key
 * and `pass init` (tests/helpers/gpg_store.sh), driven through the Keyring
 * interface with the real process runner and file system.
 */
import assert from "node:assert/strict";
import { PassKeyring } from "../../backends/pass_keyring.ts";
import { probePass } from "../../backends/pass.ts";
import { encodeItemJson } from "../../backends/item_json.ts";
import { utf8 } from "../../src/encoding.ts";
import { KeyringError } from "../../src/errors.ts";
import { denoFs } from "../../src/platform/deno_fs.ts";
import { denoProcessRunner } from "../../src/platform/deno_proc.ts";
import type { Deps, Env, Logger } from "../../src/platform/types.ts";
import { fakeEnv } from "../helpers/fakes.ts";
import { credentialItem as item, ODD_KEYS } from "../helpers/keyring_items.ts";
import { openGpgStore } from "../helpers/gpg_store.ts";
import { runTool } from "../helpers/store_tools.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const HELPERS = new URL("../helpers/", import.meta.url).pathname;

interface Store {
  root: string;
  dir: string;
  vars: Record<string, string>;
  env: Env;
  ring(options?: { prefix?: string; log?: Logger; vars?: Record<string, string> }): PassKeyring;
}

/** Runs `fn` with a fresh store; the store's gpg-agent is stopped and its files deleted afterwards. */
async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const gpg = await openGpgStore("pass-test-");
  try {
    const root = gpg.root;
    await Deno.mkdir(`${root}/home`);
    const vars: Record<string, string> = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: `${root}/home`,
      GNUPGHOME: gpg.env.GNUPGHOME,
    };
    const env = fakeEnv(vars);
    const dir = gpg.env.PASSWORD_STORE_DIR;
    const ring: Store["ring"] = (o = {}) => {
      const e = o.vars ? fakeEnv({ ...vars, ...o.vars }) : env;
      return new PassKeyring({
        passCmd: "pass",
        dir,
        prefix: o.prefix ?? "aws-vault",
        proc: denoProcessRunner({ getEnv: (n) => e.get(n) }),
        fs: denoFs(),
        env: e,
        log: o.log ?? { enabled: false, debug() {} },
      });
    };
    await fn({ root, dir, vars, env, ring });
  } finally {
    await gpg.close();
  }
}

test("pass round-trips items whose keys hold / % spaces commas colons and non-ASCII", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    for (const key of ODD_KEYS) await ring.set(item(key));
    assert.deepEqual((await ring.keys()).sort(), [...ODD_KEYS].sort());
    for (const key of ODD_KEYS) assert.deepEqual(await ring.get(key), item(key));
    assert.equal(await ring.get("absent"), undefined);
    for (const key of ODD_KEYS) assert.equal(await ring.remove(key), true);
    assert.equal(await ring.remove("team/prod"), false);
    assert.deepEqual(await ring.keys(), []);
    assert.equal(await ring.get("team/prod"), undefined);
  });
});

test("pass overwrites an existing entry on set", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    await ring.set(item("demo", "first"));
    await ring.set(item("demo", "second"));
    assert.deepEqual(await ring.get("demo"), item("demo", "second"));
    assert.deepEqual(await ring.keys(), ["demo"]);
  });
});

test("pass stores 50 items, lists them in Go's walk order and removes them", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    const keys = Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? `group${i}/p${i}` : `p${i}`));
    for (const key of keys) await ring.set(item(key));
    const expected = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    assert.deepEqual(await ring.keys(), expected);
    for (const key of ["p1", "group45/p45", "p49"]) {
      assert.deepEqual(await ring.get(key), item(key));
    }
    for (const key of keys) assert.equal(await ring.remove(key), true);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("pass entries have aws-vault's layout: <prefix>/<key>.gpg holding the whole-item JSON", async () => {
  await withStore(async (store) => {
    await store.ring({ prefix: "my/prefix" }).set({
      key: "jonsmith",
      data: utf8('{"AccessKeyID":"AKIAEXAMPLE","SecretAccessKey":"abc"}'),
      label: "aws-vault (jonsmith)",
      description: "",
      keychainNotTrustApplication: true,
      keychainNotSynchronizable: false,
    });
    const file = `${store.dir}/my/prefix/jonsmith.gpg`;
    assert.ok((await Deno.stat(file)).isFile);
    const decrypted = await runTool("gpg", ["--batch", "--quiet", "--decrypt", file], {
      env: store.vars,
    });
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.equal(
      decrypted.stdout,
      '{"Key":"jonsmith","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLSUFFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5IjoiYWJjIn0=",' +
        '"Label":"aws-vault (jonsmith)","Description":"","KeychainNotTrustApplication":true,' +
        '"KeychainNotSynchronizable":false}',
    );
  });
});

test("pass reads an entry written the way aws-vault writes it (pass insert -m -f, JSON on stdin)", async () => {
  await withStore(async (store) => {
    const written = item("from-aws-vault");
    const env = { ...store.vars, PASSWORD_STORE_DIR: store.dir };
    const insert = await runTool("pass", ["insert", "-m", "-f", "aws-vault/from-aws-vault"], {
      env,
      stdin: encodeItemJson(written),
    });
    assert.equal(insert.code, 0, insert.stderr);
    const ring = store.ring();
    assert.deepEqual(await ring.keys(), ["from-aws-vault"]);
    assert.deepEqual(await ring.get("from-aws-vault"), written);
  });
});

test("pass keeps an OIDC key's // : stored where aws-vault puts it, listed with // restored", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    const key = "oidc:https://example.awsapps.com/start";
    await ring.set(item(key));
    assert.ok(
      (await Deno.stat(`${store.dir}/aws-vault/oidc:https:/example.awsapps.com/start.gpg`)).isFile,
    );
    assert.deepEqual(await ring.keys(), [key]);
    assert.deepEqual(await ring.get(key), item(key));
    assert.equal(await ring.remove(key), true);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("pass refuses keys that would leave the prefix directory, running nothing", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    await assert.rejects(() => ring.set(item("../escape")), (e: Error) => {
      assert.ok(e instanceof KeyringError);
      assert.match(
        e.message,
        /^pass backend: key "\.\.\/escape" does not name a file inside the password store$/,
      );
      return true;
    });
    await assert.rejects(() => ring.get("a/../../x"), KeyringError);
    await assert.rejects(() => ring.remove(".."), KeyringError);
    assert.deepEqual(await ring.keys(), []);
    // A ".." that stays inside is cleaned away, as aws-vault's filepath.Join does.
    await ring.set(item("a/../b"));
    assert.deepEqual(await ring.keys(), ["b"]);
  });
});

test("pass reports a failing helper in one line with the helper's own message", async () => {
  await withStore(async (store) => {
    const ring = store.ring();
    await ring.set(item("broken"));
    await Deno.writeTextFile(`${store.dir}/aws-vault/broken.gpg`, "not an OpenPGP message\n");
    await assert.rejects(() => ring.get("broken"), (e: Error) => {
      assert.ok(e instanceof KeyringError);
      assert.match(e.message, /^pass backend: "pass show aws-vault\/broken" failed: gpg: .+$/);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
    await Deno.remove(`${store.dir}/.gpg-id`);
    await assert.rejects(
      () => ring.set(item("other")),
      /^KeyringError: pass backend: "pass insert -m -f aws-vault\/other" failed: Error: /,
    );
  });
});

test("pass names the Debian package when the pass program is missing", async () => {
  await withStore(async (store) => {
    const ring = store.ring({ vars: { PATH: "/nonexistent" } });
    await assert.rejects(() => ring.set(item("x")), (e: Error) => {
      assert.equal(
        e.message,
        'The pass program is not available: "pass" was not found (install the Debian package "pass")',
      );
      return true;
    });
  });
});

test("pass probe: usable with an initialised store, not without .gpg-id or the program", async () => {
  await withStore(async (store) => {
    const ctx = (vars: Record<string, string>) => {
      const env = fakeEnv(vars);
      const deps = {
        env,
        fs: denoFs(),
        proc: denoProcessRunner({ getEnv: env.get }),
      } as unknown as Deps;
      return { deps, log: { enabled: false, debug() {} } };
    };
    const options = {
      backend: "",
      fileDir: "",
      keychainName: "",
      secretServiceCollection: "",
      passDir: store.dir,
      passCmd: "pass",
      passPrefix: "",
    };
    const ok = await probePass(ctx(store.vars), options);
    assert.equal(ok.usable, true, ok.reason);
    const noProgram = await probePass(ctx({ ...store.vars, PATH: "/nonexistent" }), options);
    assert.deepEqual(noProgram, { usable: false, reason: '"pass" was not found on PATH' });
    const noStore = await probePass(ctx(store.vars), {
      ...options,
      passDir: `${store.root}/nothing`,
    });
    assert.equal(noStore.usable, false);
    assert.match(noStore.reason, /\.gpg-id" does not exist/);
  });
});

test("pass helpers never see a secret in argv or environment, nor does debug output", async () => {
  await withStore(async (store) => {
    const bin = `${store.root}/recorder-bin`;
    await Deno.mkdir(bin);
    const which = denoProcessRunner({ getEnv: store.env.get }).which;
    for (const name of ["pass", "gpg", "gpg2"]) {
      if (await which(name)) await Deno.symlink(`${HELPERS}argv_recorder.sh`, `${bin}/${name}`);
    }
    const log = `${store.root}/argv.log`;
    const debug: string[] = [];
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    const ring = store.ring({
      vars: {
        PATH: `${bin}:${store.vars.PATH}`,
        ARGV_RECORDER_LOG: log,
        AWS_SECRET_ACCESS_KEY: "env-secret-access-key-value",
        AWS_SESSION_TOKEN: "env-session-token-value",
        AWS_VAULT_FILE_PASSPHRASE: "env-file-passphrase-value",
      },
      log: { enabled: true, debug: (m) => debug.push(m) },
    });
    await ring.set(item("recorded", secret));
    assert.deepEqual(await ring.get("recorded"), item("recorded", secret));
    assert.deepEqual(await ring.keys(), ["recorded"]);
    assert.equal(await ring.remove("recorded"), true);

    const recorded = await Deno.readTextFile(log);
    const runs = recorded.split("=== ").slice(1).map((r) => r.split("\n")[0]);
    assert.deepEqual(runs.filter((r) => r === "pass").length, 3, recorded);
    assert.ok(runs.includes("gpg") || runs.includes("gpg2"), "pass's own gpg runs were recorded");
    assert.match(recorded, /arg: insert\narg: -m\narg: -f\narg: aws-vault\/recorded\n/);
    assert.match(recorded, /env: PASSWORD_STORE_DIR=.*\/store\n/);
    const encoded = btoa(JSON.stringify({ AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: secret }));
    for (
      const value of [secret, encoded, "env-secret-access-key-value", "env-session-token-value"]
    ) {
      assert.ok(!recorded.includes(value), `a helper saw "${value}"`);
      assert.ok(!debug.join("\n").includes(value), `debug output shows "${value}"`);
    }
    assert.ok(!recorded.includes("env-file-passphrase-value"));
    assert.ok(debug.some((m) => m.includes('"pass show aws-vault/recorded"')), debug.join("\n"));
  });
});
