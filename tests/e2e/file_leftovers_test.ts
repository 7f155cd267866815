/**
 * End to end: the temporary files of file-backend writers that were killed
 * mid-write (complete encrypted copies of credentials) are deleted by the next
 * write, by `clear` and by `remove` of their profile; a live writer's are kept.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { type CliSandbox, sandboxTest } from "../helpers/cli.ts";
import { startStalledAdd } from "../helpers/stalled_writer.ts";

const KEYS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG" };
const OTHER = { accessKeyId: "AKIAI44QH8DHBEXAMPLE", secretAccessKey: "je7MtGbClwBF/2Zp9Utk" };

async function add(s: CliSandbox, profile: string, keys = KEYS): Promise<void> {
  const r = await s.run(["add", "--env", "--no-add-config", profile], {
    env: { AWS_ACCESS_KEY_ID: keys.accessKeyId, AWS_SECRET_ACCESS_KEY: keys.secretAccessKey },
  });
  assertEquals(r.code, 0, r.stderr);
}

/** Kills an `add` of `profile` mid-write; returns the temporary file it left. */
async function killedAdd(s: CliSandbox, profile: string, keys = OTHER): Promise<string> {
  const writer = await startStalledAdd(s, profile, keys);
  await writer.kill();
  assert(s.keyFiles().includes(writer.tempName), `no leftover in ${s.keyFiles()}`);
  assert(new RegExp(`^\\.${profile}\\.tmp-${writer.pid}-[0-9a-f]{12}$`).test(writer.tempName));
  return writer.tempName;
}

sandboxTest("clear deletes the temporary file of a writer killed mid-write", async (s) => {
  await add(s, "jon");
  const leftover = await killedAdd(s, "bob");
  const r = await s.run(["--debug", "clear"]);
  assertEquals([r.code, r.stdout], [0, "Cleared 0 sessions.\n"], r.stderr);
  assertStringIncludes(
    r.stderr,
    `file backend: deleting "${s.keysDir}/${leftover}", left by a killed writer: process ${
      /tmp-(\d+)-/.exec(leftover)![1]
    } no longer exists\n`,
  );
  assertEquals(s.keyFiles(), ["jon"]);
});

sandboxTest("clear <profile> deletes it too", async (s) => {
  await add(s, "jon");
  await killedAdd(s, "jon");
  const r = await s.run(["clear", "jon"]);
  assertEquals([r.code, r.stdout, r.stderr], [0, "Cleared 0 sessions.\n", ""]);
  assertEquals(s.keyFiles(), ["jon"]);
});

sandboxTest("remove deletes its profile's leftover with the stored key", async (s) => {
  await add(s, "jon");
  await killedAdd(s, "jon");
  const r = await s.run(["remove", "--force", "jon"]);
  assertEquals([r.code, r.stdout, r.stderr], [0, "Deleted credentials.\n", ""]);
  assertEquals(s.keyFiles(), []);
});

sandboxTest("a later add deletes leftovers of killed writers", async (s) => {
  await killedAdd(s, "jon");
  await killedAdd(s, "bob");
  await add(s, "amy");
  assertEquals(s.keyFiles(), ["amy"]);
  // The killed writes never took effect.
  const list = await s.run(["list", "--credentials"]);
  assertEquals(list.stdout, "amy\n");
});

sandboxTest("a live writer's temporary file is never deleted", async (s) => {
  await add(s, "jon");
  const writer = await startStalledAdd(s, "bob", OTHER);
  try {
    const cleared = await s.run(["clear"]);
    assertEquals(cleared.code, 0, cleared.stderr);
    await add(s, "amy");
    const removed = await s.run(["remove", "--force", "jon"]);
    assertEquals(removed.code, 0, removed.stderr);
    assertEquals(s.keyFiles(), [writer.tempName, "amy"].sort());
  } finally {
    await writer.kill();
  }
});

sandboxTest("an old temporary file is deleted even when its process id is in use", async (s) => {
  await add(s, "jon");
  // The process id may have been reused: this test process is alive, but the file is a day old.
  const old = `.bob.tmp-${Deno.pid}-0123456789ab`;
  const recent = `.amy.tmp-${Deno.pid}-ba9876543210`;
  for (const name of [old, recent]) {
    Deno.writeTextFileSync(`${s.keysDir}/${name}`, Deno.readTextFileSync(`${s.keysDir}/jon`));
  }
  const dayAgo = new Date(Date.now() - 24 * 3600_000);
  Deno.utimeSync(`${s.keysDir}/${old}`, dayAgo, dayAgo);
  const r = await s.run(["clear"]);
  assertEquals(r.code, 0, r.stderr);
  assertEquals(s.keyFiles(), [recent, "jon"]);
});
