/**
 * The version a release build stamps into the program: `scripts/build.ts --version <tag>`
 * passes the tag to `scripts/bundle`, whose bundle then prints it for `--version`; without a
 * tag the bundle prints the development version of src/version.ts. A tag that does not name
 * this project's version of the aws-vault release it matches is refused before anything is
 * built. (`deno compile` itself needs the network, so these tests stop at the bundle, which is
 * the program the compiled binary embeds.)
 */
import { assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { withTempDir } from "../helpers/temp_dir.ts";
import { VERSION } from "../../src/version.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const dec = new TextDecoder();

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, {
    args,
    env: { DENO: Deno.execPath(), NO_COLOR: "1", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

/** Bundles into `dir` (with `version` when given) and returns what `--version` prints. */
async function bundledVersion(dir: string, version?: string): Promise<string> {
  const out = `${dir}/aws-vault.js`;
  const built = await run(`${ROOT}scripts/bundle`, version ? [out, version] : [out]);
  assertEquals(built.code, 0, built.stderr);
  const r = await run(Deno.execPath(), [
    "run",
    "-A",
    "--config",
    `${ROOT}deno.json`,
    out,
    "--version",
  ]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.stdout, "");
  return r.stderr;
}

Deno.test("a bundle built with a release version prints that version", async () => {
  await withTempDir(async (dir) => {
    const tag = "v7.2.0-deno.9.8.7";
    assertEquals(await bundledVersion(dir, tag), `${tag}\n`);
  });
});

Deno.test("a bundle built without a version prints the development version", async () => {
  await withTempDir(async (dir) => {
    assertEquals(await bundledVersion(dir), `${VERSION}\n`);
  });
});

Deno.test("build.ts refuses a version that is not v<aws-vault version>-deno.<ours>, building nothing", async () => {
  await withTempDir(async (dir) => {
    const prefix = VERSION.slice(0, VERSION.indexOf("-deno.") + "-deno.".length);
    for (const bad of ["0.2.0", "v0.2.0", "v7.2.1-deno.0.2.0", `${prefix}x`, `${prefix}1.2.3 `]) {
      const r = await run(Deno.execPath(), [
        "run",
        "-A",
        `${ROOT}scripts/build.ts`,
        "--version",
        bad,
        "--out-dir",
        dir,
      ]);
      assertEquals(r.code, 2, `${bad}: ${r.stderr}`);
      assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
      assertStringIncludes(r.stderr, `Invalid release version "${bad}": expected ${prefix}`);
      assertEquals([...Deno.readDirSync(dir)], [], "nothing is built");
    }
  });
});
