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
import { startDeadline } from "./deadline.ts";

/** Sends `signal` to `child`; nothing happens when it has already exited. */
function signalChild(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // the child has already exited
  }
}

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

/** The paths `cmd` may be at: itself when it holds a separator, else each PATH entry (x PATHEXT). */
function whichCandidates(cmd: string, getEnv: (name: string) => string | undefined): string[] {
  const isWindows = Deno.build.os === "windows";
  const exts = isWindows ? (getEnv("PATHEXT") ?? ".EXE;.CMD;.BAT").split(";") : [""];
  if (cmd.includes("/") || (isWindows && cmd.includes("\\"))) return [cmd];
  const candidates: string[] = [];
  const sep = isWindows ? ";" : ":";
  for (const dir of (getEnv("PATH") ?? "").split(sep)) {
    if (dir === "") continue;
    for (const ext of exts) candidates.push(`${dir}${isWindows ? "\\" : "/"}${cmd}${ext}`);
  }
  return candidates;
}

/** Whether a stat result is a file we may run. */
function isExecutable(info: Deno.FileInfo): boolean {
  const isWindows = Deno.build.os === "windows";
  return info.isFile && (isWindows || info.mode === null || (info.mode & 0o111) !== 0);
}

/** Reads a child's piped stream to the end, or until `stop` is called. */
function collect(stream: ReadableStream<Uint8Array>): { done: Promise<Uint8Array>; stop(): void } {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        chunks.push(value);
      }
    } catch {
      // cancelled, or the pipe broke: keep what arrived
    }
    const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  })();
  return { done, stop: () => void reader.cancel().catch(() => {}) };
}

/** Creates the real process runner. */
export function denoProcessRunner(options: DenoProcessRunnerOptions): ProcessRunner {
  const which = async (cmd: string): Promise<string | undefined> => {
    for (const path of whichCandidates(cmd, options.getEnv)) {
      try {
        if (isExecutable(await Deno.stat(path))) return path;
      } catch {
        // not there; keep looking
      }
    }
    return undefined;
  };
  const whichSync = (cmd: string): string | undefined => {
    for (const path of whichCandidates(cmd, options.getEnv)) {
      try {
        if (isExecutable(Deno.statSync(path))) return path;
      } catch {
        // not there; keep looking
      }
    }
    return undefined;
  };

  return {
    which,
    whichSync,
    async run(req: RunRequest): Promise<RunResult> {
      const command = new Deno.Command(req.cmd, {
        args: req.args ?? [],
        env: req.env,
        clearEnv: req.env !== undefined,
        cwd: req.cwd,
        stdin: req.stdin === undefined ? "null" : "piped",
        stdout: "piped",
        stderr: req.inheritStderr ? "inherit" : "piped",
        windowsRawArguments: req.windowsRawArguments,
      });
      let child: Deno.ChildProcess;
      try {
        child = command.spawn();
      } catch (error) {
        throw notFound(error, req.cmd);
      }
      let timedOut = false;
      const cancel = req.timeoutMs === undefined ? undefined : startDeadline(req.timeoutMs, () => {
        timedOut = true;
        signalChild(child, "SIGKILL");
      });
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
        // Read the pipes ourselves: after a timeout kill, a grandchild (`sh -c` forks its
        // commands) may still hold them open, and waiting for their end would undo the limit.
        const stdout = collect(child.stdout);
        const stderr = req.inheritStderr ? undefined : collect(child.stderr);
        const status = await child.status;
        if (timedOut) {
          stdout.stop();
          stderr?.stop();
        }
        return {
          code: exitCodeOf(status),
          success: status.success,
          stdout: await stdout.done,
          stderr: stderr ? await stderr.done : new Uint8Array(),
          timedOut,
        };
      } finally {
        cancel?.();
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
      const forward = (signal: Deno.Signal) => () => signalChild(child, signal);
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
      const cancel = req.timeoutMs === undefined
        ? undefined
        : startDeadline(req.timeoutMs, () => signalChild(child, "SIGKILL"));
      try {
        return exitCodeOf(await child.status);
      } finally {
        cancel?.();
        for (const [signal, fn] of listeners) Deno.removeSignalListener(signal, fn);
      }
    },
  };
}
