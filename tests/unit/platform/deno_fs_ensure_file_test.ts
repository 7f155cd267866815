import { assert, assertEquals } from "../../helpers/assert.ts";
import { denoFs } from "../../../src/platform/deno_fs.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "aws-vault-fs-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

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
