/**
 * The shipped form of the program is the one-file bundle (`scripts/bundle`), which
 * `deno compile` embeds and `scripts/aws-vault` runs with `--no-lazy`. These tests build it
 * and check that it behaves exactly as the sources do: same stdout, stderr and exit code.
 */
import { assert, assertEquals } from "../helpers/assert.ts";
import { SHIPPED_V8_FLAGS } from "../../scripts/v8_flags.ts";
import { type CliResult, CliSandbox, sandboxTest } from "../helpers/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function buildBundle(dir: string): Promise<string> {
  const out = `${dir}/aws-vault.js`;
  const r = await new Deno.Command(`${ROOT}scripts/bundle`, {
    args: [out],
    env: { DENO: Deno.execPath() },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(r.code, 0, new TextDecoder().decode(r.stderr));
  return out;
}

function bundled(bundle: string): string[] {
  return [
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    `--v8-flags=${SHIPPED_V8_FLAGS}`,
    "--config",
    `${ROOT}deno.json`,
    bundle,
  ];
}

/** Runs `args` from source and from the bundle; asserts both results are identical. */
async function same(
  s: CliSandbox,
  bundle: string,
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<CliResult> {
  const fromSource = await s.run(args, { env });
  const fromBundle = await s.run(args, { env, program: bundled(bundle) });
  assertEquals(fromBundle, fromSource, `aws-vault ${args.join(" ")}`);
  return fromBundle;
}

sandboxTest("the bundled program gives the same output as the sources", async (s) => {
  const bundle = await buildBundle(s.root);
  assert(!Deno.readTextFileSync(bundle).includes("@aws-sdk/core"), "the SDK is not inlined");
  s.writeConfig(
    "[profile work]\nregion = eu-west-1\n\n[profile role]\nsource_profile = work\n" +
      "role_arn = arn:aws:iam::123456789012:role/r\n",
  );
  const add = await s.run(["add", "--env", "work"], {
    env: { AWS_ACCESS_KEY_ID: "AKIABUNDLE0000000001", AWS_SECRET_ACCESS_KEY: "bundle/secret" },
    program: bundled(bundle),
  });
  assertEquals(add, {
    code: 0,
    stdout: 'Added credentials to profile "work" in vault\n',
    stderr: "",
  });

  const json = await same(s, bundle, ["export", "work", "--no-session", "--format=json"]);
  assertEquals(
    json.stdout,
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIABUNDLE0000000001",\n  "SecretAccessKey": "bundle/secret"\n}\n',
  );
  await same(s, bundle, ["export", "work", "--no-session", "--format=ini"]);
  const list = await same(s, bundle, ["list"]);
  assertEquals(list.stdout.split("\n")[0].trim().split(/\s+/), [
    "Profile",
    "Credentials",
    "Sessions",
  ]);
  await same(s, bundle, ["exec", "--no-session", "work", "--", "sh", "-c", 'echo "$AWS_VAULT"']);
  await same(s, bundle, ["--version"]);
  await same(s, bundle, ["export", "--help"]);
  const unknown = await same(s, bundle, ["export", "nosuch", "--no-session"]);
  assertEquals(unknown.code, 1);
  assertEquals(unknown.stderr.split("\n").length, 2, unknown.stderr);
  const badFlag = await same(s, bundle, ["list", "--nosuch"]);
  assertEquals(badFlag.stderr, "aws-vault: error: unknown long flag '--nosuch', try --help\n");
  // login loads its federation code on first use.
  const login = await same(s, bundle, ["login"]);
  assertEquals(
    login.stderr,
    "aws-vault: error: login: argument 'profile' not provided, nor any AWS env vars found. Try --help\n",
  );
  const signin = await same(s, bundle, ["login", "work"], { AWS_ENDPOINT_URL_SIGNIN: "bad" });
  assertEquals(signin.code, 1);
  const wrong = await same(s, bundle, ["export", "work", "--no-session"], {
    AWS_VAULT_FILE_PASSPHRASE: "wrong",
  });
  assertEquals(wrong.code, 1);
});

sandboxTest(
  "scripts/aws-vault runs the bundled program and serves stored credentials",
  async (s) => {
    s.writeConfig("[profile work]\nregion = eu-west-1\n");
    const program = [`${ROOT}scripts/aws-vault`];
    const add = await s.run(["add", "--env", "work"], {
      env: { AWS_ACCESS_KEY_ID: "AKIAWRAPPER000000001", AWS_SECRET_ACCESS_KEY: "wrapper-secret" },
      program,
    });
    assertEquals(add.code, 0, add.stderr);
    const r = await s.run(["export", "work", "--no-session", "--format=env"], { program });
    assertEquals(r, {
      code: 0,
      stdout: "AWS_ACCESS_KEY_ID=AKIAWRAPPER000000001\nAWS_SECRET_ACCESS_KEY=wrapper-secret\n" +
        "AWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
      stderr: "",
    });
    const bundle = `${ROOT}.tools/bundle/aws-vault.js`;
    assert(Deno.statSync(bundle).isFile, "the wrapper keeps its bundle in .tools/bundle");
  },
);

sandboxTest(
  "scripts/aws-vault rebuilds its bundle after git's index changes or a part goes missing",
  async (s) => {
    // A copy of the checkout, so that its bundle and index are this test's own.
    const copy = `${s.root}/checkout`;
    Deno.mkdirSync(copy);
    const parts = ["main.ts", "deno.json", "deno.lock", "src", "backends", "scripts"];
    const cp = await new Deno.Command("cp", {
      args: ["-R", ...parts.map((part) => `${ROOT}${part}`), `${copy}/`],
    }).output();
    assert(cp.success, "the checkout is copied");
    Deno.symlinkSync(`${ROOT}node_modules`, `${copy}/node_modules`);
    Deno.mkdirSync(`${copy}/.git`);
    Deno.writeTextFileSync(`${copy}/.git/index`, "");
    s.writeConfig("[profile work]\nregion = eu-west-1\n");
    await s.run(["add", "--env", "work"], {
      env: { AWS_ACCESS_KEY_ID: "AKIAWRAPPER000000002", AWS_SECRET_ACCESS_KEY: "fresh-secret" },
    });
    const program = [`${copy}/scripts/aws-vault`];
    const env = { AWS_VAULT_DENO: Deno.execPath() };
    const bundle = `${copy}/.tools/bundle/aws-vault.js`;
    const exportWork = async () => {
      const r = await s.run(["export", "work", "--no-session", "--format=json"], { env, program });
      assertEquals(r.code, 0, r.stderr);
      assert(r.stdout.includes("AKIAWRAPPER000000002"), r.stdout);
      return Deno.statSync(bundle).mtime!.getTime();
    };
    const built = await exportWork();
    assertEquals(await exportWork(), built, "a fresh bundle is used as it is");
    const later = new Date(built + 5_000);
    Deno.utimeSync(`${copy}/.git/index`, later, later);
    const rebuilt = await exportWork();
    assert(rebuilt > built, "a newer index (checkout, pull, commit, add) rebuilds the bundle");
    const cold = [...Deno.readDirSync(`${copy}/.tools/bundle`)].find((e) =>
      e.name.startsWith("aws-vault.cold-")
    );
    Deno.removeSync(`${copy}/.tools/bundle/${cold!.name}`);
    assert(await exportWork() >= rebuilt, "a missing cold file rebuilds the bundle");
    assert(
      [...Deno.readDirSync(`${copy}/.tools/bundle`)].some((e) =>
        e.name.startsWith("aws-vault.cold-")
      ),
      "the cold file is back",
    );
  },
);

sandboxTest(
  "the bundle keeps the code a start does not need in a second file, loaded on first use",
  async (s) => {
    const bundle = await buildBundle(s.root);
    const coldFiles = [...Deno.readDirSync(s.root)].map((e) => e.name)
      .filter((name) => /^aws-vault\.cold-[0-9a-f]{12}\.js$/.test(name));
    assertEquals(coldFiles.length, 1, "one cold file next to the start-up file");
    const cold = `${s.root}/${coldFiles[0]}`;
    const hotText = Deno.readTextFileSync(bundle);
    const coldText = Deno.readTextFileSync(cold);
    // KWallet's D-Bus name, the completion script, the MFA prompt's own text, the AWS calls'
    // error mapping, plan's text, the declarations of the rarely run commands.
    for (
      const marker of [
        "Add credentials to the secure keystore.",
        "Migrate stored credentials between keyring backends.",
        "Hold the file backend's passphrase in memory",
        "Generate a login link for the AWS Console.",
        "Force-remove the profile without a prompt",
        "org.kde.KWallet",
        "# bash completion for",
        "Enter MFA code for",
        "invalid answer from",
        "invalid Authorization token",
        "the copies stored for",
        "Migration summary:",
        "in the order exec runs them",
        "it serves another vault",
      ]
    ) {
      assert(!hotText.includes(marker), `"${marker}" is not in the start-up file`);
      assert(coldText.includes(marker), `"${marker}" is in the cold file`);
    }
    assert(hotText.length < 0.6 * (hotText.length + coldText.length), "start-up file size");

    const processed = '{"Version":1,"AccessKeyId":"ASIAPROCESS000000001","SecretAccessKey":"s",' +
      '"SessionToken":"t","Expiration":"2099-01-01T00:00:00Z"}';
    s.writeConfig(
      "[profile work]\nregion = eu-west-1\n\n[profile mfa]\nregion = eu-west-1\n" +
        "mfa_serial = arn:aws:iam::123456789012:mfa/u\n\n" +
        `[profile process]\ncredential_process = printf '${processed}'\n`,
    );
    // The cold paths, each the same from source and from the bundle.
    const keys = {
      AWS_ACCESS_KEY_ID: "AKIABUNDLE0000000002",
      AWS_SECRET_ACCESS_KEY: "cold/secret",
    };
    const added = await same(s, bundle, ["add", "--env", "mfa"], keys);
    assertEquals(added.code, 0, added.stderr);
    await s.run(["add", "--env", "work"], { env: keys });
    await same(s, bundle, ["--help"]);
    await same(s, bundle, ["--completion-script-zsh"]);
    await same(s, bundle, ["clear"]);
    // import and migrate-backend, whose work is all in the cold file.
    Deno.writeTextFileSync(
      `${s.home}/.aws/credentials`,
      "[cold]\naws_access_key_id = AKIABUNDLE0000000003\naws_secret_access_key = c\n",
    );
    const imported = await same(s, bundle, ["import", "--dry-run", "--keep"]);
    assertEquals(
      imported.stdout.split("\n")[0],
      'Would add credentials to profile "cold" in vault',
    );
    const migrated = await same(s, bundle, [
      "migrate-backend",
      "--from",
      "file",
      "--to",
      "pass",
      "--dry-run",
    ]);
    assertEquals(migrated.code, 0, migrated.stderr);
    const plan = await same(s, bundle, ["plan", "mfa"]);
    assertEquals(plan.code, 0, plan.stderr);
    await same(s, bundle, ["plan", "process", "--json"]);
    await same(s, bundle, ["list", "--json"]);
    // The ECS credential server answers the command alike.
    const askServer = 'curl -s -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" ' +
      '"$AWS_CONTAINER_CREDENTIALS_FULL_URI"';
    const served = await same(s, bundle, [
      "exec",
      "--server",
      "process",
      "--",
      "sh",
      "-c",
      askServer,
    ]);
    assertEquals(
      served.stdout,
      '{"AccessKeyId":"ASIAPROCESS000000001",' +
        '"Expiration":"2099-01-01T00:00:00Z","SecretAccessKey":"s","Token":"t"}\n',
    );
    // No terminal, no token: the MFA code source (cold) fails at once with a usage hint.
    const mfa = await same(s, bundle, ["export", "mfa", "--format=json"]);
    assertEquals(mfa.code, 1);
    assertEquals(mfa.stderr.split("\n").length, 2, mfa.stderr);
    // An error thrown in the cold file is one of the start-up file's classes: one line, no trace.
    const gone = await same(s, bundle, ["remove", "-f", "nosuch"]);
    assertEquals(gone, {
      code: 1,
      stdout: "",
      stderr: 'aws-vault: error: remove: No credentials are stored for profile "nosuch"\n',
    });
    const removed = await s.run(["remove", "-f", "mfa"], { program: bundled(bundle) });
    assertEquals(removed, { code: 0, stdout: "Deleted credentials.\n", stderr: "" });
    const readd = await s.run(["add", "--env", "mfa"], { env: keys, program: bundled(bundle) });
    assertEquals(readd.code, 0, readd.stderr);
    await same(s, bundle, ["help", "agent", "start"]);
    await same(s, bundle, ["agent", "start", "--idle-timeout", "0s"]);
    await same(s, bundle, ["server", "--bogus"]);
    await same(s, bundle, ["--completion-bash", "migrate-backend", "--to", ""]);
    await same(s, bundle, ["bogus"]);

    // The agent runs from the bundle (a leak ends by itself after two minutes).
    const agent = await s.run(["agent", "start", "--idle-timeout=2m"], {
      program: bundled(bundle),
    });
    assertEquals(agent.code, 0, agent.stderr);
    const agentPid = Number(/\(pid (\d+)\)/.exec(agent.stdout)![1]);

    // The cached and listing paths never read the cold file, through the agent neither.
    Deno.renameSync(cold, `${cold}.away`);
    const viaAgent = await s.run(["export", "work", "--no-session"], {
      program: bundled(bundle),
      env: { AWS_VAULT_FILE_PASSPHRASE: undefined },
    });
    Deno.kill(agentPid, "SIGTERM");
    assertEquals(viaAgent.code, 0, viaAgent.stderr);
    const json = await s.run(["export", "work", "--no-session", "--format=json"], {
      program: bundled(bundle),
    });
    assertEquals(json.code, 0, json.stderr);
    assert(json.stdout.includes('"AccessKeyId": "AKIABUNDLE0000000002"'), json.stdout);
    const version = await s.run(["--version"], { program: bundled(bundle) });
    assertEquals(version.code, 0, version.stderr);
    const list = await s.run(["list", "--credentials"], { program: bundled(bundle) });
    assertEquals(list, { code: 0, stdout: "mfa\nwork\n", stderr: "" });
    // Without it, what needs it fails in one line naming the file: a rarely run command, help,
    // a code for an MFA profile.
    const coldUrl = new URL(`file://${cold}`).href;
    const missing = `aws-vault: error: Cannot load ${coldUrl}, a part of this program: ` +
      `Module not found "${coldUrl}".\n`;
    for (const args of [["add", "--env", "work"], ["rm", "-f", "work"], ["agent", "status"]]) {
      const r = await s.run(args, { env: keys, program: bundled(bundle) });
      assertEquals(r, { code: 1, stdout: "", stderr: missing }, args.join(" "));
    }
    const mfa2 = await s.run(["export", "mfa", "--format=json"], { program: bundled(bundle) });
    assertEquals(mfa2.code, 1, "the MFA code source is in the cold file");
    const help = await s.run(["--help"], { program: bundled(bundle) });
    assertEquals(help, { code: 1, stdout: "", stderr: missing });
    assertEquals(mfa2.stderr.split("\n").length, 2, mfa2.stderr);
    assert(mfa2.stderr.includes("Cannot load"), mfa2.stderr);
  },
);

Deno.test("scripts/aws-vault runs the bundle with the compiled binary's V8 flags", () => {
  const wrapper = Deno.readTextFileSync(`${ROOT}scripts/aws-vault`);
  assert(
    wrapper.includes(`--v8-flags=${SHIPPED_V8_FLAGS} "$bundle"`),
    "scripts/aws-vault spells out SHIPPED_V8_FLAGS",
  );
});
