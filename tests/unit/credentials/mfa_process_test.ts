/**
 * `mfa_process` and the prompt drivers with the real process runner and real
 * terminals: `/bin/sh -c`, trimming, exit statuses, time limits on commands
 * that fork, the controlling terminal as the helper's stdin and stderr (under a
 * pseudo-terminal, tests/helpers/pty_run.py), and failing at once without one.
 */

import { createMfaCodeSource, runMfaProcess } from "../../../src/credentials/mfa.ts";
import { CredentialsError } from "../../../src/errors.ts";
import { denoProcessRunner } from "../../../src/platform/deno_proc.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { fakeDeps, fakeEnv } from "../../helpers/fakes.ts";
import { withoutTerminal } from "../../helpers/no_terminal.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const MAIN = `${ROOT}tests/unit/credentials/mfa_source_main.ts`;
const PTY = `${ROOT}tests/helpers/pty_run.py`;
const STAND_INS = `${ROOT}tests/helpers/stand_ins`;
const SERIAL = "arn:aws:iam::111111111111:mfa/jonsmith";
const silent = { enabled: false, debug: () => {} };

function realContext(timeoutMs = 20_000) {
  const env = fakeEnv({
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    AWS_SECRET_ACCESS_KEY: "secret-from-the-environment",
  });
  const { deps } = fakeDeps({ env, proc: denoProcessRunner({ getEnv: (n) => env.get(n) }) });
  return { deps, log: silent, timeoutMs };
}

Deno.test("mfa_process: a shell command line's trimmed stdout is the code", async () => {
  const ctx = realContext();
  assertEquals(await runMfaProcess(ctx, "printf '  654321\\n\\n'"), "654321");
  assertEquals(await runMfaProcess(ctx, "echo 123 456 | tr -d ' '"), "123456");
});

Deno.test("mfa_process: credential variables do not reach the command", async () => {
  assertEquals(
    await runMfaProcess(realContext(), 'printf "x%sx" "$AWS_SECRET_ACCESS_KEY"'),
    "xx",
  );
});

Deno.test("mfa_process: a non-zero exit reads `process provider: exit status <n>`", async () => {
  await assertRejects(
    () => runMfaProcess(realContext(), "exit 3"),
    CredentialsError,
    "process provider: exit status 3",
  );
});

