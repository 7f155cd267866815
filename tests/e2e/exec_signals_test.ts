import { assert, assertEquals } from "../helpers/assert.ts";
import { cliCommandLine, CliSandbox, sandboxTest } from "../helpers/cli.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";
import { withoutTerminal } from "../helpers/no_terminal.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
/** The real relay (a child process, signals forwarded) that `exec` falls back to. */
const RELAY = [
  Deno.execPath(),
  "run",
  "-A",
  "--quiet",
  "--config",
  ROOT + "deno.json",
  ROOT + "tests/helpers/relay_run.ts",
];
/** Prints the name of each signal it gets; TERM, ALRM and INT end it with 7, 3 and 9. */
const CHILD = ["python3", ROOT + "tests/helpers/signal_child.py"];
const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

/**
 * A program started in a session of its own (so its pid is its process group
 * id), whose stdout is read line by line as it comes.
 */
class Running {
  readonly pid: number;
  readonly lines: string[] = [];
  #child: Deno.ChildProcess;
  #reader: ReadableStreamDefaultReader<string>;
  #partial = "";
  #stderr: Promise<string>;

  constructor(program: string[], env: Record<string, string>) {
    const detached = withoutTerminal(program);
    this.#child = new Deno.Command(detached.command, {
      args: detached.args,
      env,
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    this.pid = this.#child.pid;
    this.#reader = this.#child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    this.#stderr = new Response(this.#child.stderr).text();
  }

