/**
 * Builds the provider chain for a resolved profile (spec §6.1). This is the
 * seam where the STS providers (GetSessionToken, AssumeRole, web identity,
 * credential_process, SSO) plug in.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError } from "../errors.ts";
import type { Logger } from "../platform/types.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import { MasterCredentialsProvider } from "./master_provider.ts";
import type { CredentialProvider } from "./types.ts";

/** What the chain builder needs. */
export interface ChainContext {
  store: CredentialStore;
  log: Logger;
}

/** Options that change the chain. */
export interface ChainOptions {
  /** `--no-session`: never use GetSessionToken. */
  noSession: boolean;
}

/** Returns the provider of credentials for `config`. */
export async function buildProvider(
  ctx: ChainContext,
  config: ProfileConfig,
  opts: ChainOptions,
): Promise<CredentialProvider> {
  const name = config.profileName;
  if (await ctx.store.has(name)) {
    if (config.roleArn) {
      throw new CredentialsError(
        `profile ${name}: assuming role "${config.roleArn}" needs STS, which this version does not support yet`,
      );
    }
    if (!opts.noSession) {
      throw new CredentialsError(
        `profile ${name}: temporary credentials need STS, which this version does not support yet; use --no-session`,
      );
    }
    ctx.log.debug(`profile ${name}: using stored credentials`);
    return new MasterCredentialsProvider(ctx.store, name);
  }
  if (config.sourceProfile) {
    if (config.roleArn) {
      throw new CredentialsError(
        `profile ${name}: assuming role "${config.roleArn}" needs STS, which this version does not support yet`,
      );
    }
    ctx.log.debug(
      `profile ${name}: using credentials from source profile ${config.sourceProfile.profileName}`,
    );
    return await buildProvider(ctx, config.sourceProfile, opts);
  }
  throw new CredentialsError(`profile ${name}: credentials missing`);
}
