/**
 * Runs the programs that tests use to set up and look into the real keystores
 * (gdbus, secret-tool, pass, gpg, the tests/helpers/*.sh harnesses) with a clean
 * environment, and collects what they print.
 */
import { fromUtf8, utf8 } from "../../src/encoding.ts";

/** How a program run by {@link runTool} ended and what it printed. */
export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** What {@link runTool} gives the program. */
export interface ToolOptions {
  /**
   * Its whole environment on top of PATH (the test's own PATH, or /usr/bin:/bin) and
   * LANG=C.UTF-8 (so that tools print non-ASCII text as is): nothing else of the test's
   * environment reaches the program.
   */
  env?: Record<string, string>;
  /** Text written to its stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string;
}

/** Runs `cmd args` with a clean environment and returns its exit code and output. */
export async function runTool(
  cmd: string,
  args: string[],
  options: ToolOptions = {},
): Promise<ToolResult> {
  const { env = {}, stdin } = options;
  const child = new Deno.Command(cmd, {
    args,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...env },
    clearEnv: true,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(utf8(stdin));
    await writer.close();
  }
  const out = await child.output();
  return { code: out.code, stdout: fromUtf8(out.stdout), stderr: fromUtf8(out.stderr) };
}

/**
 * Runs `cmd args` like {@link runTool} and returns its stdout; throws an Error with
 * the command line and its stderr when it does not exit 0.
 */
export async function toolOutput(
  cmd: string,
  args: string[],
  options: ToolOptions = {},
): Promise<string> {
  const out = await runTool(cmd, args, options);
  if (out.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (exit ${out.code}): ${out.stderr}`);
  }
  return out.stdout;
}

/**
 * `gdbus call --session` of `method` (interface-qualified) on `dest` at `path`, on the
 * bus at `address`: an implementation of D-Bus independent of ours. Returns gdbus's
 * printed result, trimmed; throws when gdbus fails.
 */
export async function gdbusCall(
  address: string,
  dest: string,
  path: string,
  method: string,
  ...args: string[]
): Promise<string> {
  const argv = ["call", "--session", "--dest", dest, "--object-path", path, "--method", method];
  const out = await toolOutput("gdbus", [...argv, ...args], {
    env: { DBUS_SESSION_BUS_ADDRESS: address },
  });
  return out.trim();
}
