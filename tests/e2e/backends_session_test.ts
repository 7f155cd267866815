/**
 * The session cache through the CLI on each real keystore (pass with GnuPG,
 * secret-service on gnome-keyring, kwallet on kwalletd5), against moto: a
 * GetSessionToken session and a cached AssumeRole, stored under aws-vault's keys
 * and in its item layout (read back with the store's own tools), reused without
 * STS calls, listed and cleared. Then an argv recorder in front of `pass` and
 * `gpg` counts the helper processes of a cached `exec --json`.
 */

import { CreateRoleCommand } from "@aws-sdk/client-iam";
import { assert, assertEquals, assertMatch } from "../helpers/assert.ts";
import { itemJson, masterData, sessionData, sessionKey } from "../helpers/aws_vault_items.ts";
import { CliSandbox } from "../helpers/cli.ts";
import { Moto } from "../helpers/moto.ts";
import {
  kwalletStore,
  passStore,
  type RealStore,
  secretServiceStore,
} from "../helpers/real_stores.ts";
import { toolOutput } from "../helpers/store_tools.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const HELPERS = new URL("../helpers/", import.meta.url).pathname;
const PROFILE = "team/ci dé";
const ROLE = "deploy role";
const MFA = "arn:aws:iam::123456789012:mfa/ci-user";
const SESSION_LABEL = /^sts\.(GetSessionToken|AssumeRole):5[89]m[0-9]{1,2}s$/;

/** Checks the stored item under `key`, byte for byte and with the store's own metadata. */
async function checkItem(store: RealStore, key: string, expected: string): Promise<void> {
  assertEquals(await store.raw(key), expected);
  await store.checkMetadata(key);
}

/**
 * Checks the cached session of `profile` against the credentials `exec --json` printed
 * (moto's expiry has milliseconds: the stored `Expiration` keeps them, the key and label not).
 */
async function checkSession(
  store: RealStore,
  type: string,
  [profile, mfa]: [string, string],
  printed: Record<string, string>,
): Promise<string> {
  const expiry = new Date(printed.Expiration);
  const key = sessionKey(type, profile, mfa, expiry);
  const stored = JSON.parse(atob(JSON.parse(await store.raw(key)).Data)).Expiration;
  assertMatch(stored, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assertEquals(Math.floor(Date.parse(stored) / 1000) * 1000, expiry.getTime());
  const data = sessionData({ ...printed, Expiration: stored });
  await checkItem(store, key, itemJson(key, data, { profile, expiry }));
  return key;
}

/** The AWS config: the profile with stored keys, and a role over it that sends MFA. */
function config(roleArn: string): string {
  return `[profile ${PROFILE}]\nregion = eu-west-1\n\n[profile ${ROLE}]\nregion = eu-west-1\n` +
    `source_profile = ${PROFILE}\nrole_arn = ${roleArn}\nmfa_serial = ${MFA}\n`;
}

async function createRole(moto: Moto): Promise<string> {
  const iam = moto.iam();
  try {
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: `deploy-${Date.now() % 100000}`,
        AssumeRolePolicyDocument: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
        }),
      }),
    );
    return out.Role!.Arn!;
  } finally {
    iam.destroy();
  }
}

