/**
 * Where the file backend's passphrase comes from: `AWS_VAULT_FILE_PASSPHRASE`
 * when it exists (even empty), otherwise a running `aws-vault agent`,
 * otherwise one hidden prompt on the terminal per process.
 *
 * @module
 */

import { NoTerminalError } from "../src/errors.ts";
import type { Env, Logger, Terminal } from "../src/platform/types.ts";

/** The environment variable that supplies the passphrase without a prompt. */
export const FILE_PASSPHRASE_ENV = "AWS_VAULT_FILE_PASSPHRASE";

/** Options of {@linkcode filePassphraseSource}. */
export interface FilePassphraseOptions {
  /** The file backend's directory (`~` expanded), shown in the prompt. */
  dir: string;
  env: Env;
  terminal: Terminal;
  log?: Logger;
  /** The agent to ask before the terminal (never asked while the variable is set). */
  agent?: { passphrase(): Promise<string | undefined> };
}

/**
 * Builds the `passphrase()` function of a {@linkcode FileKeyring}.
 *
 * The variable is consulted on every call. The prompt
 * `Enter passphrase to unlock "<dir>": ` goes to stderr with echo off and is
 * asked at most once (after the agent, when one is given): concurrent callers share the pending answer and later
 * callers reuse it. Unlike aws-vault, an empty answer is remembered too: the
 * question is asked at most once per process. Without a terminal this throws
 * {@linkcode NoTerminalError} at once rather than waiting for input.
 *
 * @example
 * ```ts ignore
 * const passphrase = filePassphraseSource({ dir, env, terminal, log });
 * const keyring = new FileKeyring({ dir, fs, passphrase });
 * ```
 */
export function filePassphraseSource(options: FilePassphraseOptions): () => Promise<string> {
  const { dir, env, terminal, log, agent } = options;
  const quotedDir = JSON.stringify(dir);
  let pending: Promise<string> | undefined;
  let announcedEnv = false;

  // Where an agent could answer, the hint names it too (not for `agent start` itself).
  const agentHint = agent ? `, or run "aws-vault agent start" in a terminal first` : "";
  const noTerminal = (detail: string, cause?: unknown) =>
    new NoTerminalError(
      `Cannot ask for the passphrase to unlock ${quotedDir}: ${detail}; ` +
        `set ${FILE_PASSPHRASE_ENV} to supply it without a terminal${agentHint}`,
      { cause },
    );

  const ask = async (): Promise<string> => {
    const fromAgent = await agent?.passphrase();
    if (fromAgent !== undefined) return fromAgent;
    if (!terminal.available()) throw noTerminal("no terminal is available");
    log?.debug(`file backend: asking for the passphrase on the terminal`);
    try {
      return await terminal.prompt(`Enter passphrase to unlock ${quotedDir}: `, {
        echo: false,
        promptTo: "stderr",
      });
    } catch (error) {
      if (error instanceof NoTerminalError) throw noTerminal(error.message, error);
      throw error;
    }
  };

  return () => {
    const fromEnv = env.get(FILE_PASSPHRASE_ENV);
    if (fromEnv !== undefined) {
      if (!announcedEnv) {
        log?.debug(`file backend: using the passphrase from ${FILE_PASSPHRASE_ENV}`);
        announcedEnv = true;
      }
      return Promise.resolve(fromEnv);
    }
    if (pending === undefined) {
      const asked = ask().catch((error) => {
        if (pending === asked) pending = undefined;
        throw error;
      });
      pending = asked;
    }
    return pending;
  };
}

/**
 * The item decryption a {@linkcode FileKeyring} asks the agent for before it needs the
 * passphrase: nothing (`undefined`, no socket touched) while the variable is set.
 */
export function agentDecryptor(
  env: Env,
  agent: { decrypt(jwe: string): Promise<string | undefined> },
): (jwe: string) => Promise<string | undefined> {
  return (jwe) =>
    env.get(FILE_PASSPHRASE_ENV) !== undefined ? Promise.resolve(undefined) : agent.decrypt(jwe);
}
