/**
 * Builds a {@linkcode CommandContext} on fakes: in-memory file system with a
 * config file, an in-memory keyring, captured output, a scripted terminal.
 *
 * @module
 */

import { MemoryKeyring } from "../../../../backends/memory.ts";
import { CommandContext, type GlobalOptions } from "../../../../src/cli/context.ts";
import type { Deps, Logger } from "../../../../src/platform/types.ts";
import { fakeDeps, FakeProcessRunner, FakeTerminal } from "../../../helpers/fakes.ts";

/** The global options as the parser gives them by default. */
export const GLOBALS: GlobalOptions = {
  debug: false,
  backend: "",
  prompt: "",
  keychain: "aws-vault",
  secretServiceCollection: "awsvault",
  passDir: "",
  passCmd: "pass",
  passPrefix: "",
  fileDir: "~/.awsvault/keys/",
};

/** Options of {@linkcode commandWorld}. */
export interface WorldOptions {
  config?: string;
  vars?: Record<string, string>;
  /** Terminal answers; undefined = no terminal. */
  answers?: string[];
  proc?: FakeProcessRunner;
  stdoutIsTerminal?: boolean;
}

/** A command context on fakes, plus handles to inspect what happened. */
export function commandWorld(options: WorldOptions = {}) {
  const { deps, stdout, stderr, fs, clock } = fakeDeps({
    vars: { HOME: "/home/u", ...options.vars },
  });
  if (options.config !== undefined) fs.put("/home/u/.aws/config", options.config);
  const terminal = new FakeTerminal(options.answers, stderr);
  const proc = options.proc ?? new FakeProcessRunner();
  const finalDeps: Deps = {
    ...deps,
    terminal,
    proc,
    io: {
      ...deps.io,
      stdout: {
        write: (t) => stdout.write(t),
        isTerminal: () => options.stdoutIsTerminal ?? false,
      },
    },
  };
  const keyring = new MemoryKeyring({ backend: "file" });
  const lines: string[] = [];
  const log: Logger = { enabled: false, debug: (m) => lines.push(m) };
  const ctx = new CommandContext(finalDeps, GLOBALS, log, { keyring });
  return { ctx, keyring, stdout, stderr, fs, clock, terminal, proc, debugLines: lines };
}
