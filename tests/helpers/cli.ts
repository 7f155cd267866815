/**
 * Runs the real CLI (`main.ts`) as a subprocess for end-to-end tests: a
 * temporary HOME, a scrubbed environment, no controlling terminal (setsid),
 * unless the pty driver is used.
 *
 * @module
 */

import { withoutTerminal } from "./no_terminal.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const MAIN = ROOT + "main.ts";
const PTY = ROOT + "tests/helpers/pty_run.py";

/** The outcome of a CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How {@linkcode CliSandbox.run} runs the CLI. */
export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  /** Replaces the project's deno.json. */
  denoConfig?: string;
  /** Replaces the whole command line before the arguments. */
  program?: string[];
}

/** A CLI run under way (see {@linkcode CliSandbox.start}). */
export interface RunningCli {
  /** Resolves when standard error contains `text` (or the run has ended). */
  stderrIncludes(text: string): Promise<void>;
  /** Sends `signal` to the CLI process. */
  kill(signal: Deno.Signal): void;
  /** Standard error received so far. */
  stderrText(): string;
  result: Promise<CliResult>;
}

/** A throwaway home directory with helpers to run the CLI in it. */
export class CliSandbox {
  readonly root: string;
  readonly home: string;
  readonly env: Record<string, string>;

  private constructor(root: string) {
    this.root = root;
    this.home = `${root}/home`;
    Deno.mkdirSync(this.home, { recursive: true });
    this.env = {
      PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
      HOME: this.home,
      NO_COLOR: "1",
      RUST_BACKTRACE: "0",
      DENO_NO_UPDATE_CHECK: "1",
      // Deno's own module cache, not one under the temporary HOME (that would recompile every run).
      DENO_DIR: Deno.env.get("DENO_DIR") ??
        `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`,
      AWS_VAULT_BACKEND: "file",
      AWS_VAULT_FILE_PASSPHRASE: "test-passphrase",
      LANG: "C.UTF-8",
    };
  }

  /** Creates a sandbox in a new temporary directory. */
  static create(): CliSandbox {
    return new CliSandbox(Deno.makeTempDirSync({ prefix: "aws-vault-e2e-" }));
  }

  /** Path of the AWS config file. */
  get configPath(): string {
    return `${this.home}/.aws/config`;
  }

  /** Path of the file backend's directory. */
  get keysDir(): string {
    return `${this.home}/.awsvault/keys`;
  }

  /** Writes the AWS config file. */
  writeConfig(text: string): void {
    Deno.mkdirSync(`${this.home}/.aws`, { recursive: true, mode: 0o700 });
    Deno.writeTextFileSync(this.configPath, text);
  }

  /** Stores access keys (stand-in ones by default) for `profile` with `add --env`. */
  async storeKeys(
    profile: string,
    keys = { AWS_ACCESS_KEY_ID: "AKIASTANDIN000000001", AWS_SECRET_ACCESS_KEY: "stand-in" },
  ): Promise<void> {
    const r = await this.run(["add", "--env", "--no-add-config", profile], { env: keys });
    if (r.code !== 0) throw new Error(`add ${profile} failed: ${r.stderr}`);
  }

  /** Copies the aws-vault v7.2.0 fixture keys into the sandbox's key directory. */
  copyFixtureKeys(): void {
    const src = ROOT + "tests/fixtures/aws-vault-v7.2.0-file/keys";
    Deno.mkdirSync(this.keysDir, { recursive: true, mode: 0o700 });
    for (const entry of Deno.readDirSync(src)) {
      Deno.copyFileSync(`${src}/${entry.name}`, `${this.keysDir}/${entry.name}`);
      Deno.chmodSync(`${this.keysDir}/${entry.name}`, 0o600);
    }
  }

  /** Names of the files in the key directory, sorted. */
  keyFiles(): string[] {
    try {
      return [...Deno.readDirSync(this.keysDir)].map((e) => e.name).sort();
    } catch {
      return [];
    }
  }

  /** The sandbox environment with `changes` applied (`undefined` unsets). */
  envWith(changes: Record<string, string | undefined> = {}): Record<string, string> {
    const env = { ...this.env };
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    return env;
  }

