/**
 * Builds the provider chain for a resolved profile from its planned steps
 * (`chain_plan.ts` holds every decision: which provider serves a profile, its
 * duration and MFA, and which results are cached): one provider per step, each
 * retrieving with the credentials of the one before it, cached ones wrapped in
 * the session cache.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import type { Fs, OsName, ProcessRunner } from "../platform/types.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import type { SessionStore } from "../store/session_store.ts";
import { AssumeRoleProvider } from "./assume_role_provider.ts";
import { CachedSessionProvider } from "./cached_provider.ts";
import { type ChainOptions, type ChainStep, planChain } from "./chain_plan.ts";
import { CredentialProcessProvider } from "./credential_process_provider.ts";
import { MasterCredentialsProvider } from "./master_provider.ts";
import {
  type LockCallOptions,
  type SessionLock,
  SSO_LOGIN_WAIT_MS,
  ssoWaitNotice,
} from "./session_lock.ts";
import { SessionTokenProvider, type StsProviderContext } from "./session_token_provider.ts";
import type { SsoDeps } from "./sso_role_provider.ts";
import type { CredentialProvider } from "./types.ts";
import { WebIdentityProvider } from "./web_identity_provider.ts";

/** What the chain builder needs. */
export interface ChainContext extends StsProviderContext {
  store: CredentialStore;
  sessions: SessionStore;
  fs: Fs;
  proc: ProcessRunner;
  os: OsName;
  /** Minimum remaining lifetime for reusing a cached session (`AWS_MIN_TTL`). */
  minTtlMs: number;
  /** Held around cache misses so that concurrent processes make one call. */
  lock: SessionLock;
  /** What IAM Identity Center (SSO) profiles need. */
  sso: SsoDeps;
}

function ssoProvider(ctx: ChainContext, step: ChainStep): CredentialProvider {
  const config = step.config;
  // The SDK clients and the login load only when the credentials are not cached.
  return {
    kind: "sso.GetRoleCredentials",
    async retrieve() {
      const { SsoRoleProvider } = await import("./sso_role_provider.ts");
      return await new SsoRoleProvider(ctx, config).retrieve();
    },
  };
}

/** The provider of one step, on top of `source` (the previous step's provider). */
function stepProvider(
  ctx: ChainContext,
  step: ChainStep,
  source: CredentialProvider | undefined,
): CredentialProvider {
  const { config, durationMs = 0 } = step;
  switch (step.kind) {
    case "master credentials":
      return new MasterCredentialsProvider(ctx.store, config.profileName);
    case "sts.GetSessionToken":
      return new SessionTokenProvider(ctx, { config, source: source!, durationMs });
    case "sts.AssumeRole":
      return new AssumeRoleProvider(ctx, {
        config,
        source: source!,
        mfaSerial: step.mfaSerial,
        durationMs,
      });
    case "sts.AssumeRoleWithWebIdentity":
      return new WebIdentityProvider(ctx, config, durationMs);
    case "sso.GetRoleCredentials":
      return ssoProvider(ctx, step);
    case "credential_process":
      return new CredentialProcessProvider(ctx, config.credentialProcess ?? "");
  }
}

/** Callers of the same SSO profile wait for one login in the browser, which takes minutes. */
function lockOptions(ctx: ChainContext, step: ChainStep): LockCallOptions | undefined {
  if (step.kind !== "sso.GetRoleCredentials" || !step.cacheKey) return undefined;
  const startUrl = step.cacheKey.mfaSerial;
  return { waitMs: SSO_LOGIN_WAIT_MS, onLongWait: ssoWaitNotice(ctx.sso.stderr, startUrl) };
}

/** The providers of planned `steps` (see {@linkcode planChain}); returns the last one. */
export function chainProvider(ctx: ChainContext, steps: readonly ChainStep[]): CredentialProvider {
  let provider: CredentialProvider | undefined;
  for (const step of steps) {
    provider = stepProvider(ctx, step, provider);
    if (step.cacheKey) {
      const lock = lockOptions(ctx, step);
      provider = new CachedSessionProvider(provider, step.cacheKey, ctx, { lock });
    }
  }
  if (!provider) throw new TypeError("a chain has at least one step");
  return provider;
}

/** Returns the provider of credentials for `config`: stored keys or a source profile first, then SSO, web identity, credential_process. */
export async function buildProvider(
  ctx: ChainContext,
  config: ProfileConfig,
  opts: ChainOptions,
): Promise<CredentialProvider> {
  return chainProvider(ctx, await planChain(ctx, config, opts));
}
