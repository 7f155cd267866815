/**
 * A throwaway directory for tests that touch the real file system.
 *
 * @module
 */

/** Runs `fn` with a new temporary directory, removed (with its contents) afterwards. */
export async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "aws-vault-fs-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
