/**
 * `export --format env|export-env|json|ini` and `exec --json` (the
 * `credential_process` JSON), byte-identical to aws-vault's output.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { goJsonStringify } from "../go_json.ts";
import { rfc3339 } from "../time_format.ts";

/** The formats `export` accepts. */
export const EXPORT_FORMATS = ["env", "export-env", "json", "ini"] as const;

/** One of {@linkcode EXPORT_FORMATS}. */
export type ExportFormat = typeof EXPORT_FORMATS[number];

/** `NAME=value` pairs in aws-vault's order, omitting empty values. */
export function credentialVariables(
  creds: Credentials,
  region: string | undefined,
): Array<[string, string]> {
  const vars: Array<[string, string]> = [
    ["AWS_ACCESS_KEY_ID", creds.accessKeyId],
    ["AWS_SECRET_ACCESS_KEY", creds.secretAccessKey],
  ];
  if (creds.sessionToken) vars.push(["AWS_SESSION_TOKEN", creds.sessionToken]);
  if (creds.expiration) vars.push(["AWS_CREDENTIAL_EXPIRATION", rfc3339(creds.expiration)]);
  if (region) vars.push(["AWS_REGION", region], ["AWS_DEFAULT_REGION", region]);
  return vars;
}

/** The AWS `credential_process` JSON document, 2-space indented, with a trailing newline. */
export function credentialProcessJson(creds: Credentials): string {
  const doc: Record<string, string | number> = {
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
  };
  if (creds.sessionToken) doc.SessionToken = creds.sessionToken;
  if (creds.expiration) doc.Expiration = rfc3339(creds.expiration);
  return goJsonStringify(doc, "  ") + "\n";
}

/** Renders credentials in one of the export formats. */
export function formatExport(
  format: ExportFormat,
  profile: string,
  creds: Credentials,
  region: string | undefined,
): string {
  switch (format) {
    case "json":
      return credentialProcessJson(creds);
    case "env":
      return credentialVariables(creds, region).map(([k, v]) => `${k}=${v}\n`).join("");
    case "export-env":
      return credentialVariables(creds, region).map(([k, v]) => `export ${k}=${v}\n`).join("");
    case "ini": {
      const lines = [
        `[${profile}]`,
        `aws_access_key_id=${creds.accessKeyId}`,
        `aws_secret_access_key=${creds.secretAccessKey}`,
      ];
      if (creds.sessionToken) lines.push(`aws_session_token=${creds.sessionToken}`);
      if (creds.expiration) lines.push(`aws_credential_expiration=${rfc3339(creds.expiration)}`);
      if (region) lines.push(`region=${region}`);
      return lines.join("\n") + "\n";
    }
  }
}
