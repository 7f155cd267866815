/**
 * Starting a program with no controlling terminal (a new session), as
 * `credential_process` and CI run it: util-linux's `setsid --wait` where it
 * exists (Linux), else a few lines of Python doing the same (macOS has no
 * `setsid` command).
 *
 * @module
 */

/** A process group leader cannot start a session: it forks first and waits, as setsid(1) does. */
const PYTHON_SETSID = `
import os, sys
if os.getpgrp() == os.getpid():
    pid = os.fork()
    if pid:
        code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
        sys.exit(code if code >= 0 else 128 - code)
os.setsid()
os.execvp(sys.argv[1], sys.argv[1:])
`;

function hasSetsid(): boolean {
  for (const dir of ["/usr/bin", "/bin"]) {
    try {
      Deno.statSync(`${dir}/setsid`);
      return true;
    } catch {
      // not here
    }
  }
  return false;
}

/**
 * The command and arguments that run `program` (a path and its arguments) in
 * a new session, and exit with its status; `viaPython` picks the Python way
 * even where `setsid` exists (to test it; `TEST_SETSID_VIA_PYTHON=1` does so
 * for a whole run).
 */
export function withoutTerminal(
  program: readonly string[],
  viaPython = Deno.env.get("TEST_SETSID_VIA_PYTHON") === "1" || !hasSetsid(),
): { command: string; args: string[] } {
  return viaPython
    ? { command: "python3", args: ["-c", PYTHON_SETSID, ...program] }
    : { command: "setsid", args: ["--wait", ...program] };
}
