/**
 * The real {@linkcode Terminal}: questions asked on the controlling terminal
 * (`/dev/tty`, or the console on Windows), never on redirected stdin/stdout.
 *
 * @module
 */

import { NoTerminalError } from "../errors.ts";
import type { Output, Terminal } from "./types.ts";

const NO_TERMINAL = "no terminal is available to ask on";

interface TtyHandle {
  reader: Deno.FsFile | typeof Deno.stdin;
  writer: Deno.FsFile | typeof Deno.stderr;
  close(): void;
}

function openTty(): TtyHandle | undefined {
  if (Deno.build.os === "windows") {
    try {
      const reader = Deno.openSync("CONIN$", { read: true, write: true });
      const writer = Deno.openSync("CONOUT$", { write: true });
      return { reader, writer, close: () => (reader.close(), writer.close()) };
    } catch {
      if (!Deno.stdin.isTerminal()) return undefined;
      return { reader: Deno.stdin, writer: Deno.stderr, close: () => {} };
    }
  }
  try {
    const file = Deno.openSync("/dev/tty", { read: true, write: true });
    return { reader: file, writer: file, close: () => file.close() };
  } catch {
    return undefined;
  }
}

function writeAll(w: { writeSync(p: Uint8Array): number }, text: string): void {
  const bytes = new TextEncoder().encode(text);
  let n = 0;
  while (n < bytes.length) n += w.writeSync(bytes.subarray(n));
}

/** Reads a line in canonical (cooked) mode: the terminal echoes and edits. */
async function readCookedLine(reader: TtyHandle["reader"]): Promise<string> {
  const buf = new Uint8Array(1024);
  const chunks: number[] = [];
  while (true) {
    const n = await reader.read(buf);
    if (n === null || n === 0) {
      if (chunks.length === 0) throw new NoTerminalError("end of input on the terminal");
      break;
    }
    const part = buf.subarray(0, n);
    const nl = part.indexOf(10);
    if (nl >= 0) {
      chunks.push(...part.subarray(0, nl));
      break;
    }
    chunks.push(...part);
  }
  return new TextDecoder().decode(new Uint8Array(chunks)).replace(/\r$/, "");
}

/**
 * Reads a line without echo, handling backspace, Ctrl-C and Ctrl-D. The caller
 * has already put the terminal in raw mode (before showing the prompt, so that
 * fast or pasted input is never echoed).
 */
async function readHiddenLine(reader: TtyHandle["reader"]): Promise<string> {
  const bytes: number[] = [];
  const buf = new Uint8Array(64);
  outer: while (true) {
    const n = await reader.read(buf);
    if (n === null || n === 0) break;
    for (const b of buf.subarray(0, n)) {
      if (b === 13 || b === 10) break outer;
      if (b === 3) throw new NoTerminalError("interrupted");
      if (b === 4) {
        if (bytes.length === 0) throw new NoTerminalError("end of input on the terminal");
        break outer;
      }
      if (b === 127 || b === 8) {
        // drop the last UTF-8 character
        while (bytes.length > 0 && (bytes[bytes.length - 1] & 0xc0) === 0x80) bytes.pop();
        bytes.pop();
        continue;
      }
      bytes.push(b);
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** Creates the real terminal. `stderr` receives prompts sent with `promptTo: "stderr"`. */
export function denoTerminal(stderr: Output): Terminal {
  return {
    available() {
      const tty = openTty();
      tty?.close();
      return tty !== undefined;
    },
    async prompt(message, options) {
      const tty = openTty();
      if (!tty) throw new NoTerminalError(NO_TERMINAL);
      let raw = false;
      try {
        // Echo goes off before the prompt appears: input typed or pasted at once is never shown.
        if (!options.echo) {
          tty.reader.setRaw(true);
          raw = true;
        }
        if (options.promptTo === "stderr") stderr.write(message);
        else writeAll(tty.writer, message);
        if (options.echo) return await readCookedLine(tty.reader);
        const line = await readHiddenLine(tty.reader);
        // The user's Enter was not echoed: end the prompt line ourselves.
        if (options.promptTo === "stderr") stderr.write("\n");
        else writeAll(tty.writer, "\n");
        return line;
      } finally {
        if (raw) tty.reader.setRaw(false);
        tty.close();
      }
    },
  };
}
