/**
 * scripts/install.sh on different machines (tests/helpers/install_world.ts): which binary it
 * picks, which download and checksum tools it uses or misses, and where it installs or refuses
 * to, each refusal in one line with nothing written.
 */
import { assert, assertEquals } from "../helpers/assert.ts";
import { sha256Hex, standInBinary } from "../helpers/fake_release.ts";
import { ASSET, BINARY, installTest, TAG } from "../helpers/install_world.ts";

installTest("picks the binary of the OS and architecture uname names", async (w) => {
  const cases = [
    { os: "Linux", machine: "aarch64", asset: "aws-vault-linux-arm64" },
    { os: "Linux", machine: "amd64", asset: "aws-vault-linux-x64" },
    { os: "Darwin", machine: "arm64", asset: "aws-vault-darwin-arm64" },
    { os: "Darwin", machine: "x86_64", asset: "aws-vault-darwin-x64" },
  ];
  const assets = Object.fromEntries(cases.map((c) => [c.asset, standInBinary(c.asset)]));
  await w.server.publish(TAG, assets);
  for (const c of cases) {
    const r = await w.run({ os: c.os, machine: c.machine });
    assertEquals([r.code, r.stderr], [0, ""], `${c.os} ${c.machine}`);
    assertEquals(r.stdout.split("\n")[0], `Installed aws-vault ${c.asset} to ${w.dir}/aws-vault`);
  }
  // A shell under Rosetta says x86_64 on an Apple silicon Mac: the arm64 binary is installed.
  const rosetta = await w.run({
    os: "Darwin",
    machine: "x86_64",
    scripts: { sysctl: '[ "$*" = "-n sysctl.proc_translated" ] && echo 1' },
  });
  assertEquals(
    rosetta.stdout.split("\n")[0],
    `Installed aws-vault aws-vault-darwin-arm64 to ${w.dir}/aws-vault`,
  );
});

installTest("refuses an unknown architecture or OS before downloading anything", async (w) => {
  w.assertRefused(
    await w.run({ machine: "riscv64" }),
    'Unsupported architecture "riscv64": releases exist for x86-64 and arm64',
  );
  w.assertRefused(
    await w.run({ os: "FreeBSD" }),
    'Unsupported operating system "FreeBSD": releases exist for Linux, macOS and Windows',
  );
  w.assertRefused(
    await w.run({ os: "MINGW64_NT-10.0" }),
    'Unsupported operating system "MINGW64_NT-10.0": on Windows use install.ps1',
  );
  assertEquals(w.server.requested, []);
});

installTest(
  "checks the download with sha256sum, shasum or openssl, whichever exists",
  async (w) => {
    await w.server.publish(TAG, { [ASSET]: BINARY });
    const tools = w.shell.via ? ["sha256sum"] : ["sha256sum", "shasum", "openssl"];
    for (const tool of tools) {
      const r = await w.run({ tools: [w.shell.defaults[0], tool] });
      assertEquals([r.code, r.stderr], [0, ""], tool);
      assertEquals(r.stdout.split("\n")[0], `Installed aws-vault ${TAG} to ${w.dir}/aws-vault`);
    }
    Deno.removeSync(w.dir, { recursive: true });
    // The same tools see a wrong checksum.
    const wrong = "f".repeat(64);
    await w.server.publish(TAG, { [ASSET]: BINARY }, `${wrong}  ${ASSET}\n`);
    for (const tool of tools) {
      const r = await w.run({ tools: [w.shell.defaults[0], tool] });
      w.assertRefused(
        r,
        `Checksum mismatch for "${ASSET}" of ${TAG}: expected ${wrong}, got ${await sha256Hex(
          BINARY,
        )}: not installing it`,
      );
    }
    w.assertRefused(
      await w.run({ tools: [w.shell.defaults[0]] }),
      "Cannot check the download: none of sha256sum, shasum or openssl is installed",
    );
  },
);

installTest("downloads with curl or wget, whichever exists", async (w) => {
  await w.server.publish(TAG, { [ASSET]: BINARY });
  const downloaders = w.shell.via ? ["wget"] : ["curl", "wget"];
  for (const tool of downloaders) {
    const r = await w.run({ tools: [tool, "sha256sum"] });
    assertEquals([r.code, r.stderr], [0, ""], tool);
    assertEquals(r.stdout.split("\n")[0], `Installed aws-vault ${TAG} to ${w.dir}/aws-vault`);
  }
  Deno.removeSync(w.dir, { recursive: true });
  w.assertRefused(
    await w.run({ tools: ["sha256sum"] }),
    "Cannot download: neither curl nor wget is installed",
  );
});

installTest(
  "installs into /usr/local/bin as root, and refuses directories it cannot write",
  async (w) => {
    await w.server.publish(TAG, { [ASSET]: BINARY });
    // A stand-in mkdir that fails shows where root's install would go, without writing there.
    w.assertRefused(
      await w.run({ uid: 0, env: { AWS_VAULT_INSTALL_DIR: "" }, scripts: { mkdir: "exit 1" } }),
      'Cannot create the install directory "/usr/local/bin": set AWS_VAULT_INSTALL_DIR',
    );
    Deno.writeTextFileSync(`${w.root}/install`, "a file, not a directory");
    w.assertRefused(
      await w.run(),
      `Cannot create the install directory "${w.dir}": set AWS_VAULT_INSTALL_DIR`,
    );
    Deno.removeSync(`${w.root}/install`);
    Deno.mkdirSync(`${w.dir}/aws-vault`, { recursive: true });
    const r = await w.run();
    assertEquals(r.code, 1);
    assertEquals(
      r.stderr,
      `aws-vault install: "${w.dir}/aws-vault" is a directory: not replacing it\n`,
    );
    assertEquals(w.entries(w.dir), ["aws-vault"]);
    assert(Deno.statSync(`${w.dir}/aws-vault`).isDirectory);
    if (Deno.uid() !== 0) {
      // Only a user other than root is stopped by a directory's mode.
      Deno.removeSync(`${w.dir}/aws-vault`);
      Deno.chmodSync(w.dir, 0o555);
      w.assertRefused(
        await w.run(),
        `Cannot write to "${w.dir}": set AWS_VAULT_INSTALL_DIR to a directory you can write to`,
      );
      Deno.chmodSync(w.dir, 0o755);
    }
  },
);

installTest("refuses a malformed version or an unknown argument", async (w) => {
  for (const bad of ["7.2.0", "latest", "v1/../../x", "v1 2"]) {
    w.assertRefused(
      await w.run({ args: ["--version", bad] }),
      `Invalid version "${bad}": expected a release tag such as v7.2.0-deno.0.2.0`,
    );
  }
  w.assertRefused(
    await w.run({ args: ["--version"] }),
    "--version needs a release tag such as v7.2.0-deno.0.2.0",
  );
  w.assertRefused(
    await w.run({ args: ["--dir", "/tmp"] }),
    'Unknown argument "--dir": expected --version vX.Y.Z',
  );
  assertEquals(w.server.requested, []);
});
