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
import { replaceProcess } from "./deno_execve.ts";
import { listenForRelay, relayPlan } from "./signal_relay.ts";

/** Sends `signal` to `child`; nothing happens when it has already exited. */
function signalChild(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // the child has already exited
  }
}

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

/** Whether this process has a controlling terminal (POSIX). */
function hasControllingTerminal(): boolean {
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
      const os = Deno.build.os;
      const plan = relayPlan(os, os !== "windows" && hasControllingTerminal());
      const command = new Deno.Command(req.cmd, {
        args: req.args ?? [],
        env: req.env,
        clearEnv: req.env !== undefined,
        cwd: req.cwd,
        stdin: "inherit",
        stdout: "inherit",
        stderr: "inherit",
        detached: plan.ownSession,
      });
      let child: Deno.ChildProcess | undefined;
      // Listening starts before the child does, so no signal can end us in between; the
      // listeners run only once this synchronous spawn has returned.
      const stopListening = listenForRelay(plan, (signal) => child && signalChild(child, signal));
      try {
        child = command.spawn();
      } catch (error) {
        stopListening();
        throw notFound(error, req.cmd);
      }
      const started = child;
      const cancel = req.timeoutMs === undefined
        ? undefined
        : startDeadline(req.timeoutMs, () => signalChild(started, "SIGKILL"));
      try {
        return exitCodeOf(await started.status);
      } finally {
        cancel?.();
        stopListening();
      }
    },
    replaceProcess: Deno.build.os === "linux" || Deno.build.os === "darwin"
      ? replaceProcess
      : undefined,
  };
}
