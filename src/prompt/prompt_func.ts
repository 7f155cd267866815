/**
 * What every MFA prompt driver shares: the prompt text, the
 * context a driver runs in, and the shape of a driver (aws-vault's
 * `prompt.Func`).
 *
 * @module
 */

import { escapeControlChars } from "../go_quote.ts";
import type { Deps, Logger } from "../platform/types.ts";

/** Default time limit for a helper program (dialog, `ykman`, `mfa_process`): 5 minutes. */
export const DEFAULT_PROMPT_TIMEOUT_MS = 5 * 60 * 1000;

/** What a driver needs to ask for a code. */
export interface PromptContext {
  deps: Deps;
  log: Logger;
  /** Time limit for a helper program, in milliseconds; a dialog nobody answers is closed after it. */
  timeoutMs: number;
}

/** Asks for the MFA code of `mfaSerial`; resolves to the answer, whitespace-trimmed. */
export type PromptFunc = (ctx: PromptContext, mfaSerial: string) => Promise<string>;

/** The prompt text of every driver: `Enter MFA code for <mfa_serial>: `. */
export function mfaPromptMessage(mfaSerial: string): string {
  return `Enter MFA code for ${escapeControlChars(mfaSerial)}: `;
}