  /**
   * Runs `aws-vault <args>` with no controlling terminal. `denoConfig`
   * replaces the project's deno.json (e.g. to remap an npm import); `program`
   * replaces the whole command line before `args` (e.g. a bundled build).
   */
  async run(args: string[], options: RunOptions = {}) {
    const child = this.#command(args, options).spawn();
    if (options.stdin !== undefined) {
      const w = child.stdin.getWriter();
      await w.write(new TextEncoder().encode(options.stdin));
      await w.close();
    }
    const out = await child.output();
    const dec = new TextDecoder();
    return {
      code: out.code,
      stdout: dec.decode(out.stdout),
      stderr: dec.decode(out.stderr),
    } as CliResult;
  }

  /**
   * Starts `aws-vault <args>` as {@linkcode CliSandbox.run} does, without
   * waiting: `stderrIncludes` resolves once its standard error holds a text,
   * `result` once it has ended.
   */
  start(args: string[], options: { env?: Record<string, string | undefined> } = {}): RunningCli {
    const child = this.#command(args, options).spawn();
    const dec = new TextDecoder();
    let stderr = "";
    const waiters: Array<{ text: string; resolve: () => void }> = [];
    const reading = (async () => {
      for await (const chunk of child.stderr) {
        stderr += dec.decode(chunk, { stream: true });
        for (const w of waiters.filter((w) => stderr.includes(w.text))) w.resolve();
      }
    })();
    const stdout = new Response(child.stdout).text();
    const result = (async () => {
      const [status, out] = await Promise.all([child.status, stdout, reading]);
      for (const w of waiters) w.resolve();
      return { code: status.code, stdout: out, stderr } as CliResult;
    })();
    return {
      result,
      kill: (signal) => child.kill(signal),
      stderrText: () => stderr,
      stderrIncludes: (text) =>
        stderr.includes(text) ? Promise.resolve() : new Promise((resolve) => {
          waiters.push({ text, resolve });
        }),
    };
  }

  #command(args: string[], options: RunOptions): Deno.Command {
    const program = options.program ??
      [
        Deno.execPath(),
        "run",
        "-A",
        "--quiet",
        "--config",
        options.denoConfig ?? ROOT + "deno.json",
        MAIN,
      ];
    const detached = withoutTerminal([...program, ...args]);
    return new Deno.Command(detached.command, {
      args: detached.args,
      env: this.envWith(options.env),
      clearEnv: true,
      cwd: this.root,
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
    });
  }

  /**
   * Runs `aws-vault <args>` on a pseudo-terminal, answering prompts: each
   * `[expect, send]` pair waits for `expect` in the output, then types `send` + Enter.
   * The combined terminal output is returned as `stdout` (the pty merges streams).
   * `program` replaces the command line before `args`, as in {@linkcode CliSandbox.run}.
   */
  async runPty(
    args: string[],
    dialogue: Array<[string, string]>,
    options: { env?: Record<string, string | undefined>; program?: string[] } = {},
  ): Promise<CliResult> {
    const env = this.envWith(options.env);
    env.PTY_DIALOGUE = JSON.stringify(dialogue);
    const cmd = new Deno.Command("python3", {
      args: [PTY, ...(options.program ?? cliCommandLine()), ...args],
      env,
      clearEnv: true,
      cwd: this.root,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    });
    const out = await cmd.output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  }

  /** Deletes the sandbox. */
  cleanup(): void {
    Deno.removeSync(this.root, { recursive: true });
  }
}

/** The command line that runs the CLI from source (for `credential_process` and scripts). */
export function cliCommandLine(): string[] {
  return [Deno.execPath(), "run", "-A", "--quiet", "--config", ROOT + "deno.json", MAIN];
}

/** Registers a test that gets a fresh sandbox, removed afterwards (`options` as Deno.test's). */
export function sandboxTest(name: string, fn: (s: CliSandbox) => Promise<void>): void;
export function sandboxTest(
  name: string,
  options: { ignore?: boolean },
  fn: (s: CliSandbox) => Promise<void>,
): void;
export function sandboxTest(
  name: string,
  optionsOrFn: { ignore?: boolean } | ((s: CliSandbox) => Promise<void>),
  maybeFn?: (s: CliSandbox) => Promise<void>,
): void {
  const [options, fn] = typeof optionsOrFn === "function"
    ? [{}, optionsOrFn]
    : [optionsOrFn, maybeFn!];
  Deno.test(name, options, async () => {
    const s = CliSandbox.create();
    try {
      await fn(s);
    } finally {
      s.cleanup();
    }
  });
}
