/**
 * AssumeRole with the source's credentials, for a profile with a `role_arn`.
 * It sends what aws-vault sends: role session name (default: a nanosecond
 * timestamp), duration, external id, MFA, session tags, transitive tag keys
 * and source identity; never a policy.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import type { Clock } from "../platform/types.ts";
import { logGenerated, type StsProviderContext } from "./session_token_provider.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider } from "./types.ts";

/** aws-vault's default role session name: the current time in nanoseconds since the epoch. */
export function defaultRoleSessionName(clock: Clock): string {
  return (BigInt(clock.now().getTime()) * 1_000_000n).toString();
}

/** How one AssumeRole call is made. */
export interface AssumeRoleOptions {
  config: ProfileConfig;
  source: CredentialProvider;
  /** The MFA serial sent, or undefined (none configured, or already used lower in the chain). */
  mfaSerial?: string;
  durationMs: number;
}

/** Calls AssumeRole with the source's credentials. */
export class AssumeRoleProvider implements CredentialProvider {
  readonly kind = "sts.AssumeRole";
  readonly #ctx: StsProviderContext;
  readonly #opts: AssumeRoleOptions;

  constructor(ctx: StsProviderContext, options: AssumeRoleOptions) {
    this.#ctx = ctx;
    this.#opts = options;
  }

  async retrieve(): Promise<Credentials> {
    const { config, source, mfaSerial, durationMs } = this.#opts;
    const credentials = await source.retrieve();
    const tokenCode = mfaSerial ? await this.#ctx.mfaCode(config) : undefined;
    const creds = await this.#ctx.sts({ config, credentials }).assumeRole({
      roleArn: config.roleArn ?? "",
      roleSessionName: config.roleSessionName ?? defaultRoleSessionName(this.#ctx.clock),
      durationSeconds: Math.trunc(durationMs / 1000),
      externalId: config.externalId,
      ...(mfaSerial ? { serialNumber: mfaSerial, tokenCode } : {}),
      tags: config.sessionTags,
      transitiveTagKeys: config.transitiveSessionTags,
      sourceIdentity: config.sourceIdentity,
    });
    logGenerated(this.#ctx, creds, "AssumeRole");
    return creds;
  }
}
