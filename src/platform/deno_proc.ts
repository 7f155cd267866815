/**
 * The real {@linkcode ProcessRunner}, on `Deno.Command`.
 *
 * @module
 */

import {
  ExecutableNotFoundError,
  type ProcessRunner,
  type RunRequest,
  type RunResult,
} from "./types.ts";
import { signalNumber } from "./signals.ts";

/** Signals relayed to a child run with inherited stdio (POSIX). */
const RELAYED: Deno.Signal[] = [
  "SIGTERM",
  "SIGHUP",
  "SIGUSR1",
  "SIGUSR2",
  "SIGINT",
  "SIGQUIT",
  "SIGWINCH",
];
/** Signals a terminal delivers to the whole foreground process group, child included. */
const TERMINAL_GENERATED = new Set<Deno.Signal>(["SIGINT", "SIGQUIT", "SIGWINCH"]);

function exitCodeOf(status: Deno.CommandStatus): number {
  if (status.signal) return 128 + signalNumber(status.signal, Deno.build.os);
  return status.code;
}

function notFound(error: unknown, cmd: string): unknown {
  if (error instanceof Deno.errors.NotFound) {
    return new ExecutableNotFoundError(cmd, { cause: error });
  }
  if (error instanceof Deno.errors.PermissionDenied) {
    return new ExecutableNotFoundError(cmd, { cause: error });
  }
  return error;
}

function hasControllingTerminal(): boolean {
  if (Deno.build.os === "windows") return Deno.stdin.isTerminal();
  try {
    Deno.openSync("/dev/tty", { read: true }).close();
    return true;
  } catch {
    return false;
  }
}

/** Options for {@linkcode denoProcessRunner}. */
export interface DenoProcessRunnerOptions {
  /** Environment used for `which` lookups (PATH, PATHEXT). */
  getEnv: (name: string) => string | undefined;
}

/** Creates the real process runner. */
export function denoProcessRunner(options: DenoProcessRunnerOptions): ProcessRunner {
  const which = async (cmd: string): Promise<string | undefined> => {
    const isWindows = Deno.build.os === "windows";
    const exts = isWindows ? (options.getEnv("PATHEXT") ?? ".EXE;.CMD;.BAT").split(";") : [""];
    const candidates: string[] = [];
    if (cmd.includes("/") || (isWindows && cmd.includes("\\"))) {
      candidates.push(cmd);
    } else {
      const sep = isWindows ? ";" : ":";
      for (const dir of (options.getEnv("PATH") ?? "").split(sep)) {
        if (dir === "") continue;
        for (const ext of exts) candidates.push(`${dir}${isWindows ? "\\" : "/"}${cmd}${ext}`);
      }
    }
    for (const path of candidates) {
      try {
        const info = await Deno.stat(path);
        if (info.isFile && (isWindows || info.mode === null || (info.mode & 0o111) !== 0)) {
          return path;
        }
      } catch {
        // not there; keep looking
      }
    }
    return undefined;
  };

  return {
    which,
    async run(req: RunRequest): Promise<RunResult> {
      const command = new Deno.Command(req.cmd, {
        args: req.args ?? [],
        env: req.env,
        clearEnv: req.env !== undefined,
        cwd: req.cwd,
        stdin: req.stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: req.inheritStderr ? "inherit" : "piped",
      });
      let child: Deno.ChildProcess;
      try {
        child = command.spawn();
      } catch (error) {
        throw notFound(error, req.cmd);
      }
      let timedOut = false;
      const timer = req.timeoutMs === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        try {
          child.kill("SIGKILL");
        } catch {
          // already gone
        }
      }, req.timeoutMs);
      try {
        if (req.stdin !== undefined) {
          const writer = child.stdin.getWriter();
          const data = typeof req.stdin === "string"
            ? new TextEncoder().encode(req.stdin)
            : req.stdin;
          try {
            await writer.write(data);
            await writer.close();
          } catch {
            // the child closed its stdin early; its exit status tells the story
          }
        }
        const out = await child.output();
        const code = exitCodeOf(out);
        return {
          code,
          success: out.success,
          stdout: out.stdout,
          stderr: req.inheritStderr ? new Uint8Array() : out.stderr,
          timedOut,
        };
      } finally {
        if (timer !== undefined) clearTimeout(timer);
      }
    },
    async runInherited(req): Promise<number> {
      const command = new Deno.Command(req.cmd, {
        args: req.args ?? [],
        env: req.env,
        clearEnv: req.env !== undefined,
        cwd: req.cwd,
        stdin: "inherit",
        stdout: "inherit",
        stderr: "inherit",
      });
      let child: Deno.ChildProcess;
      try {
        child = command.spawn();
      } catch (error) {
        throw notFound(error, req.cmd);
      }
      const listeners: Array<[Deno.Signal, () => void]> = [];
      const listen = (signal: Deno.Signal, fn: () => void) => {
        Deno.addSignalListener(signal, fn);
        listeners.push([signal, fn]);
      };
      const forward = (signal: Deno.Signal) => () => {
        try {
          child.kill(signal);
        } catch {
          // the child has already exited
        }
      };
      if (Deno.build.os === "windows") {
        listen("SIGINT", () => {}); // the console delivers Ctrl-C to the child too; just outlive it
      } else {
        // With a controlling terminal, Ctrl-C, Ctrl-\ and window resizes already reach the
        // child (same foreground process group): relaying them would deliver them twice, and
        // programs such as terraform treat a second interrupt as "abort now". We still listen,
        // so that we outlive the child and return its status.
        const terminal = hasControllingTerminal();
        for (const signal of RELAYED) {
          listen(signal, terminal && TERMINAL_GENERATED.has(signal) ? () => {} : forward(signal));
        }
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      if (req.timeoutMs !== undefined) {
        timer = setTimeout(() => child.kill("SIGKILL"), req.timeoutMs);
      }
      try {
        return exitCodeOf(await child.status);
      } finally {
        if (timer !== undefined) clearTimeout(timer);
        for (const [signal, fn] of listeners) Deno.removeSignalListener(signal, fn);
      }
    },
  };
}
