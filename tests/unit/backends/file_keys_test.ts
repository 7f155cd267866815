import assert from "node:assert/strict";
import { FileKeyring } from "../../../backends/file.ts";
import { denoFs } from "../../../src/platform/deno_fs.ts";
import type { Fs } from "../../../src/platform/types.ts";

function refusing(): () => Promise<string> {
  return () => Promise.reject(new Error("the passphrase must not be asked for"));
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir({ prefix: "file_keys_test_" });
  try {
    await fn(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

/** The real file system without `readDirEntries`: names are listed, then each one is stat'ed. */
function namesOnlyFs(): Fs {
  const { readDirEntries: _, ...rest } = denoFs();
  return rest;
}

/** A directory holding regular files, a sub-directory and symbolic links of every kind. */
async function populate(dir: string): Promise<void> {
  await Deno.writeTextFile(`${dir}/plain`, "");
  await Deno.writeTextFile(`${dir}/.DS_Store`, "");
  await Deno.writeTextFile(`${dir}/.plain.tmp-42-0123456789ab`, "");
  await Deno.mkdir(`${dir}/subdir`);
  await Deno.symlink(`${dir}/plain`, `${dir}/link-to-file`);
  await Deno.symlink(`${dir}/subdir`, `${dir}/link-to-dir`);
  await Deno.symlink(`${dir}/missing`, `${dir}/dangling`);
}

Deno.test("FileKeyring.keys() follows symbolic links: a link to a file is listed, others are not", async () => {
  await withTempDir(async (dir) => {
    await populate(dir);
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    assert.deepEqual(await keyring.keys(), [".DS_Store", "link-to-file", "plain"]);
  });
});

Deno.test("FileKeyring.keys() lists the same keys with an Fs that has no readDirEntries", async () => {
  await withTempDir(async (dir) => {
    await populate(dir);
    await Deno.writeTextFile(`${dir}/a%2Fb`, "");
    const typed = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    const named = new FileKeyring({ dir, fs: namesOnlyFs(), passphrase: refusing() });
    assert.deepEqual(await named.keys(), await typed.keys());
    assert.deepEqual(await named.keys(), [".DS_Store", "a/b", "link-to-file", "plain"]);
  });
});

Deno.test("FileKeyring.keys() sorts file names in UTF-8 byte order, also outside the BMP", async () => {
  await withTempDir(async (dir) => {
    // UTF-16 order would put U+1F511 (a surrogate pair) before U+FFFD and U+E000.
    const names = ["\u{1F511}", "\uFFFD", "\uE000", "z", "A", "é"];
    for (const name of names) await Deno.writeTextFile(`${dir}/${name}`, "");
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    assert.deepEqual(await keyring.keys(), ["A", "z", "é", "\uE000", "\uFFFD", "\u{1F511}"]);
  });
});

Deno.test("FileKeyring.keys() without surrogates sorts in UTF-8 byte order too", async () => {
  await withTempDir(async (dir) => {
    const names = ["b", "B", "é", "a-1", "a_1", "a.1", "~", "\u00FF", "\u0100"];
    for (const name of names) await Deno.writeTextFile(`${dir}/${name}`, "");
    const keyring = new FileKeyring({ dir, fs: denoFs(), passphrase: refusing() });
    // "-" < "." < "_" in ASCII; é (C3 A9) < ÿ (C3 BF) < Ā (C4 80) in UTF-8.
    assert.deepEqual(await keyring.keys(), [
      "B",
      "a-1",
      "a.1",
      "a_1",
      "b",
      "~",
      "é",
      "\u00FF",
      "\u0100",
    ]);
  });
});
