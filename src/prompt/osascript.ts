/**
 * The `osascript` prompt driver: a macOS dialog shown by an
 * AppleScript passed with `-e`, the prompt quoted as Go's `%q` quotes it
 * (AppleScript reads `\"` and `\\` the same way).
 *
 * @module
 */

import { goQuote } from "../go_quote.ts";
import { runHelper } from "./helper_process.ts";
import { mfaPromptMessage, type PromptFunc } from "./prompt_func.ts";

/** The AppleScript aws-vault runs, whitespace included. */
export function osascriptSource(mfaSerial: string): string {
  return `\n\t\tdisplay dialog ${goQuote(mfaPromptMessage(mfaSerial))} default answer "" ` +
    `buttons {"OK", "Cancel"} default button 1\n` +
    `        text returned of the result\n` +
    `        return result`;
}

/** Asks in a macOS dialog; Cancel makes osascript fail with "User canceled. (-128)". */
export const osascriptPrompt: PromptFunc = (ctx, mfaSerial) =>
  runHelper(ctx, {
    label: "osascript",
    cmd: "osascript",
    args: ["-e", osascriptSource(mfaSerial)],
  });
