/**
 * The `--debug` logger: Go `log`-style lines on stderr, `YYYY/MM/DD HH:MM:SS <message>`.
 *
 * @module
 */

import { escapeControlChars } from "../go_quote.ts";
import type { Clock, Logger, Output } from "../platform/types.ts";

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/**
 * A logger that writes to `stderr` when `enabled`, and discards otherwise.
 * Control characters of a message (a value from the config file can hold an
 * escape sequence) are written as Go escapes; its newlines and tabs are kept.
 */
export function createLogger(enabled: boolean, stderr: Output, clock: Clock): Logger {
  return {
    enabled,
    debug(message: string) {
      if (!enabled) return;
      const d = clock.now();
      const stamp = `${d.getFullYear()}/${pad(d.getMonth() + 1)}/${pad(d.getDate())} ` +
        `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
      const shown = message.split("\n").map((line) =>
        line.split("\t").map(escapeControlChars).join("\t")
      ).join("\n");
      stderr.write(`${stamp} ${shown}\n`);
    },
  };
}
