/**
 * The temporary files `Fs.writeFileAtomic` writes before renaming
 * them over their destination: `.<name>.tmp-<pid>-<12 hex digits>`, in the
 * destination's directory.
 *
 * @module
 */

/** Matches a temporary file's name; groups: the destination's file name, the writer's process id. */
const TEMP_NAME = /^\.(.*)\.tmp-(\d+)-[0-9a-f]{12}$/s;

/** The temporary file name for destination file `name`, written by process `pid`. */
export function atomicTempName(name: string, pid: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const suffix = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `.${name}.tmp-${pid}-${suffix}`;
}

/**
 * The parts of a temporary file's name (`.<file name>.tmp-<pid>-<12 hex>`):
 * the destination's file name and the writer's process id; `undefined` when
 * `name` is not one.
 */
export function parseAtomicTempName(name: string): { target: string; pid: number } | undefined {
  if (!name.startsWith(".")) return undefined;
  const m = TEMP_NAME.exec(name);
  return m ? { target: m[1], pid: Number(m[2]) } : undefined;
}

/** Whether the file name `name` has the form of {@linkcode atomicTempName}'s names. */
export function isAtomicTempName(name: string): boolean {
  return parseAtomicTempName(name) !== undefined;
}
