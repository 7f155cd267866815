/**
 * The `kdialog` prompt driver: a KDE input box,
 * `kdialog --inputbox "<prompt>" --title aws-vault`.
 *
 * @module
 */

import { runHelper } from "./helper_process.ts";
import { mfaPromptMessage, type PromptFunc } from "./prompt_func.ts";

/** Asks in a kdialog input box; exit status 1 means Cancel or a closed window. */
export const kdialogPrompt: PromptFunc = (ctx, mfaSerial) =>
  runHelper(ctx, {
    label: "kdialog",
    cmd: "kdialog",
    args: ["--inputbox", mfaPromptMessage(mfaSerial), "--title", "aws-vault"],
    exitReasons: { 1: "the dialog was cancelled" },
  });