/** The whole flow on one real store; moto and the store are started here and stopped after. */
async function sessionCacheFlow(openStore: () => Promise<RealStore>): Promise<void> {
  const started = await Promise.allSettled([Moto.start(), openStore()]);
  const stopAll = () =>
    Promise.allSettled(started.map((s) => s.status === "fulfilled" ? s.value.stop() : undefined));
  if (started[0].status === "rejected" || started[1].status === "rejected") {
    await stopAll();
    throw started.find((s) => s.status === "rejected")!.reason;
  }
  const [moto, store] = [started[0].value, started[1].value];
  const sandbox = CliSandbox.create();
  let stopped: PromiseSettledResult<unknown>[];
  try {
    const key = await moto.createUserWithKey(`ci-${Date.now() % 100000}`);
    const roleArn = await createRole(moto);
    sandbox.writeConfig(config(roleArn));
    const env = { ...store.env, AWS_ENDPOINT_URL: moto.url, AWS_VAULT_FILE_PASSPHRASE: undefined };
    const cli = async (args: string[], extra: Record<string, string> = {}) => {
      const r = await sandbox.run(args, { env: { ...env, ...extra } });
      assertEquals(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      return r.stdout;
    };
    const added = await cli(["add", "--env", PROFILE], {
      AWS_ACCESS_KEY_ID: key.accessKeyId,
      AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    });
    assertEquals(added, `Added credentials to profile "${PROFILE}" in vault\n`);
    const master = masterData(key.accessKeyId, key.secretAccessKey);
    await checkItem(store, PROFILE, itemJson(PROFILE, master));
    await moto.resetRequests();

    // GetSessionToken: one STS call, signed with the stored key, cached in the store.
    // (moto answers GetSessionToken with AWS's documented example key, not an ASIA one.)
    const session = JSON.parse(await cli(["exec", PROFILE, "--json"]));
    assert(session.SessionToken && session.Expiration, JSON.stringify(session));
    assert(session.AccessKeyId !== key.accessKeyId, "the stored key was handed out");
    let calls = await moto.stsCalls();
    assertEquals(calls.map((c) => [c.action, c.accessKeyId]), [
      ["GetSessionToken", key.accessKeyId],
    ]);
    assertMatch(await cli(["list", "--sessions"]), /^sts\.GetSessionToken:5[89]m[0-9]{1,2}s\n$/);
    const sessionKey = await checkSession(store, "sts.GetSessionToken", [PROFILE, ""], session);
    assertEquals(JSON.parse(await cli(["exec", PROFILE, "--json"])), session);
    assertEquals((await moto.stsCalls()).length, 1);

    // AssumeRole with MFA from the long-term key (the source has no MFA): cached too.
    const role = JSON.parse(await cli(["exec", ROLE, "--json", "--mfa-token", "123456"]));
    assert(role.AccessKeyId.startsWith("ASIA") && role.AccessKeyId !== session.AccessKeyId);
    calls = await moto.stsCalls();
    assertEquals(calls.map((c) => c.action), ["GetSessionToken", "AssumeRole"]);
    assertEquals(calls[1].params.get("RoleArn"), roleArn);
    assertEquals(calls[1].params.get("SerialNumber"), MFA);
    assertEquals(calls[1].accessKeyId, key.accessKeyId);
    const roleKey = await checkSession(store, "sts.AssumeRole", [ROLE, MFA], role);
    // No --mfa-token and no terminal: only the cache can answer.
    assertEquals(JSON.parse(await cli(["exec", ROLE, "--json"])), role);
    assertEquals((await moto.stsCalls()).length, 2);
    const labels = (await cli(["list", "--sessions"])).trimEnd().split("\n").sort();
    assertEquals(labels.map((l) => l.split(":")[0]), ["sts.AssumeRole", "sts.GetSessionToken"]);
    for (const label of labels) assertMatch(label, SESSION_LABEL);
    assertEquals((await store.keys()).sort(), [PROFILE, roleKey, sessionKey].sort());

    assertEquals(await cli(["clear"]), "Cleared 2 sessions.\n");
    assertEquals(await store.keys(), [PROFILE]);
    assertEquals(await cli(["list", "--sessions"]), "");
  } finally {
    sandbox.cleanup();
    stopped = await stopAll();
  }
  // A harness that ended badly fails the test (unless it failed already, above).
  const failed = stopped.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

test("pass caches GetSessionToken and AssumeRole sessions in aws-vault's entries", async () => {
  await sessionCacheFlow(passStore);
});

test("secret-service caches sessions as aws-vault items on a real gnome-keyring", async () => {
  await sessionCacheFlow(secretServiceStore);
});

test("kwallet caches sessions as aws-vault Stream entries on a real kwalletd5", async () => {
  await sessionCacheFlow(kwalletStore);
});

/** One recorded helper run (tests/helpers/argv_recorder.sh). */
interface HelperRun {
  name: string;
  args: string[];
}

function helperRuns(log: string): HelperRun[] {
  return log.split(/^=== /m).slice(1).map((record) => {
    const [name, ...lines] = record.split("\n");
    return { name, args: lines.filter((l) => l.startsWith("arg: ")).map((l) => l.slice(5)) };
  });
}

test("a cached exec --json with pass starts one pass show and hands no secret to helpers", async () => {
  const store = await passStore();
  const sandbox = CliSandbox.create();
  try {
    const bin = `${sandbox.root}/recorder-bin`;
    Deno.mkdirSync(bin);
    for (const name of ["pass", "gpg"]) {
      Deno.symlinkSync(`${HELPERS}argv_recorder.sh`, `${bin}/${name}`);
    }
    const log = `${sandbox.root}/helpers.log`;
    sandbox.writeConfig(config("arn:aws:iam::123456789012:role/deploy"));
    // Seeded with pass itself, as aws-vault writes them: the master key and two sessions.
    const insert = (key: string, json: string) =>
      toolOutput("pass", ["insert", "-m", "-f", key], {
        env: { HOME: sandbox.home, ...store.env },
        stdin: json,
      });
    const masterSecret = "master/Secret+Value1";
    await insert(PROFILE, itemJson(PROFILE, masterData("AKIARECORDER00000001", masterSecret)));
    const expiry = new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);
    const sessions = [[ROLE, MFA, "sts.AssumeRole"], [PROFILE, "", "sts.GetSessionToken"]].map(
      ([profile, mfa, type], i) => ({
        profile,
        key: sessionKey(type, profile, mfa, expiry),
        creds: {
          AccessKeyId: `ASIARECORDER0000000${i}`,
          Expiration: expiry.toISOString().replace(".000Z", "Z"),
          SecretAccessKey: `session/Secret+${i}`,
          SessionToken: `session-Token/${i}=`,
        },
      }),
    );
    for (const s of sessions) {
      await insert(s.key, itemJson(s.key, sessionData(s.creds), { profile: s.profile, expiry }));
    }
    const secrets = [masterSecret, "recorder-file-Passphrase"].concat(
      ...sessions.map((s) => [s.creds.SecretAccessKey, s.creds.SessionToken]),
    );

    for (const s of sessions) {
      Deno.writeTextFileSync(log, "");
      const r = await sandbox.run(["exec", s.profile, "--json"], {
        env: {
          ...store.env,
          PATH: `${bin}:${Deno.env.get("PATH")}`,
          ARGV_RECORDER_LOG: log,
          AWS_ENDPOINT_URL: "http://127.0.0.1:9", // nothing listens: an STS call would fail
          AWS_VAULT_FILE_PASSPHRASE: "recorder-file-Passphrase",
        },
      });
      assertEquals(r.code, 0, r.stderr);
      const { AccessKeyId, SecretAccessKey, SessionToken, Expiration } = s.creds;
      assertEquals(JSON.parse(r.stdout), {
        Version: 1,
        AccessKeyId,
        SecretAccessKey,
        SessionToken,
        Expiration,
      });
      // We start one helper (pass show); the gpg run is pass's own decryption.
      const recorded = Deno.readTextFileSync(log);
      const runs = helperRuns(recorded);
      assertEquals(runs.map((h) => h.name), ["pass", "gpg"], recorded);
      assertEquals(runs[0].args, ["show", s.key]);
      assertEquals(runs[1].args[0], "-d");
      assertEquals(runs[1].args.at(-1), `${store.env.PASSWORD_STORE_DIR}/${s.key}.gpg`);
      for (const secret of secrets) {
        assertEquals(recorded.includes(secret), false, "a secret reached a helper's argv or env");
      }
    }
  } finally {
    sandbox.cleanup();
    await store.stop();
  }
});
