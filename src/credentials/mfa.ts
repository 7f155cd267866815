/**
 * MFA codes for the STS calls of a provider chain. Per call, the
 * first source that can answer: the `--mfa-token` code, the profile's
 * `mfa_process`, then the prompt driver (`--prompt`, or chosen automatically).
 *
 * Where we differ from aws-vault, deliberately:
 * - A one-time code serves one call. aws-vault sends the `--mfa-token` code
 *   to every MFA call of the chain, and AWS rejects the second; we use it for
 *   the first call and ask the next source for later ones.
 * - We never wait on a terminal that is not there: when no source can ask
 *   (no controlling terminal, no GUI driver, no `mfa_process`), the call fails
 *   at once and says how to supply the code.
 * - Helpers (dialogs, `ykman`, `mfa_process`) run with a time limit
 *   (`AWS_VAULT_PROMPT_TIMEOUT`, a Go duration; 5 minutes by default).
 * - An empty code is an error here instead of an STS validation error.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import { parseGoDuration } from "../config/duration.ts";
import { ConfigError, CredentialsError } from "../errors.ts";
import type { Deps, Logger } from "../platform/types.ts";
import { choosePromptDriver, type PromptDriverInfo, TERMINAL_DRIVER } from "../prompt/drivers.ts";
import { MFA_HELPER_ERROR, runHelper } from "../prompt/helper_process.ts";
import { DEFAULT_PROMPT_TIMEOUT_MS, type PromptContext } from "../prompt/prompt_func.ts";
import type { MfaCodeSource } from "./types.ts";

/** The error code when no source can supply a code. */
export const MFA_UNAVAILABLE = "MFA_UNAVAILABLE";
/** The variable holding the helpers' time limit (a Go duration such as `2m`). */
export const PROMPT_TIMEOUT_VARIABLE = "AWS_VAULT_PROMPT_TIMEOUT";

/** What {@linkcode createMfaCodeSource} needs. */
export interface MfaCodeSourceOptions {
  deps: Deps;
  log: Logger;
  /** `--prompt` / `AWS_VAULT_PROMPT` value, "" = automatic. */
  promptDriver: string;
  /** True for `exec` server modes: the automatic choice prefers a GUI driver. */
  serverMode?: boolean;
  /**
   * Server modes: true while the command runs, which then owns the terminal,
   * so the `terminal` driver cannot ask.
   */
  terminalBusy?: () => boolean;
  /** Time limit for a helper, in milliseconds (default: `AWS_VAULT_PROMPT_TIMEOUT`, else 5m). */
  timeoutMs?: number;
}

/** The helpers' time limit: `AWS_VAULT_PROMPT_TIMEOUT` when set, else 5 minutes. */
export function promptTimeoutMs(deps: Pick<Deps, "env">): number {
  const text = deps.env.get(PROMPT_TIMEOUT_VARIABLE) ?? "";
  if (text === "") return DEFAULT_PROMPT_TIMEOUT_MS;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new ConfigError(
      `Invalid ${PROMPT_TIMEOUT_VARIABLE} "${text}": expected a positive duration such as "2m"`,
    );
  }
  return ms;
}

/**
 * Runs a profile's `mfa_process` and returns its trimmed stdout: `/bin/sh -c
 * <command>` (Windows: `%SystemRoot%\System32\cmd.exe /C "<command>"`), stdin
 * and stderr on the controlling terminal when there is one (ByteNess), else
 * stderr passed through. Failures read `process provider: exit status <n>`;
 * the command itself is never printed (it may hold a session token).
 */
export async function runMfaProcess(ctx: PromptContext, command: string): Promise<string> {
  const { deps } = ctx;
  const windows = deps.os === "windows";
  const systemRoot = deps.env.get("SystemRoot") || "C:\\Windows";
  const code = await runHelper(ctx, {
    label: "process provider",
    cmd: windows ? `${systemRoot}\\System32\\cmd.exe` : "/bin/sh",
    args: windows ? [`/C "${command}"`] : ["-c", command],
    windowsRawArguments: windows,
    useTerminal: true,
  });
  if (code === "") {
    throw new CredentialsError("process provider: the command printed no MFA code", {
      code: MFA_HELPER_ERROR,
    });
  }
  return code;
}

function noWayToAsk(serial: string, why: string, tokenSpent: boolean): CredentialsError {
  const what = tokenSpent
    ? `a second MFA code for "${serial}" (the --mfa-token code went to an earlier call, ` +
      "and a code is valid once)"
    : `the MFA code for "${serial}"`;
  const remedies = tokenSpent
    ? "set mfa_process in the profile, or choose a driver with --prompt"
    : "use --mfa-token, set mfa_process in the profile, or choose a driver with --prompt";
  return new CredentialsError(`No way to ask for ${what}: ${why}; ${remedies}`, {
    code: MFA_UNAVAILABLE,
  });
}

function terminalBusy(serial: string): CredentialsError {
  return new CredentialsError(
    `Cannot ask for a new MFA code for "${serial}" on the terminal while the command runs: ` +
      "choose a prompt driver other than terminal with --prompt (zenity, kdialog, ykman...), " +
      "set mfa_process in the profile, or use a longer --duration",
    { code: MFA_UNAVAILABLE },
  );
}

/**
 * Creates the MFA code source of one command run. Calls are answered one at
 * a time (two prompts never share the terminal); the `--mfa-token` code is
 * handed out once; the driver is chosen on first use.
 */
export function createMfaCodeSource(options: MfaCodeSourceOptions): MfaCodeSource {
  const { deps, log } = options;
  const spentTokens = new Set<string>();
  let context: PromptContext | undefined;
  let driver: PromptDriverInfo | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const promptContext = (): PromptContext =>
    context ??= { deps, log, timeoutMs: options.timeoutMs ?? promptTimeoutMs(deps) };

  const codeFor = async (config: ProfileConfig): Promise<string> => {
    const serial = config.mfaSerial;
    if (serial === undefined || serial === "") {
      throw new CredentialsError(
        `profile ${config.profileName}: an MFA code was needed but mfa_serial is not set`,
        { code: "MFA" },
      );
    }
    const token = config.mfaToken?.trim() ?? "";
    if (token !== "" && !spentTokens.has(token)) {
      spentTokens.add(token);
      log.debug(`Using the --mfa-token code for ${serial}`);
      return token;
    }
    const tokenSpent = token !== "";
    if (tokenSpent) log.debug(`The --mfa-token code is spent; asking again for ${serial}`);
    if (config.mfaProcess) {
      log.debug("Executing mfa_process");
      return await runMfaProcess(promptContext(), config.mfaProcess);
    }
    const requested = options.promptDriver || config.mfaPromptMethod || "";
    driver ??= choosePromptDriver(deps, log, { requested, serverMode: options.serverMode });
    if (driver.name === TERMINAL_DRIVER && options.terminalBusy?.()) throw terminalBusy(serial);
    if (driver.name === TERMINAL_DRIVER && !deps.terminal.available()) {
      const why = requested === TERMINAL_DRIVER
        ? "--prompt=terminal, but there is no terminal"
        : "no terminal and no GUI prompt driver";
      throw noWayToAsk(serial, why, tokenSpent);
    }
    const ask = await driver.load();
    const code = await ask(promptContext(), serial);
    if (code === "") {
      throw new CredentialsError(`No MFA code was entered for "${serial}"`, { code: "MFA" });
    }
    return code;
  };

  return (config) => {
    const answer = queue.then(() => codeFor(config));
    queue = answer.catch(() => {});
    return answer;
  };
}
