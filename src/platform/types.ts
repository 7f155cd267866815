/**
 * The interfaces through which the program reaches the operating system.
 * Domain code receives these in {@linkcode Deps}; only `src/platform/` touches `Deno.*`.
 * Tests pass fakes (see `tests/helpers/fakes.ts`).
 *
 * @module
 */

/** Read access to environment variables. */
export interface Env {
  /** The value of `name`, or `undefined` when it is not set (an empty value is returned as ""). */
  get(name: string): string | undefined;
  /** A copy of the whole environment. */
  toObject(): Record<string, string>;
}

/** Information about a path, as returned by {@linkcode Fs.stat}. */
export interface FileInfo {
  isFile: boolean;
  isDirectory: boolean;
  /** Permission bits (`0o600`), or `null` where the OS has none. */
  mode: number | null;
  /** Last modification time, when known. */
  mtime?: Date | null;
}

/** One entry of a directory, as returned by {@linkcode Fs.readDirEntries}. */
export interface DirEntry {
  /** The entry's name (not a path). */
  name: string;
  /** A regular file (false for a symbolic link, whatever it points to). */
  isFile: boolean;
  /** A symbolic link (not followed). */
  isSymlink: boolean;
}

/** Thrown by {@linkcode Fs} methods when a path does not exist. */
export class FileNotFoundError extends Error {
  constructor(path: string, options?: ErrorOptions) {
    super(`No such file or directory: "${path}"`, options);
    this.name = "FileNotFoundError";
  }
}

/**
 * Thrown by {@linkcode Fs.readTextFile} when a file holds more than the
 * `maxBytes` asked for (or never ends, as `/dev/zero`).
 */
export class FileTooLargeError extends Error {
  /** The limit that was passed. */
  readonly maxBytes: number;
  constructor(path: string, maxBytes: number, options?: ErrorOptions) {
    super(`File "${path}" is larger than ${maxBytes} bytes`, options);
    this.name = "FileTooLargeError";
    this.maxBytes = maxBytes;
  }
}

/** Options of {@linkcode Fs.readTextFile}. */
export interface ReadTextOptions {
  /**
   * Reads no more than this many bytes (and one more, to tell): a larger file
   * is a {@linkcode FileTooLargeError}, found without reading it to its end.
   */
  maxBytes?: number;
}

