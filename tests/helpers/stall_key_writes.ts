/**
 * Loaded with `deno run --preload` before the CLI: the first rename into the file
 * backend's key directory never completes, so the process stays mid-write with its
 * temporary file written, flushed and not yet renamed (the state a killed writer
 * leaves). It then prints `stalled <temporary path>` on stderr and waits to be killed.
 *
 * @module
 */

const rename = Deno.rename;
Deno.rename = (from: string | URL, to: string | URL): Promise<void> => {
  if (!String(to).includes("/.awsvault/keys/")) return rename(from, to);
  console.error(`stalled ${from}`);
  setInterval(() => {}, 60_000); // keeps the process alive until it is killed
  return new Promise(() => {});
};
