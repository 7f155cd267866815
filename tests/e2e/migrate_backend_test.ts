/**
 * `aws-vault migrate-backend` end to end, between the file backend (aws-vault v7.2.0's
 * own items), pass (GnuPG) and Secret Service (gnome-keyring): items copied in aws-vault's
 * layout (checked with the stores' own tools) and usable from the other backend, existing
 * ones skipped or overwritten, sources deleted only after the copy is verified, sessions
 * and SSO tokens left behind, and a failure midway that loses nothing.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { itemJson, masterData, oidcTokenData, sessionKey } from "../helpers/aws_vault_items.ts";
import { type CliSandbox, sandboxTest } from "../helpers/cli.ts";
import { linuxKeystoreTest as test } from "../helpers/platform.ts";
import { passStore, type RealStore, secretServiceStore } from "../helpers/real_stores.ts";
import { toolOutput } from "../helpers/store_tools.ts";

const FIXTURE_PASSPHRASE = { AWS_VAULT_FILE_PASSPHRASE: "fixture-passphrase" };
const DEMO = { id: "AKIAEXAMPLEDEMO00001", secret: "demoSecretKey/with+chars=" };
const SLASH = { id: "AKIAEXAMPLESLASH0002", secret: "slashSecret" };
const SESSION_FILE =
  "sts.GetSessionToken,ZGVtbw,YXJuOmF3czppYW06OjEyMzQ1Njc4OTAxMjptZmEvZGVtby11c2Vy,1795452751";

function summary(copied: number, overwritten: number, skipped: number, deleted: number): string {
  return `\nMigration summary:\n  copied: ${copied}\n  overwritten: ${overwritten}\n` +
    `  skipped: ${skipped}\n  deleted from source: ${deleted}\n`;
}

/** The store's environment without its backend choice (migrate-backend names both). */
function storeEnv(store: RealStore): Record<string, string> {
  const { AWS_VAULT_BACKEND: _, ...env } = store.env;
  return env;
}

async function exported(s: CliSandbox, backend: string, profile: string, env = {}) {
  const r = await s.run(["export", "--no-session", "--format=json", profile], {
    env: { ...env, AWS_VAULT_BACKEND: backend },
  });
  assertEquals(r.stderr, "");
  const { AccessKeyId, SecretAccessKey } = JSON.parse(r.stdout);
  return { id: AccessKeyId, secret: SecretAccessKey };
}

sandboxTest(
  "migrate-backend refuses one backend twice and a missing profile; dry and empty runs write nothing",
  async (s) => {
    const same = await s.run(["migrate-backend", "--from", "file", "--to", "file"]);
    assertEquals(same, {
      code: 1,
      stdout: "",
      stderr: "aws-vault: error: migrate-backend: source and destination backends must differ\n",
    });
    const required = await s.run(["migrate-backend", "--from", "file"]);
    assertEquals(
      required.stderr,
      "aws-vault: error: required flag --to not provided, try --help\n",
    );
    assertEquals(required.code, 1);
    // An empty source says so before the destination (here pass, not set up) is opened.
    const empty = await s.run(["migrate-backend", "--from", "file", "--to", "pass"]);
    assertEquals(empty, {
      code: 0,
      stdout: "No credentials found in source backend file.\n",
      stderr: "",
    });
    s.copyFixtureKeys();
    const missing = await s.run(
      ["migrate-backend", "--from", "file", "--to", "pass", "--profile", "nope"],
      { env: FIXTURE_PASSPHRASE },
    );
    assertEquals(
      missing.stderr,
      'aws-vault: error: migrate-backend: profile "nope" not found in source backend\n',
    );
    assertEquals(missing.code, 1);
    // A session is not a profile to migrate.
    const session = await s.run(
      ["migrate-backend", "--from", "file", "--to", "pass", "--profile", SESSION_FILE],
    );
    assertEquals(session.code, 1);
    const dry = await s.run(["migrate-backend", "--from", "file", "--to", "pass", "--dry-run"]);
    assertEquals(dry, {
      code: 0,
      stdout: "Would migrate 2 credential profile(s) from file to pass:\n  demo\n  demo/slash\n\n" +
        "No changes made.\n",
      stderr: "",
    });
    assertEquals(s.keyFiles(), ["demo", "demo%2Fslash", SESSION_FILE]);
  },
);

test("migrate-backend file -> pass: copies, skips, overwrites, deletes the source, leaves sessions", async () => {
  const store = await passStore();
  const s = (await import("../helpers/cli.ts")).CliSandbox.create();
  try {
    s.copyFixtureKeys();
    const env = { ...storeEnv(store), ...FIXTURE_PASSPHRASE };
    const migrate = (...args: string[]) =>
      s.run(["migrate-backend", "--from", "file", "--to", "pass", ...args], { env });

    const first = await migrate("--debug");
    assertEquals(
      first.stdout,
      "Migrating demo... copied, verified\nMigrating demo/slash... copied, verified\n" +
        summary(2, 0, 0, 0),
    );
    assert(
      first.stderr.includes(`Not migrating session ${SESSION_FILE}: it is re-created when needed`),
      first.stderr,
    );
    assert(!first.stderr.includes(DEMO.secret), "no secret in --debug");
    assertEquals(first.code, 0);
    // aws-vault's item layout, read with pass itself; the session stayed behind.
    assertEquals((await store.keys()).sort(), ["demo", "demo/slash"]);
    assertEquals(
      (await store.raw("demo")).trim(),
      itemJson("demo", masterData(DEMO.id, DEMO.secret)),
    );
    assertEquals(await exported(s, "pass", "demo/slash", env), SLASH);

    const again = await migrate();
    assertEquals(
      again.stdout,
      "Migrating demo... skipped, already exists in destination\n" +
        "Migrating demo/slash... skipped, already exists in destination\n" + summary(0, 0, 2, 0),
    );
    const moved = await migrate("--profile", "demo", "--overwrite", "--delete-source");
    assertEquals(
      moved.stdout,
      "Migrating demo... overwritten, verified, deleted source\n" + summary(0, 1, 0, 1),
    );
    assertEquals(s.keyFiles(), ["demo%2Fslash", SESSION_FILE]);
    assertEquals(await exported(s, "pass", "demo", env), DEMO);
  } finally {
    s.cleanup();
    await store.stop();
  }
});

