import { assert, assertEquals, assertMatch, assertStringIncludes } from "../helpers/assert.ts";
import { CliSandbox, sandboxTest } from "../helpers/cli.ts";
import { withoutTerminal } from "../helpers/no_terminal.ts";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

async function withProfile(s: CliSandbox, config = "[profile work]\nregion = eu-west-1\n") {
  s.writeConfig(config);
  const r = await s.run(["add", "--env", "--no-add-config", "work"], { env: KEYS });
  assertEquals(r.code, 0, r.stderr);
}

sandboxTest("exec --no-session gives the child exactly aws-vault's environment", async (s) => {
  await withProfile(s);
  const r = await s.run(["exec", "--no-session", "work", "--", "env"], {
    env: {
      AWS_PROFILE: "x",
      AWS_DEFAULT_PROFILE: "x",
      AWS_SESSION_TOKEN: "stale",
      AWS_SECURITY_TOKEN: "stale",
      AWS_CREDENTIAL_FILE: "x",
      AWS_SDK_LOAD_CONFIG: "1",
      AWS_CONFIG_FILE: `${s.home}/.aws/config`,
      KEEP_ME: "yes",
    },
  });
  assertEquals(r.code, 0, r.stderr);
  const env = Object.fromEntries(
    r.stdout.trim().split("\n").map((
      l,
    ) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  assertEquals(env.AWS_VAULT, "work");
  assertEquals(env.AWS_ACCESS_KEY_ID, KEYS.AWS_ACCESS_KEY_ID);
  assertEquals(env.AWS_SECRET_ACCESS_KEY, KEYS.AWS_SECRET_ACCESS_KEY);
  assertEquals(env.AWS_REGION, "eu-west-1");
  assertEquals(env.AWS_DEFAULT_REGION, "eu-west-1");
  assertEquals(env.KEEP_ME, "yes");
  assertEquals(env.AWS_CONFIG_FILE, `${s.home}/.aws/config`);
  for (
    const gone of [
      "AWS_PROFILE",
      "AWS_DEFAULT_PROFILE",
      "AWS_SESSION_TOKEN",
      "AWS_SECURITY_TOKEN",
      "AWS_CREDENTIAL_FILE",
      "AWS_SDK_LOAD_CONFIG",
      "AWS_CREDENTIAL_EXPIRATION",
    ]
  ) {
    assertEquals(gone in env, false, gone);
  }
});

sandboxTest("exec --region overrides the profile region in the child", async (s) => {
  await withProfile(s);
  const r = await s.run([
    "exec",
    "-n",
    "--region",
    "ap-south-1",
    "work",
    "--",
    "sh",
    "-c",
    "echo $AWS_REGION $AWS_DEFAULT_REGION",
  ]);
  assertEquals(r.stdout, "ap-south-1 ap-south-1\n");
});

sandboxTest("exec returns the child's exit status", async (s) => {
  await withProfile(s);
  const r = await s.run(["exec", "-n", "work", "--", "sh", "-c", "exit 7"]);
  assertEquals(r.code, 7);
  assertEquals(r.stderr, "");
});

sandboxTest("exec returns 128+n when the child is killed by signal n", async (s) => {
  await withProfile(s);
  const r = await s.run(["exec", "-n", "work", "--", "sh", "-c", "kill -TERM $$"]);
  assertEquals(r.code, 143);
});

sandboxTest("exec forwards SIGTERM to the child and returns its status", async (s) => {
  await withProfile(s);
  const marker = `${s.root}/got-term`;
  const script =
    `trap 'echo term > ${marker}; exit 42' TERM; echo ready; while :; do sleep 0.05; done`;
  const detached = withoutTerminal([
    Deno.execPath(),
    "run",
    "-A",
    "--quiet",
    "--config",
    new URL("../../deno.json", import.meta.url).pathname,
    new URL("../../main.ts", import.meta.url).pathname,
    "exec",
    "-n",
    "work",
    "--",
    "sh",
    "-c",
    script,
  ]);
  const child = new Deno.Command(detached.command, {
    args: detached.args,
    env: s.env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.getReader();
  const first = await reader.read();
  assertStringIncludes(new TextDecoder().decode(first.value), "ready");
  reader.releaseLock();
  // Neither way forks here (the child is not a process group leader): its pid is aws-vault's.
  Deno.kill(child.pid, "SIGTERM");
  const status = await child.output();
  assertEquals(status.code, 42);
  assertEquals(Deno.readTextFileSync(marker), "term\n");
});

sandboxTest("exec with a command that does not exist is a one-line error", async (s) => {
  await withProfile(s);
  const r = await s.run(["exec", "-n", "work", "--", "no-such-command-xyz", "arg"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    'aws-vault: error: exec: Cannot run "no-such-command-xyz": executable file not found in $PATH\n',
  );
});

sandboxTest("exec without a command runs $SHELL as a subshell", async (s) => {
  await withProfile(s);
  const shell = `${s.root}/myshell`;
  Deno.writeTextFileSync(shell, '#!/bin/sh\necho "subshell for $AWS_VAULT"\n');
  Deno.chmodSync(shell, 0o755);
  const r = await s.run(["exec", "-n", "work"], { env: { SHELL: shell } });
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout, "subshell for work\n");
  assertEquals(r.stderr, "");
});

sandboxTest("exec inside an aws-vault subshell is refused with aws-vault's message", async (s) => {
  await withProfile(s);
  const r = await s.run(["exec", "-n", "work", "--", "true"], { env: { AWS_VAULT: "other" } });
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: exec: running in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force\n",
  );
  const e = await s.run(["export", "-n", "work"], { env: { AWS_VAULT: "other" } });
  assertEquals(
    e.stderr,
    "aws-vault: error: export: in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force\n",
  );
});

sandboxTest("exec --json and export --format=json print credential_process JSON", async (s) => {
  await withProfile(s);
  const expected =
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIAE2EEXAMPLE000001",\n  "SecretAccessKey": "e2eSecret/with+chars="\n}\n';
  assertEquals((await s.run(["exec", "--json", "--no-session", "work"])).stdout, expected);
  assertEquals((await s.run(["exec", "-j", "-n", "work"])).stdout, expected);
  assertEquals((await s.run(["export", "--format=json", "--no-session", "work"])).stdout, expected);
});

sandboxTest("export prints env, export-env and ini formats", async (s) => {
  await withProfile(s);
  assertEquals(
    (await s.run(["export", "--no-session", "work"])).stdout,
    "AWS_ACCESS_KEY_ID=AKIAE2EEXAMPLE000001\nAWS_SECRET_ACCESS_KEY=e2eSecret/with+chars=\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\n",
  );
  assertEquals(
    (await s.run(["export", "--no-session", "--format", "export-env", "work"])).stdout,
    "export AWS_ACCESS_KEY_ID=AKIAE2EEXAMPLE000001\nexport AWS_SECRET_ACCESS_KEY=e2eSecret/with+chars=\nexport AWS_REGION=eu-west-1\nexport AWS_DEFAULT_REGION=eu-west-1\n",
  );
  assertEquals(
    (await s.run(["export", "--no-session", "--format=ini", "work"])).stdout,
    "[work]\naws_access_key_id=AKIAE2EEXAMPLE000001\naws_secret_access_key=e2eSecret/with+chars=\nregion=eu-west-1\n",
  );
});

sandboxTest("export --format with an unknown value is a usage error", async (s) => {
  await withProfile(s);
  const r = await s.run(["export", "--format=yaml", "work"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: enum value must be one of env,export-env,json,ini, got 'yaml', try --help\n",
  );
});

sandboxTest(
  "region precedence: --region > AWS_REGION > AWS_DEFAULT_REGION > profile > [default]",
  async (s) => {
    await withProfile(s, "[default]\nregion = us-east-2\n[profile work]\n");
    const region = async (args: string[], env: Record<string, string> = {}) =>
      (await s.run(["export", "-n", ...args, "work"], { env })).stdout.match(/AWS_REGION=(.*)/)
        ?.[1];
    assertEquals(await region([]), "us-east-2");
    assertEquals(await region([], { AWS_DEFAULT_REGION: "eu-north-1" }), "eu-north-1");
    assertEquals(
      await region([], { AWS_DEFAULT_REGION: "eu-north-1", AWS_REGION: "sa-east-1" }),
      "sa-east-1",
    );
    assertEquals(
      await region(["--region", "ca-central-1"], { AWS_REGION: "sa-east-1" }),
      "ca-central-1",
    );
  },
);

sandboxTest("the aws-vault v7.2.0 fixture keys are served by export", async (s) => {
  s.writeConfig(
    Deno.readTextFileSync(
      new URL("../fixtures/aws-vault-v7.2.0-file/config", import.meta.url),
    ),
  );
  s.copyFixtureKeys();
  const env = { AWS_VAULT_FILE_PASSPHRASE: "fixture-passphrase" };
  const a = await s.run(["export", "--no-session", "--format=json", "demo"], { env });
  assertEquals(
    a.stdout,
    '{\n  "Version": 1,\n  "AccessKeyId": "AKIAEXAMPLEDEMO00001",\n  "SecretAccessKey": "demoSecretKey/with+chars="\n}\n',
  );
  const b = await s.run(["export", "--no-session", "demo/slash"], { env });
  assertEquals(
    b.stdout,
    "AWS_ACCESS_KEY_ID=AKIAEXAMPLESLASH0002\nAWS_SECRET_ACCESS_KEY=slashSecret\nAWS_REGION=eu-central-1\nAWS_DEFAULT_REGION=eu-central-1\n",
  );
});

sandboxTest("a profile with no way to get credentials names the profile", async (s) => {
  s.writeConfig("[profile empty]\nregion = eu-west-1\n");
  const r = await s.run(["export", "-n", "empty"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: export: Error getting temporary credentials: profile empty: credentials missing\n",
  );
});

sandboxTest("secrets never appear in --debug output", async (s) => {
  await withProfile(s);
  const r = await s.run(["--debug", "exec", "-n", "work", "--", "true"]);
  assertEquals(r.code, 0, r.stderr);
  assertMatch(r.stderr, /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} aws-vault /);
  assert(!r.stderr.includes(KEYS.AWS_SECRET_ACCESS_KEY), "secret in debug output");
  assert(!r.stderr.includes("test-passphrase"), "passphrase in debug output");
});
