/**
 * aws-vault for Deno: builds the real dependencies, runs the program and exits
 * with its code. Nothing else belongs here.
 *
 * @module
 */

import { run } from "./src/cli/run.ts";
import { denoEnv, denoIo, systemClock } from "./src/platform/deno_env.ts";
import { denoFs } from "./src/platform/deno_fs.ts";
import { denoInterrupts } from "./src/platform/deno_interrupts.ts";
import { denoFileLocks } from "./src/platform/deno_lock.ts";
import { denoProcessRunner } from "./src/platform/deno_proc.ts";
import { denoTerminal } from "./src/platform/deno_terminal.ts";
import type { OsName } from "./src/platform/types.ts";
import { VERSION } from "./src/version.ts";

const io = denoIo();
const os = (["linux", "darwin", "windows", "freebsd"] as const).find((o) => o === Deno.build.os) ??
  "other";
const code = await run(Deno.args, {
  env: denoEnv(),
  fs: denoFs(),
  clock: systemClock(),
  proc: denoProcessRunner({ getEnv: (name) => Deno.env.get(name) }),
  io,
  terminal: denoTerminal(io.stderr),
  os: os as OsName,
  version: VERSION,
  locks: denoFileLocks(),
  interrupts: denoInterrupts(os as OsName),
});
Deno.exit(code);