/** File-system access. Paths are absolute. */
export interface Fs {
  /** The file's text, decoded as UTF-8 (invalid bytes become U+FFFD; a BOM is kept). */
  readTextFile(path: string, options?: ReadTextOptions): Promise<string>;
  readFile(path: string): Promise<Uint8Array>;
  /**
   * Writes `data` atomically: a temporary file in the same directory, created
   * with `mode` (default 0o600), flushed, then renamed over `path`. With
   * `followSymlinks`, a symbolic link at `path` is kept and the file it finally
   * points to (which need not exist yet) is written that way instead.
   */
  writeFileAtomic(
    path: string,
    data: string | Uint8Array,
    options?: { mode?: number; followSymlinks?: boolean },
  ): Promise<void>;
  /**
   * Creates an empty file at `path` with `mode` (default 0o600) unless one
   * exists, which is left as it is; a symbolic link is followed.
   */
  ensureFile(path: string, options?: { mode?: number }): Promise<void>;
  /** Creates a directory and its missing parents with `mode` (default 0o700). */
  mkdirp(path: string, options?: { mode?: number }): Promise<void>;
  /** Information about `path`, or `undefined` when it does not exist. */
  stat(path: string): Promise<FileInfo | undefined>;
  /** Names of the entries of a directory (not paths). */
  readDir(path: string): Promise<string[]>;
  /**
   * The entries of a directory with their types as the directory records them,
   * saving a {@linkcode Fs.stat} per entry. Optional: without it, callers use
   * {@linkcode Fs.readDir} and {@linkcode Fs.stat}.
   */
  readDirEntries?(path: string): Promise<DirEntry[]>;
  /** Deletes a file; throws {@linkcode FileNotFoundError} when it does not exist. */
  remove(path: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/** The current time and waiting. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/** A synchronous text sink: stdout or stderr. */
export interface Output {
  write(text: string): void;
  /** Whether this stream is connected to a terminal. */
  isTerminal(): boolean;
}

/** The process's standard streams. */
export interface Io {
  stdout: Output;
  stderr: Output;
  stdinIsTerminal(): boolean;
}

/** Asking the person at the controlling terminal. */
export interface Terminal {
  /**
   * Writes `message` (to the terminal, or to stderr when `promptTo` is "stderr")
   * and reads one line from the controlling terminal, without echo when
   * `echo` is false. The line is returned without its line ending.
   * Throws `NoTerminalError` when there is no controlling terminal.
   */
  prompt(
    message: string,
    options: { echo: boolean; promptTo?: "terminal" | "stderr" },
  ): Promise<string>;
  /** Whether a controlling terminal can be opened. */
  available(): boolean;
}

/** A request to run a program. */
export interface RunRequest {
  /** Program name (looked up on PATH) or path. */
  cmd: string;
  args?: string[];
  /** The complete environment of the child; when absent the parent's is inherited. */
  env?: Record<string, string>;
  /** Data for the child's standard input (captured runs only). */
  stdin?: string | Uint8Array;
  cwd?: string;
  /** Kill the child (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
  /** Let the child's stderr through to ours instead of capturing it. */
  inheritStderr?: boolean;
  /**
   * Windows only: pass `args` to the program unquoted, joined by spaces (for
   * `cmd.exe /C "<command>"`, whose quoting rules are not the C runtime's).
   */
  windowsRawArguments?: boolean;
}

/** The outcome of a captured run. */
export interface RunResult {
  /** Exit code; 128 + n when killed by signal n. */
  code: number;
  success: boolean;
  stdout: Uint8Array;
  stderr: Uint8Array;
  /** True when the run was killed because `timeoutMs` passed. */
  timedOut: boolean;
}

/** Thrown by a {@linkcode ProcessRunner} when the program does not exist. */
export class ExecutableNotFoundError extends Error {
  readonly cmd: string;
  constructor(cmd: string, options?: ErrorOptions) {
    super(`exec: "${cmd}": executable file not found in $PATH`, options);
    this.name = "ExecutableNotFoundError";
    this.cmd = cmd;
  }
}

/** A request to replace this process with a program (see {@linkcode ProcessRunner.replaceProcess}). */
export interface ReplaceRequest {
  /** The program's file, as {@linkcode ProcessRunner.which} found it. */
  path: string;
  /** The program's arguments, `argv[0]` (the command as typed) included. */
  argv: string[];
  /** The program's complete environment. */
  env: Record<string, string>;
}

/** Runs child processes. */
export interface ProcessRunner {
  /** Runs a program with captured stdout/stderr and optional stdin. */
  run(req: RunRequest): Promise<RunResult>;
  /**
   * Runs a program with inherited stdio, forwarding the signals we receive,
   * and returns its exit status (128 + n when killed by signal n).
   */
  runInherited(req: Omit<RunRequest, "stdin" | "inheritStderr">): Promise<number>;
  /**
   * Replaces this process with a program (POSIX `execve`): on success it never
   * returns, and the program's status and signals are its own. Returns the
   * reason when that failed (nothing changed; run the program as a child
   * instead). Absent where the OS cannot do it (Windows).
   */
  replaceProcess?(req: ReplaceRequest): string;
  /** Whether `cmd` can be found on PATH (or is an existing executable path). */
  which(cmd: string): Promise<string | undefined>;
  /**
   * {@linkcode ProcessRunner.which}, synchronously: for the few lookups that
   * synchronous code needs (the `--prompt` driver list), where an async file
   * check would cost a thread-pool round trip per PATH entry.
   */
  whichSync(cmd: string): string | undefined;
}

/** `--debug` narration. Never pass a secret. */
export interface Logger {
  readonly enabled: boolean;
  debug(message: string): void;
}

/** A cross-process lock held by this process; release it once. */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Cross-process advisory locks on files (POSIX `flock`, Windows `LockFileEx`):
 * the operating system releases a lock when its holder dies, so a killed
 * holder never leaves a stale lock behind.
 */
export interface FileLocks {
  /**
   * Takes the exclusive lock on `path` (created empty with mode 0o600 when
   * missing; its directory must exist) without waiting; `undefined` when
   * another holder has it.
   */
  tryAcquire(path: string): Promise<HeldLock | undefined>;
}

/**
 * Ctrl-C during a long wait (an SSO login in the browser): while watched, an
 * interrupt calls the watcher instead of ending the process, so that the
 * wait can end with a message and its locks released.
 */
export interface Interrupts {
  /** Calls `onInterrupt` on each interrupt until the returned function is called. */
  watch(onInterrupt: () => void): () => void;
}

/** The operating systems we build for. */
export type OsName = "linux" | "darwin" | "windows" | "freebsd" | "other";

/** Everything a command needs from the outside world. */
export interface Deps {
  env: Env;
  fs: Fs;
  clock: Clock;
  proc: ProcessRunner;
  io: Io;
  terminal: Terminal;
  os: OsName;
  /** The program's version string, e.g. "v7.2.0-deno.1". */
  version: string;
  /** Cross-process locks; without them, concurrent processes are not coordinated. */
  locks?: FileLocks;
  /** Ctrl-C as an event; without it, an interrupt ends the process as the OS does. */
  interrupts?: Interrupts;
}
