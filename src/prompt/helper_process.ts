/**
 * Runs a helper program that prints an MFA code (a dialog, `ykman`,
 * `mfa_process`) through `deps.proc`, with a time limit, and turns its
 * failures into one-line errors prefixed with the helper's name, as aws-vault
 * does (`ykman: exit status 1`, `process provider: exit status 1`).
 *
 * @module
 */

import { helperEnv } from "../platform/helper_env.ts";
import { formatGoDuration } from "../config/duration.ts";
import { fromUtf8 } from "../encoding.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import { ExecutableNotFoundError, type RunRequest, type RunResult } from "../platform/types.ts";
import type { PromptContext } from "./prompt_func.ts";

/** The error code of a helper that failed, timed out or could not be started. */
export const MFA_HELPER_ERROR = "MFA";

/**
 * A POSIX shell program that re-opens stdin and stderr on the controlling
 * terminal, then becomes the program in `$0` with the arguments in `$@`. Deno
 * cannot hand a file to a child as its stdin, so the shell does it; argv stays
 * the helper's own, and the shell is gone (`exec`) before the helper runs.
 */
export const ATTACH_TERMINAL_SCRIPT = 'exec 0</dev/tty 2>/dev/tty; exec "$0" "$@"';

/** A helper program to run. */
export interface HelperCommand {
  /** Names the helper in errors: `ykman`, `zenity`, `process provider`. */
  label: string;
  cmd: string;
  args: string[];
  /** Data for the helper's standard input. */
  stdin?: string;
  /**
   * Give the helper the controlling terminal as stdin and stderr when there is
   * one (so that "Touch your YubiKey" and passphrase prompts reach the user even
   * under `credential_process`); otherwise its stderr is passed through.
   * Without it, stderr is captured and its last line reported on failure.
   */
  useTerminal?: boolean;
  /** See {@linkcode RunRequest.windowsRawArguments}. */
  windowsRawArguments?: boolean;
  /**
   * Explanations of some exit statuses, e.g. `{ 1: "the dialog was cancelled" }`,
   * used when the helper wrote nothing on stderr.
   */
  exitReasons?: Readonly<Record<number, string>>;
}

function helperError(label: string, detail: string, cause?: unknown): CredentialsError {
  return new CredentialsError(`${label}: ${detail}`, { code: MFA_HELPER_ERROR, cause });
}

/** The last non-empty line a helper wrote to stderr, if it was captured. */
function lastLine(bytes: Uint8Array): string {
  const lines = fromUtf8(bytes).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  return lines.at(-1) ?? "";
}

async function requestFor(ctx: PromptContext, helper: HelperCommand): Promise<RunRequest> {
  const { deps, log } = ctx;
  const req: RunRequest = {
    cmd: helper.cmd,
    args: helper.args,
    env: helperEnv(deps.env),
    timeoutMs: ctx.timeoutMs,
  };
  if (helper.stdin !== undefined) req.stdin = helper.stdin;
  if (helper.windowsRawArguments) req.windowsRawArguments = true;
  if (!helper.useTerminal) return req;
  req.inheritStderr = true;
  if (deps.os === "windows" || !deps.terminal.available()) return req;
  // Through the shell a missing program would only be "not found" on the terminal.
  if (await deps.proc.which(helper.cmd) === undefined) {
    throw helperError(helper.label, new ExecutableNotFoundError(helper.cmd).message);
  }
  log.debug(`Connecting the stdin and stderr of ${helper.cmd} to the terminal`);
  return { ...req, cmd: "/bin/sh", args: ["-c", ATTACH_TERMINAL_SCRIPT, helper.cmd, ...req.args!] };
}

/**
 * Runs `helper` and returns what it printed on stdout, whitespace-trimmed.
 * Throws a {@linkcode CredentialsError} (code {@linkcode MFA_HELPER_ERROR})
 * when it cannot be started, exits non-zero or outlives `ctx.timeoutMs`.
 */
export async function runHelper(ctx: PromptContext, helper: HelperCommand): Promise<string> {
  const req = await requestFor(ctx, helper);
  let result: RunResult;
  try {
    result = await ctx.deps.proc.run(req);
  } catch (error) {
    throw helperError(helper.label, messageOf(error), error);
  }
  if (result.timedOut) {
    throw helperError(helper.label, `no answer within ${formatGoDuration(ctx.timeoutMs)}`);
  }
  if (!result.success) {
    // What the helper said beats our guess at what its status means.
    const stderr = lastLine(result.stderr);
    const reason = stderr === "" ? helper.exitReasons?.[result.code] : undefined;
    throw helperError(
      helper.label,
      `exit status ${result.code}${reason ? ` (${reason})` : ""}${stderr ? `: ${stderr}` : ""}`,
    );
  }
  return fromUtf8(result.stdout).trim();
}
