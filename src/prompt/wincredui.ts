/**
 * The `wincredui` prompt driver (Windows): the credentials dialog
 * of `CredUIPromptForCredentialsW`, caption `Enter MFA code for aws-vault`,
 * message = the prompt, target `aws-vault`, user name = the MFA serial
 * without `arn:aws:iam::` and `:mfa`, the code typed into the password field
 * (64-character buffer).
 *
 * The function is called by PowerShell (Add-Type P/Invoke). As in the
 * `wincred` backend, argv holds only a constant bootstrap; the script and the
 * request travel on stdin, and the code comes back on stdout in base64.
 *
 * @module
 */

import { POWERSHELL_ARGS, POWERSHELLS } from "../platform/powershell.ts";
import { decodeBase64, encodeBase64, fromUtf8, utf8 } from "../encoding.ts";
import { CredentialsError } from "../errors.ts";
import { MFA_HELPER_ERROR, runHelper } from "./helper_process.ts";
import { mfaPromptMessage, type PromptFunc } from "./prompt_func.ts";

/** `CREDUI_FLAGS_ALWAYS_SHOW_UI | CREDUI_FLAGS_GENERIC_CREDENTIALS | CREDUI_FLAGS_KEEP_USERNAME`. */
export const CREDUI_FLAGS = 0x00080 | 0x40000 | 0x100000;
/** `ERROR_CANCELLED`: the user closed the dialog. */
const ERROR_CANCELLED = 1223;

/**
 * The PowerShell program: reads the request (its first argument, JSON with
 * base64 strings), shows the dialog and prints `ok <base64 code>`,
 * `cancelled` or `error <code>`.
 */
export const WINCREDUI_SCRIPT = String.raw`param([string]$Request)
$ErrorActionPreference = 'Stop'
$r = ConvertFrom-Json $Request
function FromB64([string]$b64) { [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($b64)) }
Add-Type -Language CSharp -TypeDefinition @'
using System;
using System.Runtime.InteropServices;
using System.Text;

public static class AwsVaultMfaDialog
{
    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct CREDUI_INFO
    {
        public int cbSize;
        public IntPtr hwndParent;
        public string pszMessageText;
        public string pszCaptionText;
        public IntPtr hbmBanner;
    }

    [DllImport("credui.dll", CharSet = CharSet.Unicode)]
    private static extern int CredUIPromptForCredentialsW(ref CREDUI_INFO info, string target,
        IntPtr reserved, int authError, StringBuilder user, int userSize,
        StringBuilder password, int passwordSize, ref int save, int flags);

    public static int Ask(string caption, string message, string target, string user, int flags,
        out string code)
    {
        CREDUI_INFO info = new CREDUI_INFO();
        info.cbSize = Marshal.SizeOf(typeof(CREDUI_INFO));
        info.pszCaptionText = caption;
        info.pszMessageText = message;
        StringBuilder userName = new StringBuilder(user, user.Length + 1);
        StringBuilder password = new StringBuilder(64);
        int save = 0;
        int rc = CredUIPromptForCredentialsW(ref info, target, IntPtr.Zero, 0, userName,
            user.Length + 1, password, 64, ref save, flags);
        code = password.ToString();
        password.Clear();
        return rc;
    }
}
'@
$code = $null
$rc = [AwsVaultMfaDialog]::Ask((FromB64 $r.caption), (FromB64 $r.message), (FromB64 $r.target),
  (FromB64 $r.user), [int]$r.flags, [ref]$code)
if ($rc -eq 0) { [Console]::Out.Write('ok ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($code))) }
elseif ($rc -eq ${ERROR_CANCELLED}) { [Console]::Out.Write('cancelled') }
else { [Console]::Out.Write('error ' + $rc) }
`;

/** The user name shown in the dialog: the serial without `arn:aws:iam::` and `:mfa`. */
export function wincreduiUserName(mfaSerial: string): string {
  return mfaSerial.replaceAll("arn:aws:iam::", "").replaceAll(":mfa", "");
}

/** The request the script reads: every string in base64 of UTF-8. */
export function wincreduiRequest(mfaSerial: string): string {
  const b64 = (text: string) => encodeBase64(utf8(text));
  return JSON.stringify({
    caption: b64("Enter MFA code for aws-vault"),
    message: b64(mfaPromptMessage(mfaSerial)),
    target: b64("aws-vault"),
    user: b64(wincreduiUserName(mfaSerial)),
    flags: CREDUI_FLAGS,
  });
}

function failure(detail: string): CredentialsError {
  return new CredentialsError(`wincredui: ${detail}`, { code: MFA_HELPER_ERROR });
}

/** Asks in the Windows credentials dialog. */
export const wincreduiPrompt: PromptFunc = async (ctx, mfaSerial) => {
  let shell: string | undefined;
  for (const candidate of POWERSHELLS) {
    if (await ctx.deps.proc.which(candidate) !== undefined) {
      shell = candidate;
      break;
    }
  }
  if (shell === undefined) throw failure('neither "powershell" nor "pwsh" was found on PATH');
  const answer = await runHelper(ctx, {
    label: "wincredui",
    cmd: shell,
    args: [...POWERSHELL_ARGS],
    stdin: `${WINCREDUI_SCRIPT}\0${wincreduiRequest(mfaSerial)}`,
  });
  const [status, detail = ""] = answer.split(" ");
  if (status === "ok") return fromUtf8(decodeBase64(detail)).trim();
  if (status === "cancelled") throw failure("the dialog was cancelled");
  if (status === "error") {
    throw failure(`call to CredUIPromptForCredentialsW failed (error ${detail})`);
  }
  throw failure("unexpected answer from PowerShell");
};
