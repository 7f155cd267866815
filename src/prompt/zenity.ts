/**
 * The `zenity` prompt driver: a GTK entry dialog,
 * `zenity --entry --title aws-vault --text "<prompt>"`.
 *
 * @module
 */

import { runHelper } from "./helper_process.ts";
import { mfaPromptMessage, type PromptFunc } from "./prompt_func.ts";

/** Asks in a zenity entry dialog; exit status 1 means Cancel or a closed window. */
export const zenityPrompt: PromptFunc = (ctx, mfaSerial) =>
  runHelper(ctx, {
    label: "zenity",
    cmd: "zenity",
    args: ["--entry", "--title", "aws-vault", "--text", mfaPromptMessage(mfaSerial)],
    exitReasons: { 1: "the dialog was cancelled" },
  });
