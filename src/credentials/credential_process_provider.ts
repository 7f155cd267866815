/**
 * `credential_process` as a source: run the command and parse
 * its JSON; all four of `AccessKeyId`, `Expiration`, `SecretAccessKey` and
 * `SessionToken` are required (field names case-insensitive, `Version`
 * ignored).
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import { lookupField } from "../go_json.ts";
import { goQuote } from "../go_quote.ts";
import type { Logger, OsName, ProcessRunner } from "../platform/types.ts";
import { parseRfc3339 } from "../time_format.ts";
import { runShellCommand } from "./shell_command.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider } from "./types.ts";

const REQUIRED = ["AccessKeyId", "Expiration", "SecretAccessKey", "SessionToken"] as const;

/** Parses a credential_process answer; throws aws-vault's messages. */
export function parseCredentialProcessOutput(command: string, output: string): Credentials {
  const quoted = goQuote(command);
  let value: unknown;
  try {
    value = JSON.parse(output);
  } catch (error) {
    throw new CredentialsError(
      `invalid JSON format from command ${quoted}: ${(error as Error).message}`,
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new CredentialsError(`invalid JSON format from command ${quoted}: not a JSON object`);
  }
  const obj = value as Record<string, unknown>;
  const fields = new Map(REQUIRED.map((name) => [name, lookupField(obj, name)]));
  const missing = REQUIRED.filter((name) => {
    const v = fields.get(name);
    return typeof v !== "string" || v === "";
  });
  if (missing.length > 0) {
    throw new CredentialsError(
      `JSON credential from command ${quoted} missing the following fields: [${missing.join(" ")}]`,
    );
  }
  const expiration = parseRfc3339(fields.get("Expiration") as string);
  if (!expiration) {
    throw new CredentialsError(
      `invalid JSON format from command ${quoted}: Expiration is not an RFC 3339 time`,
    );
  }
  return {
    accessKeyId: fields.get("AccessKeyId") as string,
    secretAccessKey: fields.get("SecretAccessKey") as string,
    sessionToken: fields.get("SessionToken") as string,
    expiration,
  };
}

/** Runs a profile's `credential_process`. */
export class CredentialProcessProvider implements CredentialProvider {
  readonly kind = "credential_process";
  readonly #ctx: { proc: ProcessRunner; os: OsName; log: Logger };
  readonly #command: string;

  constructor(ctx: { proc: ProcessRunner; os: OsName; log: Logger }, command: string) {
    this.#ctx = ctx;
    this.#command = command;
  }

  async retrieve(): Promise<Credentials> {
    this.#ctx.log.debug(`Running credential_process ${JSON.stringify(this.#command)}`);
    const output = await runShellCommand(this.#ctx.proc, this.#ctx.os, this.#command);
    return parseCredentialProcessOutput(this.#command, output);
  }
}
