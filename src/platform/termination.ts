/**
 * Listening for the signals that ask a long-running process to end
 * (SIGINT, and SIGTERM where the OS has it), for servers that must undo what
 * they changed before they go.
 *
 * @module
 */

/**
 * Calls `handler` with the signal's name when SIGINT or SIGTERM arrives (only
 * SIGINT on Windows); returns a function that stops listening.
 */
export function onTermination(handler: (signal: Deno.Signal) => void): () => void {
  const signals: Deno.Signal[] = Deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
  const listeners = signals.map((signal) => {
    const listener = () => handler(signal);
    Deno.addSignalListener(signal, listener);
    return { signal, listener };
  });
  return () => {
    for (const { signal, listener } of listeners) Deno.removeSignalListener(signal, listener);
  };
}
