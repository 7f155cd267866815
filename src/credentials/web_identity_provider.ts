/**
 * AssumeRoleWithWebIdentity: the token is the verbatim content
 * of `web_identity_token_file` or the standard output of
 * `web_identity_token_process`; the call is unsigned.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError } from "../errors.ts";
import type { Fs, OsName, ProcessRunner } from "../platform/types.ts";
import { defaultRoleSessionName } from "./assume_role_provider.ts";
import { logGenerated, type StsProviderContext } from "./session_token_provider.ts";
import { runShellCommand } from "./shell_command.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider } from "./types.ts";

/** What the web identity provider needs besides STS. */
export interface WebIdentityContext extends StsProviderContext {
  fs: Fs;
  proc: ProcessRunner;
  os: OsName;
}

/** The most of `web_identity_token_file` read (STS takes tokens of up to 20,000 characters). */
const MAX_TOKEN_FILE_BYTES = 1024 * 1024;

/** Calls AssumeRoleWithWebIdentity for a profile. */
export class WebIdentityProvider implements CredentialProvider {
  readonly kind = "sts.AssumeRoleWithWebIdentity";
  readonly #ctx: WebIdentityContext;
  readonly #config: ProfileConfig;
  readonly #durationMs: number;

  constructor(ctx: WebIdentityContext, config: ProfileConfig, durationMs: number) {
    this.#ctx = ctx;
    this.#config = config;
    this.#durationMs = durationMs;
  }

  async #token(): Promise<string> {
    const { webIdentityTokenFile: file, webIdentityTokenProcess: process } = this.#config;
    if (file !== undefined) {
      try {
        return await this.#ctx.fs.readTextFile(file, { maxBytes: MAX_TOKEN_FILE_BYTES });
      } catch (error) {
        throw new CredentialsError(
          `unable to read file at ${file}: ${(error as Error).message}`,
          { cause: error },
        );
      }
    }
    return await runShellCommand(this.#ctx.proc, this.#ctx.os, process ?? "");
  }

  async retrieve(): Promise<Credentials> {
    const config = this.#config;
    const webIdentityToken = await this.#token();
    const creds = await this.#ctx.sts({ config }).assumeRoleWithWebIdentity({
      roleArn: config.roleArn ?? "",
      roleSessionName: config.roleSessionName ?? defaultRoleSessionName(this.#ctx.clock),
      durationSeconds: Math.trunc(this.#durationMs / 1000),
      webIdentityToken,
    });
    logGenerated(this.#ctx, creds, "AssumeRoleWithWebIdentity");
    return creds;
  }
}
