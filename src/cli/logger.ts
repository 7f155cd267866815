/**
 * The `--debug` logger: Go `log`-style lines on stderr, `YYYY/MM/DD HH:MM:SS <message>`.
 *
 * @module
 */

import type { Clock, Logger, Output } from "../platform/types.ts";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A logger that writes to `stderr` when `enabled`, and discards otherwise. */
export function createLogger(enabled: boolean, stderr: Output, clock: Clock): Logger {
  return {
    enabled,
    debug(message: string) {
      if (!enabled) return;
      const d = clock.now();
      const stamp = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ` +
        `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      stderr.write(`${stamp} ${message}\n`);
    },
  };
}
