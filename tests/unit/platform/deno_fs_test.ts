import assert from "node:assert/strict";
import { denoFs } from "../../../src/platform/deno_fs.ts";
import { FileNotFoundError, FileTooLargeError } from "../../../src/platform/types.ts";

function withTempFile(data: Uint8Array | string, body: (path: string) => Promise<void>) {
  return async () => {
    const dir = Deno.makeTempDirSync({ prefix: "deno-fs-test-" });
    try {
      const path = `${dir}/file`;
      if (typeof data === "string") Deno.writeTextFileSync(path, data);
      else Deno.writeFileSync(path, data);
      await body(path);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  };
}

const BYTES = new Uint8Array(300_000).map((_, i) =>
  [0xef, 0xbb, 0xbf, 0xff, 0x41, 0x0a, 0xc3][i % 7]
);

Deno.test(
  "readTextFile() with maxBytes reads a file up to the limit as Deno.readTextFileSync does",
  withTempFile(BYTES, async (path) => {
    const text = await denoFs().readTextFile(path, { maxBytes: BYTES.length });
    assert.equal(text, Deno.readTextFileSync(path));
    assert.ok(text.startsWith("\uFEFF"), "the byte order mark is kept");
    assert.equal(await denoFs().readTextFile(path, { maxBytes: 1 << 24 }), text);
  }),
);

Deno.test(
  "readTextFile() with maxBytes refuses a file one byte larger",
  withTempFile(BYTES, async (path) => {
    await assert.rejects(
      () => denoFs().readTextFile(path, { maxBytes: BYTES.length - 1 }),
      (error: unknown) => error instanceof FileTooLargeError && error.maxBytes === BYTES.length - 1,
    );
  }),
);

Deno.test("readTextFile() with maxBytes stops reading an endless file at the limit", async () => {
  const started = Date.now();
  await assert.rejects(
    () => denoFs().readTextFile("/dev/zero", { maxBytes: 16 * 1024 * 1024 }),
    FileTooLargeError,
  );
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

Deno.test("readTextFile() with maxBytes reports a missing file as FileNotFoundError", async () => {
  await assert.rejects(
    () => denoFs().readTextFile("/nonexistent/aws-vault/config", { maxBytes: 10 }),
    FileNotFoundError,
  );
});

Deno.test(
  "readTextFile() with maxBytes reads an empty file",
  withTempFile("", async (path) => {
    assert.equal(await denoFs().readTextFile(path, { maxBytes: 0 }), "");
  }),
);
