/**
 * The real {@linkcode Interrupts}: SIGINT (and SIGBREAK on Windows, Ctrl-Break)
 * through `Deno.addSignalListener`. Nothing is installed until a watch starts,
 * and the OS's default (the process ends) is back once it stops.
 *
 * @module
 */

import type { Interrupts, OsName } from "./types.ts";

/** Ctrl-C as an event for `os`. */
export function denoInterrupts(os: OsName): Interrupts {
  const signals: Deno.Signal[] = os === "windows" ? ["SIGINT", "SIGBREAK"] : ["SIGINT"];
  return {
    watch(onInterrupt) {
      const listener = () => onInterrupt();
      for (const signal of signals) Deno.addSignalListener(signal, listener);
      return () => {
        for (const signal of signals) Deno.removeSignalListener(signal, listener);
      };
    },
  };
}