test("migrate-backend pass -> secret-service -> file: SSO tokens and sessions stay, items stay usable", async () => {
  const pass = await passStore();
  const service = await secretServiceStore();
  const s = (await import("../helpers/cli.ts")).CliSandbox.create();
  try {
    const env = { ...storeEnv(pass), ...storeEnv(service) };
    await s.storeKeys("team/ci dé", {
      AWS_ACCESS_KEY_ID: DEMO.id,
      AWS_SECRET_ACCESS_KEY: DEMO.secret,
    });
    const addPass = await s.run(["add", "--env", "--no-add-config", "ops"], {
      env: {
        ...env,
        AWS_VAULT_BACKEND: "pass",
        AWS_ACCESS_KEY_ID: SLASH.id,
        AWS_SECRET_ACCESS_KEY: SLASH.secret,
      },
    });
    assertEquals(addPass.code, 0, addPass.stderr);
    // A session and an SSO token in pass, written as aws-vault writes them.
    const oidc = "oidc:https://example.awsapps.com/start";
    const session = sessionKey("sts.GetSessionToken", "ops", "", new Date("2099-01-01T00:00:00Z"));
    for (
      const [key, data] of [[oidc, oidcTokenData("tok", "2099-01-01T00:00:00Z")], [session, "{}"]]
    ) {
      await toolOutput("pass", ["insert", "-m", "-f", key], {
        env: { HOME: s.home, ...pass.env },
        stdin: itemJson(key, data),
      });
    }
    const toService = await s.run(
      ["--debug", "migrate-backend", "--from", "pass", "--to", "secret-service"],
      { env },
    );
    assertEquals(toService.stdout, "Migrating ops... copied, verified\n" + summary(1, 0, 0, 0));
    assert(toService.stderr.includes(`Not migrating SSO token ${oidc}`), toService.stderr);
    assertEquals(await service.keys(), ["ops"]);
    assertEquals(await service.raw("ops"), itemJson("ops", masterData(SLASH.id, SLASH.secret)));
    await service.checkMetadata("ops");

    // Secret Service -> file, deleting the source: then the source is empty.
    const toFile = await s.run(
      ["migrate-backend", "--from", "secret-service", "--to", "file", "--delete-source"],
      { env },
    );
    assertEquals(
      toFile.stdout,
      "Migrating ops... copied, verified, deleted source\n" + summary(1, 0, 0, 1),
    );
    assertEquals(await service.keys(), []);
    assertEquals(await exported(s, "file", "ops", env), SLASH);
    assertEquals(await exported(s, "file", "team/ci dé", env), DEMO);
    const empty = await s.run(["migrate-backend", "--from", "secret-service", "--to", "file"], {
      env,
    });
    assertEquals(empty.stdout, "No credentials found in source backend secret-service.\n");
  } finally {
    s.cleanup();
    await service.stop();
    await pass.stop();
  }
});

test("a failure midway stops the migration with every item in one backend at least", async () => {
  const store = await passStore();
  const s = (await import("../helpers/cli.ts")).CliSandbox.create();
  try {
    for (const name of ["a", "bad", "c"]) await s.storeKeys(name);
    // A pass that refuses to store "bad".
    const wrapper = `${s.root}/failing-pass`;
    Deno.writeTextFileSync(
      wrapper,
      '#!/bin/sh\ncase "$*" in *insert*bad*) echo "refused" >&2; exit 1;; esac\nexec pass "$@"\n',
    );
    Deno.chmodSync(wrapper, 0o755);
    const r = await s.run(
      [
        "migrate-backend",
        "--from",
        "file",
        "--to",
        "pass",
        "--delete-source",
        "--pass-cmd",
        wrapper,
      ],
      { env: storeEnv(store) },
    );
    assertEquals(r.code, 1);
    const [done, failed, ...rest] = r.stdout.split("\n");
    assertEquals(done, "Migrating a... copied, verified, deleted source");
    assert(failed.startsWith('Migrating bad... failed: write destination profile "bad": '), failed);
    assertEquals(
      rest.join("\n"),
      "Migration stopped. Source credentials were not deleted for the failed profile.\n" +
        summary(1, 0, 0, 1),
    );
    assert(
      r.stderr.startsWith('aws-vault: error: migrate-backend: write destination profile "bad": '),
      r.stderr,
    );
    // "a" is in pass only, "bad" and "c" are still in the file backend.
    assertEquals(await store.keys(), ["a"]);
    assertEquals(s.keyFiles(), ["bad", "c"]);
  } finally {
    s.cleanup();
    await store.stop();
  }
});
