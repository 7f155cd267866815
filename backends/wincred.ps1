# Windows Credential Manager for aws-vault's "wincred" keyring backend (backends/wincred.ts).
#
# How it runs: backends/wincred.ts starts
#   powershell.exe -NoProfile -NonInteractive -Command <bootstrap>
# (or pwsh) where the bootstrap only reads standard input, splits it at the first NUL character
# and runs the text before it - this script - with the text after it - the request - as its
# argument. Neither the script nor the request (which holds the secrets) is ever in argv.
#
# Request: one JSON object, ASCII only; every string value is base64 of UTF-8 (blobs: raw bytes).
#   {"ops": [ {"op": "read",   "target": T},
#             {"op": "write",  "target": T, "blob": B, "comment": C},
#             {"op": "delete", "target": T},
#             {"op": "purge",  "prefix": P, "from": N},
#             {"op": "list",   "filter": F} ]}
# Response: one line per operation, in order; the first error ends the run.
#   ok <blob> <comment>     read: the credential's blob and comment (base64)
#   ok                      write, delete
#   ok <count>              purge: deleted P+N, P+(N+1), ... until one did not exist
#   ok <target> ...         list: the generic credentials whose target name matches F
#   missing                 read or delete: no such credential (Win32 error 1168)
#   error <code> <message>  a Win32 error code and its message (base64)
#
# Credentials are written as aws-vault writes them: type CRED_TYPE_GENERIC, persistence
# CRED_PERSIST_LOCAL_MACHINE, empty user name, the blob exactly as given (UTF-8 JSON).
# This file must stay ASCII: it travels through the console's code page.

param([string]$Request)
Set-StrictMode -Version 2
$ErrorActionPreference = 'Stop'

Add-Type -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

public static class AwsVaultCredentials
{
    public const int CRED_TYPE_GENERIC = 1;
    public const int CRED_PERSIST_LOCAL_MACHINE = 2;
    public const int ERROR_NOT_FOUND = 1168;

    [StructLayout(LayoutKind.Sequential, CharSet = CharSet.Unicode)]
    private struct CREDENTIAL
    {
        public int Flags;
        public int Type;
        public string TargetName;
        public string Comment;
        public System.Runtime.InteropServices.ComTypes.FILETIME LastWritten;
        public int CredentialBlobSize;
        public IntPtr CredentialBlob;
        public int Persist;
        public int AttributeCount;
        public IntPtr Attributes;
        public string TargetAlias;
        public string UserName;
    }

