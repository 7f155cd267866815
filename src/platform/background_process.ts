/**
 * Starts a program that outlives the steps that started it (the EC2
 * metadata proxy): in a session of its own, so that signals a terminal sends
 * to our process group do not reach it, with no standard input and our
 * standard output and error.
 *
 * @module
 */

import { signalNumber } from "./signals.ts";

/** A program started in the background. */
export interface BackgroundProcess {
  /** Its exit status (128 + n when signal n ended it). */
  readonly status: Promise<number>;
  /** Sends `signal`; nothing happens when it has already exited. */
  kill(signal: Deno.Signal): void;
}

/** Starts `cmd args...` in the background (see the module's description). */
export function startBackground(cmd: string, args: string[]): BackgroundProcess {
  const child = new Deno.Command(cmd, {
    args,
    stdin: "null",
    stdout: "inherit",
    stderr: "inherit",
    detached: true,
  }).spawn();
  return {
    status: child.status.then((s) =>
      s.signal ? 128 + signalNumber(s.signal, Deno.build.os) : s.code
    ),
    kill(signal) {
      try {
        child.kill(signal);
      } catch {
        // it has already exited
      }
    },
  };
}
