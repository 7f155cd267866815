/**
 * scripts/install.sh for real, under dash, bash and busybox sh, against a local server holding a
 * fake release: what it installs, where and with which mode, and that a release it cannot
 * trust is refused in one line with nothing written (tests/helpers/install_world.ts).
 */
import { assertEquals } from "../helpers/assert.ts";
import { REPO, sha256Hex, standInBinary } from "../helpers/fake_release.ts";
import { ASSET, BINARY, installTest, TAG } from "../helpers/install_world.ts";

installTest("installs a pinned release, checked, mode 0755, without asking the API", async (w) => {
  await w.server.publish(TAG, { [ASSET]: BINARY, "aws-vault-darwin-arm64": standInBinary("x") });
  Deno.mkdirSync(w.dir, { recursive: true });
  Deno.writeTextFileSync(`${w.dir}/aws-vault`, "an older aws-vault", { mode: 0o700 });
  const r = await w.run();
  assertEquals(r, {
    code: 0,
    stdout: `Installed aws-vault ${TAG} to ${w.dir}/aws-vault\n` +
      `Note: ${w.dir} is not on PATH; add it to use aws-vault by name\n`,
    stderr: "",
  });
  assertEquals(Deno.readFileSync(`${w.dir}/aws-vault`), BINARY);
  assertEquals(Deno.statSync(`${w.dir}/aws-vault`).mode! & 0o777, 0o755);
  assertEquals(w.entries(w.dir), ["aws-vault"], "no temporary file left beside it");
  assertEquals(w.entries(w.tmp), [], "no temporary directory left");
  assertEquals(w.server.requested, [`/releases/${TAG}/SHA256SUMS`, `/releases/${TAG}/${ASSET}`]);
});

installTest(
  "finds the latest release through the GitHub API, installs into ~/.local/bin",
  async (w) => {
    w.server.latest = TAG;
    await w.server.publish(TAG, { [ASSET]: BINARY });
    const r = await w.run({ args: [], env: { AWS_VAULT_INSTALL_DIR: "" } });
    const dir = `${w.home}/.local/bin`;
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(r.stdout.split("\n")[0], `Installed aws-vault ${TAG} to ${dir}/aws-vault`);
    assertEquals(Deno.readFileSync(`${dir}/aws-vault`), BINARY);
    assertEquals(Deno.statSync(`${dir}/aws-vault`).mode! & 0o777, 0o755);
    assertEquals(w.server.requested[0], `/api/repos/${REPO}/releases/latest`);
  },
);

installTest(
  "accepts --version=TAG and SHA256SUMS lines in binary mode, any hex case",
  async (w) => {
    const sum = (await sha256Hex(BINARY)).toUpperCase();
    await w.server.publish(TAG, { [ASSET]: BINARY }, `${sum} *${ASSET}\n`);
    const r = await w.run({ args: [`--version=${TAG}`] });
    assertEquals([r.code, r.stderr], [0, ""]);
    assertEquals(Deno.readFileSync(`${w.dir}/aws-vault`), BINARY);
  },
);

installTest("refuses a binary whose checksum does not match", async (w) => {
  const wrong = "0".repeat(64);
  await w.server.publish(TAG, { [ASSET]: BINARY }, `${wrong}  ${ASSET}\n`);
  const actual = await sha256Hex(BINARY);
  w.assertRefused(
    await w.run(),
    `Checksum mismatch for "${ASSET}" of ${TAG}: expected ${wrong}, got ${actual}: not installing it`,
  );
});

installTest(
  "refuses when SHA256SUMS has no entry for the binary, downloading nothing more",
  async (w) => {
    await w.server.publish(TAG, { [ASSET]: BINARY }, `${await sha256Hex(BINARY)}  ${ASSET}.old\n`);
    w.assertRefused(
      await w.run(),
      `SHA256SUMS of ${TAG} has no entry for "${ASSET}": not installing it`,
    );
    assertEquals(w.server.requested, [`/releases/${TAG}/SHA256SUMS`]);
  },
);

installTest("refuses a release without SHA256SUMS, or without the binary", async (w) => {
  const base = w.server.releasesUrl;
  await w.server.publish(TAG, { [ASSET]: BINARY }, null);
  w.assertRefused(
    await w.run(),
    `Cannot download ${base}/${TAG}/SHA256SUMS: is "${TAG}" a release?`,
  );
  await w.server.publish(TAG, { [ASSET]: BINARY });
  w.server.files.delete(`/releases/${TAG}/${ASSET}`);
  w.assertRefused(await w.run(), `Cannot download ${base}/${TAG}/${ASSET}`);
});

installTest("refuses a binary that does not run here, leaving nothing", async (w) => {
  await w.server.publish(TAG, { [ASSET]: standInBinary("not for this system", 126) });
  w.assertRefused(
    await w.run(),
    "The downloaded aws-vault does not run on this system: not for this system",
  );
});

installTest("says so when the latest release cannot be found", async (w) => {
  const api = `${w.server.apiUrl}/repos/${REPO}/releases/latest`;
  w.assertRefused(
    await w.run({ args: [] }),
    `Cannot find the latest release: ${api} did not answer (pass --version vX.Y.Z)`,
  );
  w.server.latest = "";
  w.assertRefused(
    await w.run({ args: [] }),
    `Cannot find the latest release: no tag_name in ${api}`,
  );
  w.assertRefused(
    await w.run({ args: [], env: { AWS_VAULT_REPO: "" } }),
    "Unknown GitHub repository for the latest release: set AWS_VAULT_REPO=owner/name or pass --version",
  );
});
