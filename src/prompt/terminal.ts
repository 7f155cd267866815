/**
 * The `terminal` prompt driver: the prompt is written to the
 * controlling terminal (`/dev/tty`, the console on Windows) and a visible line
 * is read from it, never from stdin/stdout, which may be redirected (for
 * example under `credential_process`).
 *
 * @module
 */

import { mfaPromptMessage, type PromptFunc } from "./prompt_func.ts";

/** Asks on the controlling terminal, with echo. */
export const terminalPrompt: PromptFunc = async (ctx, mfaSerial) => {
  const answer = await ctx.deps.terminal.prompt(mfaPromptMessage(mfaSerial), { echo: true });
  return answer.trim();
};
