/**
 * Time limits that are cheap to start.
 *
 * A process's first `setTimeout` or `clearTimeout` makes Deno load its timer
 * code, which costs far more than `AbortSignal.timeout` (figures in
 * docs/performance.md). The keyring hot paths (a D-Bus call, a `pass show`
 * run) bound every step with a time limit that almost never fires, so they
 * use this instead.
 *
 * The underlying timer cannot be cancelled, only ignored: until it expires it
 * keeps the event loop alive. The program ends with `Deno.exit`, so it never
 * waits for one; long-lived callers should not start many long deadlines.
 *
 * @module
 */

/** Calls `onExpire` once, `ms` milliseconds from now, unless the returned function is called first. */
export function startDeadline(ms: number, onExpire: () => void): () => void {
  const signal = AbortSignal.timeout(Math.max(0, ms));
  let live = true;
  const fire = () => {
    if (!live) return;
    live = false;
    onExpire();
  };
  signal.addEventListener("abort", fire, { once: true });
  return () => {
    live = false;
    signal.removeEventListener("abort", fire);
  };
}
