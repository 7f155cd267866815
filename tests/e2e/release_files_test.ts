/**
 * scripts/release_files, which the release workflow runs: the install scripts it attaches know
 * their repository, and the dev container feature's tarball installs the release it came with
 * (or the one its `version` option names) through the install script inside it, into
 * /usr/local/bin unless AWS_VAULT_INSTALL_DIR says otherwise. Run under dash against a local
 * fake release (tests/helpers/fake_release.ts).
 */
import { assertEquals } from "../helpers/assert.ts";
import { FakeReleaseServer, REPO, standInBinary, which } from "../helpers/fake_release.ts";
import { withTempDir } from "../helpers/temp_dir.ts";

const SCRIPT = new URL("../../scripts/release_files", import.meta.url).pathname;
const TAG = "v7.2.0-deno.0.4.0";
const OTHER = "v7.2.0-deno.0.3.0";
const dec = new TextDecoder();

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, {
    args,
    env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Runs `fn` with release files for {@linkcode TAG} of {@linkcode REPO} and a fake release. */
function withRelease(fn: (dir: string, server: FakeReleaseServer) => Promise<void>) {
  return withTempDir(async (dir) => {
    const made = await run(SCRIPT, [TAG, REPO, `${dir}/release`]);
    assertEquals(made, { code: 0, stdout: "", stderr: "" });
    const server = new FakeReleaseServer();
    try {
      for (const tag of [TAG, OTHER]) {
        await server.publish(tag, { "aws-vault-linux-x64": standInBinary(tag) });
      }
      server.latest = OTHER;
      await fn(dir, server);
    } finally {
      await server.close();
    }
  });
}

function installEnv(dir: string, server: FakeReleaseServer, extra: Record<string, string> = {}) {
  return {
    AWS_VAULT_RELEASES_URL: server.releasesUrl,
    AWS_VAULT_API_URL: server.apiUrl,
    AWS_VAULT_INSTALL_DIR: `${dir}/bin`,
    ...extra,
  };
}

Deno.test("the attached install.sh asks for the latest release of its own repository", async () => {
  await withRelease(async (dir, server) => {
    const r = await run(which("dash"), [`${dir}/release/install.sh`], installEnv(dir, server));
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(r.stdout.split("\n")[0], `Installed aws-vault ${OTHER} to ${dir}/bin/aws-vault`);
    assertEquals(server.requested[0], `/api/repos/${REPO}/releases/latest`);
  });
});

Deno.test("the dev container feature installs its own release, or the version option's", async () => {
  await withRelease(async (dir, server) => {
    const feature = `${dir}/feature`;
    Deno.mkdirSync(feature);
    const untar = await run("tar", [
      "-xzf",
      `${dir}/release/devcontainer-feature-aws-vault.tgz`,
      "-C",
      feature,
    ]);
    assertEquals(untar.code, 0, untar.stderr);
    const json = JSON.parse(Deno.readTextFileSync(`${feature}/devcontainer-feature.json`));
    assertEquals([json.id, json.version, json.options.version.default], ["aws-vault", "0.4.0", ""]);
    assertEquals(
      Deno.readTextFileSync(`${feature}/aws-vault-install.sh`),
      Deno.readTextFileSync(`${dir}/release/install.sh`),
    );
    const dash = which("dash");
    const own = await run(dash, [`${feature}/install.sh`], installEnv(dir, server));
    assertEquals([own.code, own.stderr], [0, ""]);
    assertEquals(own.stdout.split("\n")[0], `Installed aws-vault ${TAG} to ${dir}/bin/aws-vault`);
    const pinned = await run(
      dash,
      [`${feature}/install.sh`],
      installEnv(dir, server, { VERSION: OTHER }),
    );
    assertEquals(
      pinned.stdout.split("\n")[0],
      `Installed aws-vault ${OTHER} to ${dir}/bin/aws-vault`,
    );
    server.requested.length = 0;
    const latest = await run(
      dash,
      [`${feature}/install.sh`],
      installEnv(dir, server, { VERSION: "latest" }),
    );
    assertEquals(
      latest.stdout.split("\n")[0],
      `Installed aws-vault ${OTHER} to ${dir}/bin/aws-vault`,
    );
    assertEquals(server.requested[0], `/api/repos/${REPO}/releases/latest`);
  });
});

Deno.test("release_files refuses a malformed tag or repository, writing nothing", async () => {
  await withTempDir(async (dir) => {
    for (const args of [["7.2.0", REPO], [TAG, "no-slash"], [TAG, "a/b c"]]) {
      const r = await run(SCRIPT, [...args, `${dir}/out`]);
      assertEquals(r.code, 2, args.join(" "));
      assertEquals(
        r.stderr,
        "usage: scripts/release_files TAG OWNER/REPO DIR (TAG like v7.2.0-deno.0.2.0)\n",
      );
    }
    assertEquals([...Deno.readDirSync(dir)], []);
  });
});
