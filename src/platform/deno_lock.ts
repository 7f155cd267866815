/**
 * The real {@linkcode FileLocks}, on `Deno.FsFile.tryLock` (`flock(2)` on
 * POSIX): the kernel drops the lock when the holding process exits or is
 * killed, so there is no stale lock file to detect or clean up.
 *
 * @module
 */

import type { FileLocks, HeldLock } from "./types.ts";

/** Creates the real lock provider. */
export function denoFileLocks(): FileLocks {
  return {
    async tryAcquire(path: string): Promise<HeldLock | undefined> {
      const file = await Deno.open(path, { read: true, write: true, create: true, mode: 0o600 });
      let locked = false;
      try {
        locked = await file.tryLock(true);
      } finally {
        if (!locked) file.close();
      }
      if (!locked) return undefined;
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          try {
            await file.unlock();
          } finally {
            file.close();
          }
        },
      };
    },
  };
}
