/**
 * In-memory fakes of the platform interfaces, for unit tests of commands and
 * domain code.
 *
 * @module
 */

import { NoTerminalError } from "../../src/errors.ts";
import {
  type Clock,
  type Deps,
  type Env,
  type FileInfo,
  type FileLocks,
  FileNotFoundError,
  FileTooLargeError,
  type Fs,
  type HeldLock,
  type Io,
  type Output,
  type ProcessRunner,
  type ReadTextOptions,
  type RunRequest,
  type RunResult,
  type Terminal,
} from "../../src/platform/types.ts";

/** An environment backed by a plain object. */
export function fakeEnv(vars: Record<string, string> = {}): Env {
  return { get: (n) => vars[n], toObject: () => ({ ...vars }) };
}

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  #now: number;
  constructor(start = new Date("2026-11-23T12:00:00Z")) {
    this.#now = start.getTime();
  }
  now(): Date {
    return new Date(this.#now);
  }
  sleep(ms: number): Promise<void> {
    this.#now += ms;
    return Promise.resolve();
  }
  advance(ms: number): void {
    this.#now += ms;
  }
}

interface MemFile {
  data: Uint8Array;
  mode: number;
}

/** A file system held in a Map; directories are implicit in file paths plus explicit mkdirs. */
export class MemoryFs implements Fs {
  readonly files = new Map<string, MemFile>();
  readonly dirs = new Map<string, number>();

  text(path: string): string | undefined {
    const f = this.files.get(path);
    return f ? new TextDecoder().decode(f.data) : undefined;
  }
  put(path: string, text: string, mode = 0o600): void {
    this.files.set(path, { data: new TextEncoder().encode(text), mode });
  }
  readTextFile(path: string, options: ReadTextOptions = {}): Promise<string> {
    return this.readFile(path).then((b) => {
      const { maxBytes } = options;
      if (maxBytes !== undefined && b.length > maxBytes) {
        throw new FileTooLargeError(path, maxBytes);
      }
      return new TextDecoder("utf-8", { ignoreBOM: true }).decode(b);
    });
  }
  readFile(path: string): Promise<Uint8Array> {
    const f = this.files.get(path);
    return f ? Promise.resolve(f.data.slice()) : Promise.reject(new FileNotFoundError(path));
  }
  writeFileAtomic(
    path: string,
    data: string | Uint8Array,
    options: { mode?: number } = {},
  ): Promise<void> {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data.slice();
    this.files.set(path, { data: bytes, mode: options.mode ?? 0o600 });
    return Promise.resolve();
  }
  ensureFile(path: string, options: { mode?: number } = {}): Promise<void> {
    if (!this.files.has(path)) {
      this.files.set(path, { data: new Uint8Array(), mode: options.mode ?? 0o600 });
    }
    return Promise.resolve();
  }
  mkdirp(path: string, options: { mode?: number } = {}): Promise<void> {
    if (!this.dirs.has(path)) this.dirs.set(path, options.mode ?? 0o700);
    return Promise.resolve();
  }
  stat(path: string): Promise<FileInfo | undefined> {
    const f = this.files.get(path);
    if (f) return Promise.resolve({ isFile: true, isDirectory: false, mode: f.mode });
    const prefix = path.endsWith("/") ? path : path + "/";
    if (this.dirs.has(path) || [...this.files.keys()].some((p) => p.startsWith(prefix))) {
      return Promise.resolve({
        isFile: false,
        isDirectory: true,
        mode: this.dirs.get(path) ?? 0o700,
      });
    }
    return Promise.resolve(undefined);
  }
  readDir(path: string): Promise<string[]> {
    const prefix = path.endsWith("/") ? path : path + "/";
    const names = new Set<string>();
    for (const p of this.files.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]);
    }
    if (names.size === 0 && !this.dirs.has(path)) {
      return Promise.reject(new FileNotFoundError(path));
    }
    return Promise.resolve([...names]);
  }
  remove(path: string): Promise<void> {
    return this.files.delete(path)
      ? Promise.resolve()
      : Promise.reject(new FileNotFoundError(path));
  }
  chmod(path: string, mode: number): Promise<void> {
    const f = this.files.get(path);
    if (!f) return Promise.reject(new FileNotFoundError(path));
    f.mode = mode;
    return Promise.resolve();
  }
}

