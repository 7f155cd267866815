/**
 * How aws-vault runs PowerShell scripts on Windows (the Credential Manager
 * backend and the wincredui prompt): the script and its data travel on
 * standard input, so no secret ever appears in a command line.
 *
 * @module
 */

/** The PowerShell programs tried, in order: Windows PowerShell 5.1, then PowerShell 7. */
export const POWERSHELLS = ["powershell", "pwsh"] as const;

/**
 * The whole `-Command` text: read stdin, run the part before the first NUL as a
 * script block with the rest as its argument. Constant; carries no data.
 */
export const POWERSHELL_BOOTSTRAP = "$ErrorActionPreference='Stop';$in=[Console]::In.ReadToEnd();" +
  "$at=$in.IndexOf([char]0);& ([ScriptBlock]::Create($in.Substring(0,$at))) $in.Substring($at+1)";

/** The arguments that run {@linkcode POWERSHELL_BOOTSTRAP} without a profile or prompts. */
export const POWERSHELL_ARGS: readonly string[] = [
  "-NoProfile",
  "-NonInteractive",
  "-Command",
  POWERSHELL_BOOTSTRAP,
];
