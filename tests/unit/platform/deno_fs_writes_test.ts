import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import { denoFs } from "../../../src/platform/deno_fs.ts";
import { withTempDir } from "../../helpers/temp_dir.ts";

const names = (dir: string) => [...Deno.readDirSync(dir)].map((e) => e.name).sort();

Deno.test("writeFileAtomic() with followSymlinks writes a chain's final target and keeps the links", async () => {
  await withTempDir(async (dir) => {
    Deno.mkdirSync(`${dir}/real`);
    Deno.mkdirSync(`${dir}/links`);
    Deno.writeTextFileSync(`${dir}/real/config`, "old");
    Deno.symlinkSync(`${dir}/real/config`, `${dir}/links/absolute`);
    Deno.symlinkSync("absolute", `${dir}/links/relative`);
    const before = Deno.statSync(`${dir}/real/config`).ino;
    await denoFs().writeFileAtomic(`${dir}/links/relative`, "new", {
      mode: 0o640,
      followSymlinks: true,
    });
    assertEquals(Deno.readLinkSync(`${dir}/links/relative`), "absolute");
    assertEquals(Deno.readLinkSync(`${dir}/links/absolute`), `${dir}/real/config`);
    assertEquals(Deno.readTextFileSync(`${dir}/real/config`), "new");
    assertEquals(Deno.statSync(`${dir}/real/config`).mode! & 0o777, 0o640);
    assert(Deno.statSync(`${dir}/real/config`).ino !== before, "written in place, not renamed");
    assertEquals(names(`${dir}/real`), ["config"]);
    assertEquals(names(`${dir}/links`), ["absolute", "relative"]);
  });
});

Deno.test("writeFileAtomic() with followSymlinks creates a dangling link's target", async () => {
  await withTempDir(async (dir) => {
    Deno.mkdirSync(`${dir}/real`);
    Deno.symlinkSync("real/config", `${dir}/link`);
    await denoFs().writeFileAtomic(`${dir}/link`, "new", { followSymlinks: true });
    assert(Deno.lstatSync(`${dir}/link`).isSymlink);
    assertEquals(Deno.readTextFileSync(`${dir}/real/config`), "new");
  });
});

Deno.test("writeFileAtomic() with followSymlinks fails on a link loop, writing nothing", async () => {
  await withTempDir(async (dir) => {
    Deno.symlinkSync("b", `${dir}/a`);
    Deno.symlinkSync("a", `${dir}/b`);
    await assertRejects(
      () => denoFs().writeFileAtomic(`${dir}/a`, "new", { followSymlinks: true }),
      Error,
      `Too many levels of symbolic links: "${dir}/a"`,
    );
    assertEquals(names(dir), ["a", "b"]);
  });
});

Deno.test("writeFileAtomic() without followSymlinks still replaces a link with a file", async () => {
  await withTempDir(async (dir) => {
    Deno.writeTextFileSync(`${dir}/target`, "old");
    Deno.symlinkSync("target", `${dir}/link`);
    await denoFs().writeFileAtomic(`${dir}/link`, "new");
    assert(Deno.lstatSync(`${dir}/link`).isFile);
    assertEquals(Deno.readTextFileSync(`${dir}/target`), "old");
  });
});

Deno.test("ensureFile() creates an empty file, through a dangling link, and keeps one that exists", async () => {
  await withTempDir(async (dir) => {
    const fs = denoFs();
    await fs.ensureFile(`${dir}/new`, { mode: 0o600 });
    assertEquals(Deno.readTextFileSync(`${dir}/new`), "");
    assertEquals(Deno.statSync(`${dir}/new`).mode! & 0o777, 0o600);
    Deno.writeTextFileSync(`${dir}/kept`, "[profile a]\n", { mode: 0o644 });
    Deno.chmodSync(`${dir}/kept`, 0o644);
    await fs.ensureFile(`${dir}/kept`, { mode: 0o600 });
    assertEquals(Deno.readTextFileSync(`${dir}/kept`), "[profile a]\n");
    assertEquals(Deno.statSync(`${dir}/kept`).mode! & 0o777, 0o644);
    Deno.symlinkSync("target", `${dir}/link`);
    await fs.ensureFile(`${dir}/link`);
    assert(Deno.lstatSync(`${dir}/link`).isSymlink);
    assertEquals(Deno.readTextFileSync(`${dir}/target`), "");
  });
});
