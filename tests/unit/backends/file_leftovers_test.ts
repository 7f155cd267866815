import assert from "node:assert/strict";
import { ABANDONED_AFTER_MS, removeAbandonedTempFiles } from "../../../backends/file_leftovers.ts";
import { parseAtomicTempName } from "../../../src/platform/atomic_temp.ts";
import { denoFs } from "../../../src/platform/deno_fs.ts";
import type { Fs } from "../../../src/platform/types.ts";

/** The process id of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true", { stdout: "null", stderr: "null" }).spawn();
  await child.status;
  return child.pid;
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "file_leftovers_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

/** The real file system, seen from an OS without /proc. */
function withoutProc(): Fs {
  const fs = denoFs();
  return { ...fs, stat: (p) => p.startsWith("/proc/") ? Promise.resolve(undefined) : fs.stat(p) };
}

Deno.test("parseAtomicTempName() recognises only writeFileAtomic's temporary names", () => {
  assert.deepEqual(parseAtomicTempName(".jon.tmp-123-0123456789ab"), { target: "jon", pid: 123 });
  assert.deepEqual(parseAtomicTempName(".a%2Fb.tmp-1-abcdefabcdef"), { target: "a%2Fb", pid: 1 });
  assert.deepEqual(parseAtomicTempName("..tmp-1-abcdefabcdef"), { target: "", pid: 1 });
  for (const name of ["jon.tmp-1-0123456789ab", ".jon.tmp-x-0123456789ab", ".jon.tmp-1-ABC"]) {
    assert.equal(parseAtomicTempName(name), undefined, name);
  }
});

Deno.test("removeAbandonedTempFiles() deletes a dead writer's file and keeps a live one's", async () => {
  await withTempDir(async (dir) => {
    const dead = `.jon.tmp-${await deadPid()}-0123456789ab`;
    const live = `.bob.tmp-${Deno.pid}-0123456789ab`;
    for (const name of [dead, live, "jon"]) Deno.writeTextFileSync(`${dir}/${name}`, "x");
    const lines: string[] = [];
    const log = { enabled: true, debug: (line: string) => lines.push(line) };
    const n = await removeAbandonedTempFiles({ dir, fs: denoFs(), now: () => new Date(), log });
    assert.equal(n, 1);
    assert.deepEqual(names(dir), [live, "jon"].sort());
    assert.match(
      lines.join("\n"),
      /deleting ".*\/\.jon\.tmp-\d+-0123456789ab", left by a killed writer: process \d+ no longer exists/,
    );
  });
});

Deno.test("removeAbandonedTempFiles() with a target touches only that item's files", async () => {
  await withTempDir(async (dir) => {
    const pid = await deadPid();
    const files = [`.jon.tmp-${pid}-0123456789ab`, `.jo.tmp-${pid}-0123456789ab`];
    for (const name of files) Deno.writeTextFileSync(`${dir}/${name}`, "x");
    const n = await removeAbandonedTempFiles({
      dir,
      fs: denoFs(),
      now: () => new Date(),
      target: "jo",
    });
    assert.equal(n, 1);
    assert.deepEqual(names(dir), [files[0]]);
  });
});

Deno.test("removeAbandonedTempFiles() without /proc goes by age alone", async () => {
  await withTempDir(async (dir) => {
    const name = `.jon.tmp-${await deadPid()}-0123456789ab`;
    Deno.writeTextFileSync(`${dir}/${name}`, "x");
    const mtime = Deno.statSync(`${dir}/${name}`).mtime!;
    const at = (ms: number) => () => new Date(mtime.getTime() + ms);
    const fs = withoutProc();
    assert.equal(await removeAbandonedTempFiles({ dir, fs, now: at(ABANDONED_AFTER_MS) }), 0);
    assert.deepEqual(names(dir), [name]);
    assert.equal(await removeAbandonedTempFiles({ dir, fs, now: at(ABANDONED_AFTER_MS + 1) }), 1);
    assert.deepEqual(names(dir), []);
  });
});

Deno.test("removeAbandonedTempFiles() on a missing directory does nothing", async () => {
  const n = await removeAbandonedTempFiles({
    dir: "/nonexistent/aws-vault-test",
    fs: denoFs(),
    now: () => new Date(),
  });
  assert.equal(n, 0);
});
