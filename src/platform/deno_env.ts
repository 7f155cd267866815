/**
 * The real {@linkcode Env}, {@linkcode Clock} and {@linkcode Io}.
 *
 * @module
 */

import type { Clock, Env, Io, Output } from "./types.ts";

/** The process environment. */
export function denoEnv(): Env {
  return {
    get: (name) => Deno.env.get(name),
    toObject: () => Deno.env.toObject(),
  };
}

/** The system clock. */
export function systemClock(): Clock {
  return {
    now: () => new Date(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}

function output(stream: typeof Deno.stdout | typeof Deno.stderr): Output {
  const encoder = new TextEncoder();
  return {
    write(text: string) {
      const bytes = encoder.encode(text);
      let written = 0;
      try {
        while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
      } catch (error) {
        // A closed pipe (e.g. `| head`) is not our failure to report.
        if (!(error instanceof Deno.errors.BrokenPipe)) throw error;
      }
    },
    isTerminal: () => stream.isTerminal(),
  };
}

/** The process's standard streams. */
export function denoIo(): Io {
  return {
    stdout: output(Deno.stdout),
    stderr: output(Deno.stderr),
    stdinIsTerminal: () => Deno.stdin.isTerminal(),
  };
}