/** An output stream that keeps what was written. */
export class CapturedOutput implements Output {
  text = "";
  constructor(readonly terminal = false) {}
  write(text: string): void {
    this.text += text;
  }
  isTerminal(): boolean {
    return this.terminal;
  }
}

/** Standard streams that capture output. */
export function fakeIo(options: { stdoutIsTerminal?: boolean; stdinIsTerminal?: boolean } = {}) {
  const stdout = new CapturedOutput(options.stdoutIsTerminal ?? false);
  const stderr = new CapturedOutput(false);
  const io: Io = { stdout, stderr, stdinIsTerminal: () => options.stdinIsTerminal ?? false };
  return { io, stdout, stderr };
}

/** A terminal that answers from a script, or has no terminal when `answers` is undefined. */
export class FakeTerminal implements Terminal {
  readonly asked: Array<{ message: string; echo: boolean }> = [];
  constructor(readonly answers?: string[], readonly stderr?: Output) {}
  available(): boolean {
    return this.answers !== undefined;
  }
  prompt(
    message: string,
    options: { echo: boolean; promptTo?: "terminal" | "stderr" },
  ): Promise<string> {
    if (this.answers === undefined) {
      return Promise.reject(new NoTerminalError("no terminal is available to ask on"));
    }
    this.asked.push({ message, echo: options.echo });
    if (options.promptTo === "stderr") this.stderr?.write(message);
    const answer = this.answers.shift();
    if (answer === undefined) {
      return Promise.reject(new NoTerminalError("end of input on the terminal"));
    }
    return Promise.resolve(answer);
  }
}

/** A process runner that records requests and answers from a handler. */
export class FakeProcessRunner implements ProcessRunner {
  readonly calls: RunRequest[] = [];
  constructor(
    readonly handler: (req: RunRequest) => Partial<RunResult> | number = () => 0,
    readonly onPath: string[] = [],
  ) {}
  run(req: RunRequest): Promise<RunResult> {
    this.calls.push(req);
    const r = this.handler(req);
    const res = typeof r === "number" ? { code: r } : r;
    const code = res.code ?? 0;
    return Promise.resolve({
      code,
      success: code === 0,
      stdout: res.stdout ?? new Uint8Array(),
      stderr: res.stderr ?? new Uint8Array(),
      timedOut: res.timedOut ?? false,
    });
  }
  runInherited(req: Omit<RunRequest, "stdin" | "inheritStderr">): Promise<number> {
    this.calls.push(req);
    const r = this.handler(req);
    return Promise.resolve(typeof r === "number" ? r : r.code ?? 0);
  }
  which(cmd: string): Promise<string | undefined> {
    return Promise.resolve(this.whichSync(cmd));
  }
  whichSync(cmd: string): string | undefined {
    return this.onPath.includes(cmd) ? `/usr/bin/${cmd}` : undefined;
  }
}

/** In-process stand-in for cross-process file locks: a set of held paths. */
export class MemoryFileLocks implements FileLocks {
  readonly held = new Set<string>();
  /** Every path ever locked, in order. */
  readonly acquired: string[] = [];
  tryAcquire(path: string): Promise<HeldLock | undefined> {
    if (this.held.has(path)) return Promise.resolve(undefined);
    this.held.add(path);
    this.acquired.push(path);
    return Promise.resolve({
      release: () => {
        this.held.delete(path);
        return Promise.resolve();
      },
    });
  }
}

/** Fake dependencies with sensible defaults; override any part. */
export function fakeDeps(overrides: Partial<Deps> & { vars?: Record<string, string> } = {}) {
  const { io, stdout, stderr } = fakeIo();
  const clock = new FakeClock();
  const fs = new MemoryFs();
  const deps: Deps = {
    env: fakeEnv({ HOME: "/home/u", ...(overrides.vars ?? {}) }),
    fs,
    clock,
    proc: new FakeProcessRunner(),
    io,
    terminal: new FakeTerminal(undefined, stderr),
    os: "linux",
    version: "v0.0.0-test",
    locks: new MemoryFileLocks(),
    ...overrides,
  };
  return { deps, stdout, stderr, fs, clock };
}
