/**
 * The shipped form of the program is the one-file bundle (`scripts/bundle`), which
 * `deno compile` embeds and `scripts/aws-vault` runs with `--no-lazy`. These tests build it
 * and check that it behaves exactly as the sources do: same stdout, stderr and exit code.
 */
import { assert, assertEquals } from "../helpers/assert.ts";
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
    "--v8-flags=--no-lazy",
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
    for (const source of [`${ROOT}main.ts`, `${ROOT}src/cli/run.ts`, `${ROOT}backends/file.ts`]) {
      assert(
        Deno.statSync(bundle).mtime! >= Deno.statSync(source).mtime!,
        `the bundle is not older than ${source}`,
      );
    }
  },
);