Deno.test("mfa_process: the time limit holds even when the shell forks a child", async () => {
  const started = Date.now();
  await assertRejects(
    () => runMfaProcess(realContext(300), "sleep 30; echo 123456"),
    CredentialsError,
    "process provider: no answer within 300ms",
  );
  assert(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

Deno.test("the code source runs mfa_process through the real runner, once per call", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { deps } = realContext();
    const source = createMfaCodeSource({ deps, log: silent, promptDriver: "" });
    const config = {
      profileName: "p",
      mfaSerial: SERIAL,
      mfaProcess: `echo run >> ${dir}/runs; printf '%s' "$(wc -l < ${dir}/runs | tr -d ' ')00000"`,
      assumeRoleDurationMs: 1,
      nonChainedGetSessionTokenDurationMs: 1,
      chainedGetSessionTokenDurationMs: 1,
      getFederationTokenDurationMs: 1,
      ssoUseStdout: false,
    };
    assertEquals(await source(config), "100000");
    assertEquals(await source(config), "200000");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

interface ProgramRun {
  code: number;
  /** What appeared on the terminal (pty runs) or the program's stderr (no terminal). */
  screen: string;
  /** The program's own stderr, when it was redirected to a file. */
  stderr: string;
  /** The code it obtained. */
  mfaCode: string;
}

/**
 * Runs mfa_source_main.ts with stdin from /dev/null and stdout/stderr in files,
 * as under `credential_process`: on a new pseudo-terminal (`pty`) or with no
 * controlling terminal at all (`setsid`).
 */
async function runProgram(options: {
  terminal: "pty" | "none";
  driver?: string;
  env: Record<string, string>;
  dialogue?: Array<[string, string]>;
}): Promise<ProgramRun> {
  const dir = await Deno.makeTempDir({ prefix: "mfa-e2e-" });
  try {
    // fd 3 keeps the terminal open while stdio is elsewhere: pty_run.py stops reading a
    // terminal nobody holds (no fd) any more.
    const program =
      `exec "$0" run -A --quiet "$1" "$2" "$3" </dev/null >"$4/stdout" 2>"$4/stderr"` +
      (options.terminal === "pty" ? " 3<>/dev/tty" : "");
    const args = [
      "/bin/sh",
      "-c",
      program,
      Deno.execPath(),
      MAIN,
      options.driver ?? "",
      `${dir}/code`,
      dir,
    ];
    const launch = options.terminal === "pty"
      ? { command: "python3", args: [PTY, ...args] }
      : withoutTerminal(args);
    const child = new Deno.Command(launch.command, {
      args: launch.args,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: dir,
        NO_COLOR: "1",
        DENO_DIR: Deno.env.get("DENO_DIR") ??
          `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`,
        PTY_DIALOGUE: JSON.stringify(options.dialogue ?? []),
        ...options.env,
      },
      clearEnv: true,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(90_000),
    });
    const result = await child.output();
    const read = (name: string) => {
      try {
        return Deno.readTextFileSync(`${dir}/${name}`);
      } catch {
        return "";
      }
    };
    return {
      code: result.code,
      screen: new TextDecoder().decode(result.stdout).replaceAll("\r\n", "\n"),
      stderr: read("stderr"),
      mfaCode: read("code"),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("under credential_process, mfa_process gets the controlling terminal as stdin and stderr", async () => {
  const run = await runProgram({
    terminal: "pty",
    env: {
      MFA_PROCESS: "if [ -t 0 ]; then echo tty-123456; else echo no-tty; fi; " +
        "echo 'Touch your key' >&2",
    },
  });
  assertEquals(run.code, 0, run.screen + run.stderr);
  assertEquals(run.mfaCode, "tty-123456");
  assertStringIncludes(run.screen, "Touch your key");
  assertEquals(run.stderr, "");
});

Deno.test("under credential_process, ykman's touch prompt reaches the terminal", async () => {
  const log = await Deno.makeTempFile();
  try {
    const run = await runProgram({
      terminal: "pty",
      driver: "ykman",
      env: {
        PATH: `${STAND_INS}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
        PROMPT_STANDIN_LOG: log,
        PROMPT_STANDIN_TOUCH: "1",
        PROMPT_STANDIN_ANSWER: "246810",
      },
    });
    assertEquals(run.code, 0, run.screen + run.stderr);
    assertEquals(run.mfaCode, "246810");
    assertStringIncludes(run.screen, "Touch your YubiKey...");
    assertEquals(run.stderr, "");
    const [record] = (await Deno.readTextFile(log)).trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(record.argv, ["oath", "accounts", "code", "--single", SERIAL]);
    assertEquals(record.stdin_tty, true);
  } finally {
    await Deno.remove(log);
  }
});

Deno.test("under credential_process with no GUI driver, the terminal driver asks on /dev/tty", async () => {
  const run = await runProgram({
    terminal: "pty",
    env: {},
    dialogue: [[`Enter MFA code for ${SERIAL}: `, " 135791 "]],
  });
  assertEquals(run.code, 0, run.screen + run.stderr);
  assertEquals(run.mfaCode, "135791");
  assertStringIncludes(run.screen, `Enter MFA code for ${SERIAL}: `);
});

Deno.test("with no controlling terminal and nothing else to ask, the program fails at once", async () => {
  const started = Date.now();
  const run = await runProgram({ terminal: "none", env: {} });
  assertEquals(run.code, 1);
  assertEquals(
    run.stderr,
    `No way to ask for the MFA code for "${SERIAL}": no terminal and no GUI prompt driver; ` +
      "use --mfa-token, set mfa_process in the profile, or choose a driver with --prompt\n",
  );
  assertEquals(run.mfaCode, "");
  assert(Date.now() - started < 30_000, `took ${Date.now() - started} ms`);
});