    [DllImport("advapi32.dll", EntryPoint = "CredReadW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CredRead(string target, int type, int reservedFlag, out IntPtr credential);

    [DllImport("advapi32.dll", EntryPoint = "CredWriteW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CredWrite(ref CREDENTIAL credential, int flags);

    [DllImport("advapi32.dll", EntryPoint = "CredDeleteW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CredDelete(string target, int type, int flags);

    [DllImport("advapi32.dll", EntryPoint = "CredEnumerateW", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern bool CredEnumerate(string filter, int flags, out int count, out IntPtr credentials);

    [DllImport("advapi32.dll")]
    private static extern void CredFree(IntPtr buffer);

    // Each method returns 0 or a Win32 error code.

    public static int Read(string target, out byte[] blob, out string comment)
    {
        blob = new byte[0];
        comment = null;
        IntPtr found;
        if (!CredRead(target, CRED_TYPE_GENERIC, 0, out found)) return Marshal.GetLastWin32Error();
        try
        {
            CREDENTIAL c = (CREDENTIAL)Marshal.PtrToStructure(found, typeof(CREDENTIAL));
            blob = new byte[c.CredentialBlobSize];
            if (c.CredentialBlobSize > 0) Marshal.Copy(c.CredentialBlob, blob, 0, c.CredentialBlobSize);
            comment = c.Comment;
            return 0;
        }
        finally
        {
            CredFree(found);
        }
    }

    public static int Write(string target, byte[] blob, string comment)
    {
        CREDENTIAL c = new CREDENTIAL();
        c.Type = CRED_TYPE_GENERIC;
        c.TargetName = target;
        c.Comment = comment;
        c.CredentialBlobSize = blob.Length;
        c.CredentialBlob = Marshal.AllocHGlobal(Math.Max(blob.Length, 1));
        c.Persist = CRED_PERSIST_LOCAL_MACHINE;
        c.TargetAlias = "";
        c.UserName = "";
        try
        {
            Marshal.Copy(blob, 0, c.CredentialBlob, blob.Length);
            if (!CredWrite(ref c, 0)) return Marshal.GetLastWin32Error();
            return 0;
        }
        finally
        {
            Marshal.Copy(new byte[blob.Length], 0, c.CredentialBlob, blob.Length);
            Marshal.FreeHGlobal(c.CredentialBlob);
        }
    }

    public static int Delete(string target)
    {
        if (!CredDelete(target, CRED_TYPE_GENERIC, 0)) return Marshal.GetLastWin32Error();
        return 0;
    }

    public static int List(string filter, out string[] targets)
    {
        targets = new string[0];
        int count;
        IntPtr list;
        if (!CredEnumerate(filter, 0, out count, out list))
        {
            int error = Marshal.GetLastWin32Error();
            return error == ERROR_NOT_FOUND ? 0 : error;
        }
        try
        {
            List<string> names = new List<string>();
            for (int i = 0; i < count; i++)
            {
                IntPtr one = Marshal.ReadIntPtr(list, i * IntPtr.Size);
                CREDENTIAL c = (CREDENTIAL)Marshal.PtrToStructure(one, typeof(CREDENTIAL));
                if (c.Type == CRED_TYPE_GENERIC) names.Add(c.TargetName);
            }
            targets = names.ToArray();
            return 0;
        }
        finally
        {
            CredFree(list);
        }
    }
}
'@

function ConvertTo-Base64([byte[]]$Bytes) {
    return [Convert]::ToBase64String($Bytes)
}

function ConvertTo-Base64Text([string]$Text) {
    if ($null -eq $Text) { return '' }
    return [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($Text))
}

function ConvertFrom-Base64Text([string]$Base64) {
    return [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Base64))
}

function Format-Error([int]$Code) {
    $message = (New-Object System.ComponentModel.Win32Exception $Code).Message
    return "error $Code $(ConvertTo-Base64Text $message)"
}

$request = ConvertFrom-Json $Request
foreach ($op in $request.ops) {
    switch ($op.op) {
        'read' {
            $blob = $null
            $comment = $null
            $rc = [AwsVaultCredentials]::Read((ConvertFrom-Base64Text $op.target), [ref]$blob, [ref]$comment)
            if ($rc -eq [AwsVaultCredentials]::ERROR_NOT_FOUND) { 'missing' }
            elseif ($rc -ne 0) { Format-Error $rc; return }
            else { "ok $(ConvertTo-Base64 $blob) $(ConvertTo-Base64Text $comment)" }
        }
        'write' {
            $comment = ConvertFrom-Base64Text $op.comment
            if ($comment -eq '') { $comment = $null }
            $blob = [Convert]::FromBase64String($op.blob)
            $rc = [AwsVaultCredentials]::Write((ConvertFrom-Base64Text $op.target), $blob, $comment)
            if ($rc -ne 0) { Format-Error $rc; return }
            'ok'
        }
        'delete' {
            $rc = [AwsVaultCredentials]::Delete((ConvertFrom-Base64Text $op.target))
            if ($rc -eq [AwsVaultCredentials]::ERROR_NOT_FOUND) { 'missing' }
            elseif ($rc -ne 0) { Format-Error $rc; return }
            else { 'ok' }
        }
        'purge' {
            $prefix = ConvertFrom-Base64Text $op.prefix
            $index = [int]$op.from
            $deleted = 0
            while ($true) {
                $rc = [AwsVaultCredentials]::Delete("$prefix$index")
                if ($rc -eq [AwsVaultCredentials]::ERROR_NOT_FOUND) { break }
                if ($rc -ne 0) { Format-Error $rc; return }
                $deleted++
                $index++
            }
            "ok $deleted"
        }
        'list' {
            $targets = $null
            $rc = [AwsVaultCredentials]::List((ConvertFrom-Base64Text $op.filter), [ref]$targets)
            if ($rc -ne 0) { Format-Error $rc; return }
            (@('ok') + @($targets | ForEach-Object { ConvertTo-Base64Text $_ })) -join ' '
        }
        default {
            "error 87 $(ConvertTo-Base64Text "unknown operation '$($op.op)'")"
            return
        }
    }
}
