/**
 * The temporary files of the file backend's writers that were killed mid-write.
 * Every write goes through a temporary file `.<file name>.tmp-<pid>-<12 hex>`
 * holding the complete encrypted item, renamed over the item's file once flushed;
 * a writer killed before the rename leaves it behind. These helpers find such
 * files and delete the ones whose writer is gone.
 *
 * @module
 */

import { messageOf } from "../src/errors.ts";
import { type DirEntry, FileNotFoundError, type Fs, type Logger } from "../src/platform/types.ts";
import { parseAtomicTempName } from "../src/platform/atomic_temp.ts";

/** A temporary file older than this is abandoned whatever its process id. */
export const ABANDONED_AFTER_MS = 10 * 60_000;

/** What {@linkcode removeAbandonedTempFiles} needs. */
export interface LeftoverOptions {
  /** The file backend's directory. */
  dir: string;
  fs: Fs;
  now: () => Date;
  log?: Logger;
  /** Only the temporary files of this item file name; all when absent. */
  target?: string;
}

/**
 * Why the writer of a temporary file is gone, or `undefined` while it may be alive.
 *
 * A writer holds its temporary file for the milliseconds between creating and
 * renaming it, so the file is abandoned when its process no longer exists or
 * when it is older than {@linkcode ABANDONED_AFTER_MS}. Where `/proc` lists the
 * processes (Linux), a missing `/proc/<pid>` says the process is gone without
 * signalling anything; the age rule covers a process id since reused by another
 * process, and is the only rule where there is no `/proc`. A live writer's file is
 * kept unless that writer has been stopped (e.g. suspended) for longer than the
 * limit; its rename then fails with an error and nothing stored is lost.
 */
async function writerGone(
  fs: Fs,
  path: string,
  pid: number,
  options: { now: Date; procfs: boolean },
): Promise<string | undefined> {
  const info = await fs.stat(path);
  if (info === undefined || !info.isFile) return undefined;
  const age = info.mtime ? options.now.getTime() - info.mtime.getTime() : 0;
  if (age > ABANDONED_AFTER_MS) return `it is older than ${ABANDONED_AFTER_MS / 60_000} minutes`;
  if (options.procfs && (await fs.stat(`/proc/${pid}`)) === undefined) {
    return `process ${pid} no longer exists`;
  }
  return undefined;
}

/**
 * Deletes the temporary files in the directory whose writer is gone (see
 * {@linkcode writerGone}); returns how many. Best effort: a file that cannot be
 * examined or deleted is left alone and mentioned in `--debug` output.
 */
export async function removeAbandonedTempFiles(options: LeftoverOptions): Promise<number> {
  const { dir, fs, log } = options;
  const join = (name: string) => /[/\\]$/.test(dir) ? dir + name : `${dir}/${name}`;
  let entries: readonly (DirEntry | string)[];
  try {
    entries = fs.readDirEntries ? await fs.readDirEntries(dir) : await fs.readDir(dir);
  } catch {
    return 0; // no directory, no leftovers; anything else is for the item operations to report
  }
  const temps: { name: string; pid: number }[] = [];
  for (const entry of entries) {
    const name = typeof entry === "string" ? entry : entry.name;
    const temp = parseAtomicTempName(name);
    if (temp && (options.target === undefined || temp.target === options.target)) {
      temps.push({ name, pid: temp.pid });
    }
  }
  if (temps.length === 0) return 0;
  const now = options.now();
  const procfs = await fs.stat("/proc/self").then((i) => i?.isDirectory === true, () => false);
  let removed = 0;
  for (const { name, pid } of temps) {
    const path = join(name);
    try {
      const reason = await writerGone(fs, path, pid, { now, procfs });
      if (reason === undefined) continue;
      log?.debug(
        `file backend: deleting ${JSON.stringify(path)}, left by a killed writer: ${reason}`,
      );
      await fs.remove(path);
      removed++;
    } catch (error) {
      if (error instanceof FileNotFoundError) continue;
      log?.debug(`file backend: cannot delete ${JSON.stringify(path)}: ${messageOf(error)}`);
    }
  }
  return removed;
}
