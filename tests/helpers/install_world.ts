/**
 * One run of scripts/install.sh in a throwaway world: a fake release server, a home, a TMPDIR,
 * an install directory, and a PATH of chosen tools, under dash, bash or busybox sh.
 *
 * @module
 */
import { assertEquals } from "./assert.ts";
import { FakeReleaseServer, REPO, standInBinary, toolDir, which } from "./fake_release.ts";

const SCRIPT = new URL("../../scripts/install.sh", import.meta.url).pathname;
/** The release most tests install. */
export const TAG = "v7.2.0-deno.0.2.0";
/** The asset a Linux x86-64 machine asks for. */
export const ASSET = "aws-vault-linux-x64";
/** The stand-in binary of {@linkcode TAG}. */
export const BINARY = standInBinary(TAG);
const dec = new TextDecoder();

/** The tools every run has besides a downloader and a checksum tool. */
const BASE_TOOLS = ["mktemp", "rm", "mkdir", "cp", "chmod", "mv", "awk", "sed", "tr", "head"];

/** A shell the script runs under. */
export interface Shell {
  name: string;
  argv: () => string[];
  /** Links tools to busybox's applets instead of the system's programs. */
  via?: string;
  /** The downloader and checksum tool it runs with unless a test says otherwise. */
  defaults: string[];
}

/** dash (Debian's sh), bash, and busybox sh with busybox's own tools (as on Alpine). */
export const SHELLS: Shell[] = [
  { name: "dash", argv: () => [which("dash")], defaults: ["curl", "sha256sum"] },
  { name: "bash", argv: () => [which("bash")], defaults: ["curl", "sha256sum"] },
  {
    name: "busybox sh",
    argv: () => [which("busybox"), "sh"],
    via: "busybox",
    defaults: ["wget", "sha256sum"],
  },
];

/** How one run differs from the default (a pinned {@linkcode TAG} on Linux x86-64, not root). */
export interface RunOptions {
  args?: string[];
  /** The downloader and checksum tools on PATH (default: the shell's defaults). */
  tools?: string[];
  env?: Record<string, string>;
  /** What `uname -s` and `uname -m` print. */
  os?: string;
  machine?: string;
  /** What `id -u` prints. */
  uid?: number;
  /** Stand-in scripts added to PATH, by name. */
  scripts?: Record<string, string>;
}

/** The outcome of a run. */
export interface InstallResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fake release, a home, a TMPDIR and an install directory, for one test. */
export class InstallWorld {
  readonly root = Deno.makeTempDirSync({ prefix: "aws-vault-install-" });
  readonly home = `${this.root}/home`;
  readonly tmp = `${this.root}/tmp`;
  readonly dir = `${this.root}/install/bin`;
  readonly server = new FakeReleaseServer();
  #runs = 0;

  constructor(readonly shell: Shell) {
    Deno.mkdirSync(this.home);
    Deno.mkdirSync(this.tmp);
  }

  /** Runs the script with a PATH of exactly the chosen tools. */
  async run(options: RunOptions = {}): Promise<InstallResult> {
    const bin = `${this.root}/path-${this.#runs++}`;
    const uname = `case $1 in -s) echo ${options.os ?? "Linux"} ;; -m) echo ${
      options.machine ?? "x86_64"
    } ;; esac`;
    toolDir(bin, [...BASE_TOOLS, ...(options.tools ?? this.shell.defaults)], {
      via: this.shell.via,
      scripts: { uname, id: `echo ${options.uid ?? 1000}`, ...options.scripts },
    });
    const [shell, ...shellArgs] = this.shell.argv();
    const out = await new Deno.Command(shell, {
      args: [...shellArgs, SCRIPT, ...(options.args ?? ["--version", TAG])],
      env: {
        PATH: bin,
        HOME: this.home,
        TMPDIR: this.tmp,
        AWS_VAULT_INSTALL_DIR: this.dir,
        AWS_VAULT_RELEASES_URL: this.server.releasesUrl,
        AWS_VAULT_API_URL: this.server.apiUrl,
        AWS_VAULT_REPO: REPO,
        ...options.env,
      },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  }

  /** Names in a directory (none when it does not exist). */
  entries(path: string): string[] {
    try {
      return [...Deno.readDirSync(path)].map((e) => e.name).sort();
    } catch {
      return [];
    }
  }

  /** Asserts the run stopped with exactly `message`, on one line, having written nothing. */
  assertRefused(r: InstallResult, message: string): void {
    assertEquals(r, { code: 1, stdout: "", stderr: `aws-vault install: ${message}\n` });
    assertEquals(this.entries(this.dir), [], "nothing in the install directory");
    assertEquals(this.entries(`${this.home}/.local/bin`), [], "nothing in ~/.local/bin");
    assertEquals(this.entries(this.tmp), [], "no temporary files left");
  }

  async close(): Promise<void> {
    await this.server.close();
    Deno.removeSync(this.root, { recursive: true });
  }
}

/** Registers `fn` as one test per shell, each with a fresh world. */
export function installTest(name: string, fn: (w: InstallWorld) => Promise<void>): void {
  for (const shell of SHELLS) {
    Deno.test(`install.sh (${shell.name}) ${name}`, async () => {
      const w = new InstallWorld(shell);
      try {
        await fn(w);
      } finally {
        await w.close();
      }
    });
  }
}
