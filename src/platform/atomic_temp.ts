/**
 * The temporary files `Fs.writeFileAtomic` writes before renaming
 * them over their destination: `.<name>.tmp-<pid>-<12 hex digits>`, in the
 * destination's directory.
 *
 * @module
 */

const TEMP_NAME = /^\..*\.tmp-\d+-[0-9a-f]{12}$/s;

/** The temporary file name for destination file `name`, written by process `pid`. */
export function atomicTempName(name: string, pid: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  const suffix = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `.${name}.tmp-${pid}-${suffix}`;
}

/** Whether the file name `name` has the form of {@linkcode atomicTempName}'s names. */
export function isAtomicTempName(name: string): boolean {
  return name.startsWith(".") && TEMP_NAME.test(name);
}