  /** Reads until `line` has been printed `count` times in all; false when stdout ended first. */
  async waitFor(line: string, count = 1): Promise<boolean> {
    while (this.lines.filter((l) => l === line).length < count) {
      const { value, done } = await this.#reader.read();
      if (done) return false;
      const parts = (this.#partial + value).split("\n");
      this.#partial = parts.pop() ?? "";
      this.lines.push(...parts);
    }
    return true;
  }

  /** Sends `signal` to the program alone, or to its whole process group. */
  signal(signal: Deno.Signal, target: "process" | "group"): void {
    Deno.kill(target === "group" ? -this.pid : this.pid, signal);
  }

  /**
   * Waits (60 s at most) for the program to exit, then kills what it may have
   * left behind (its process group, and the command when it printed its pid);
   * returns the status and the stdout lines other than the pid.
   */
  async finish(): Promise<{ code: number; lines: string[]; stderr: string }> {
    const timer = setTimeout(() => this.#kill(-this.pid), 60_000);
    const { code } = await this.#child.status;
    clearTimeout(timer);
    this.#kill(-this.pid);
    const pidLine = this.lines.find((l) => l.startsWith("pid "));
    if (pidLine) this.#kill(Number(pidLine.slice(4)));
    await this.waitFor("\0never");
    if (this.#partial !== "") this.lines.push(this.#partial);
    const lines = this.lines.filter((l) => !l.startsWith("pid "));
    return { code, lines, stderr: await this.#stderr };
  }

  #kill(pid: number): void {
    try {
      Deno.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function addProfile(s: CliSandbox): Promise<void> {
  s.writeConfig("[profile work]\nregion = eu-west-1\n");
  const r = await s.run(["add", "--env", "--no-add-config", "work"], { env: KEYS });
  assertEquals(r.code, 0, r.stderr);
}

/** The ways a command is run: `exec` itself, and the relay it falls back to (alone, and in exec). */
const WAYS: Array<[string, (s: CliSandbox) => Promise<string[]>]> = [
  ["exec", async (s) => {
    await addProfile(s);
    return [...cliCommandLine(), "exec", "-n", "work", "--"];
  }],
  ["the relay", () => Promise.resolve(RELAY)],
  // execve refuses a script without "#!" (ENOEXEC); the child process exec falls back to runs
  // it with /bin/sh, as today, which here hands over to the real command.
  ["exec falling back to a child", async (s) => {
    await addProfile(s);
    const script = `${s.root}/no-shebang`;
    Deno.writeTextFileSync(script, 'exec "$@"\n', { mode: 0o755 });
    return [...cliCommandLine(), "exec", "-n", "work", "--", script];
  }],
];

for (const [way, program] of WAYS) {
  sandboxTest(
    `${way}: a TERM sent to the process group reaches the command once, and its status is kept`,
    async (s) => {
      const run = new Running([...await program(s), ...CHILD], s.env);
      assert(await run.waitFor("ready"), "the command did not start");
      run.signal("SIGTERM", "group");
      const r = await run.finish();
      assertEquals(
        { code: r.code, lines: r.lines },
        { code: 7, lines: ["ready", "SIGTERM"] },
        r.stderr,
      );
    },
  );

  sandboxTest(`${way}: a TERM sent to aws-vault alone reaches the command once`, async (s) => {
    const run = new Running([...await program(s), ...CHILD], s.env);
    assert(await run.waitFor("ready"), "the command did not start");
    run.signal("SIGTERM", "process");
    const r = await run.finish();
    assertEquals(
      { code: r.code, lines: r.lines },
      { code: 7, lines: ["ready", "SIGTERM"] },
      r.stderr,
    );
  });

  sandboxTest(
    `${way}: USR1, USR2, HUP, WINCH, QUIT and ALRM sent to aws-vault reach the command`,
    async (s) => {
      const run = new Running([...await program(s), ...CHILD], s.env);
      assert(await run.waitFor("ready"), "the command did not start");
      for (const signal of ["SIGUSR1", "SIGUSR2", "SIGHUP", "SIGWINCH", "SIGQUIT"] as const) {
        run.signal(signal, "process");
        assert(await run.waitFor(signal), `${signal} did not reach the command`);
      }
      run.signal("SIGALRM", "process");
      const r = await run.finish();
      assertEquals({ code: r.code, lines: r.lines }, {
        code: 3,
        lines: ["ready", "SIGUSR1", "SIGUSR2", "SIGHUP", "SIGWINCH", "SIGQUIT", "SIGALRM"],
      }, r.stderr);
    },
  );

  sandboxTest(`${way}: Ctrl-C on the terminal reaches the command once`, async (s) => {
    const r = await s.runPty(CHILD, [["ready", "\x03"]], { program: await program(s) });
    assertEquals(r.code, 9, r.stdout);
    assertEquals(r.stdout.split(/\r?\n/).filter((l) => l.startsWith("SIG")), ["SIGINT"]);
  });
}

sandboxTest("exec becomes the command: the same process, with argv[0] as typed", async (s) => {
  await addProfile(s);
  const script = 'echo "$$"; tr "\\0" " " </proc/$$/cmdline';
  const run = new Running(
    [...cliCommandLine(), "exec", "-n", "work", "--", "sh", "-c", script],
    s.env,
  );
  const r = await run.finish();
  assertEquals(r.code, 0, r.stderr);
  assertEquals(r.lines, [String(run.pid), `sh -c ${script} `]);
});

sandboxTest(
  "exec passes no descriptor, blocked signal or ignored SIGPIPE of its own on",
  async (s) => {
    await addProfile(s);
    // Compared with the same command started straight from this test process: the descriptors
    // and ignored signals it passes on itself.
    for (const command of [["ls", "/proc/self/fd"], ["grep", "^Sig", "/proc/self/status"]]) {
      const plain = await new Running(command, s.env).finish();
      const r = await new Running(
        [...cliCommandLine(), "exec", "-n", "work", "--", ...command],
        s.env,
      )
        .finish();
      assertEquals(r.code, 0, r.stderr);
      if (command[0] === "ls") {
        assertEquals(r.lines, plain.lines);
        continue;
      }
      const mask = (lines: string[], name: string) =>
        BigInt("0x" + (lines.find((l) => l.startsWith(name + ":"))?.split("\t")[1] ?? "ff"));
      assertEquals(mask(r.lines, "SigBlk"), 0n);
      assertEquals(mask(r.lines, "SigIgn") & ~mask(plain.lines, "SigIgn"), 0n);
    }
  },
);

motoTest(
  "exec after an STS call passes neither its connection nor its lock file on",
  async (_t, moto) => {
    const w = await stsSandbox(moto, "[profile jon]\nregion = eu-west-1\n", ["jon"]);
    try {
      const plain = await new Running(["ls", "-l", "/proc/self/fd"], w.sandbox.envWith(w.env))
        .finish();
      const r = await new Running(
        [...cliCommandLine(), "exec", "jon", "--", "ls", "-l", "/proc/self/fd"],
        w.sandbox.envWith(w.env),
      ).finish();
      assertEquals(r.code, 0, r.stderr);
      assertEquals((await moto.stsCalls()).map((c) => c.action), ["GetSessionToken"]);
      // `ls -l` lines end "<fd> -> <target>"; the descriptor ls opens itself differs in its target.
      const fds = (lines: string[]) =>
        lines.filter((l) => l.includes(" -> ")).map((l) => l.split(" -> ")[0].split(" ").pop());
      assertEquals(fds(r.lines), fds(plain.lines));
      assertEquals(r.lines.filter((l) => /socket:|\.lock/.test(l)), []);
    } finally {
      w.cleanup();
    }
  },
);
