/**
 * Builds the provider chain for a resolved profile exactly as aws-vault v7.2
 * decides it (which provider serves a profile, and which results are cached), narrating every decision in `--debug` with
 * aws-vault's wording:
 *
 * - stored keys or a `source_profile` → the source path: the profile's own
 *   stored keys, else the source profile's chain (any depth); then AssumeRole
 *   when it has a `role_arn`, else GetSessionToken on its own keys unless
 *   `--no-session` or the chaining rules forbid it;
 * - else IAM Identity Center (SSO) role credentials, web identity,
 *   `credential_process`;
 * - else `profile <P>: credentials missing`.
 *
 * From ByteNess: an AssumeRole made with role credentials (role chaining) is
 * capped at AWS's 1h limit, with a `--debug` line saying so.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import {
  getSessionTokenDurationMs,
  hasWebIdentity,
  type ProfileConfig,
  ROLE_CHAINING_MAXIMUM_DURATION_MS,
} from "../config/profile_config.ts";
import { CredentialsError } from "../errors.ts";
import type { Fs, OsName, ProcessRunner } from "../platform/types.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import type { SessionStore } from "../store/session_store.ts";
import { AssumeRoleProvider } from "./assume_role_provider.ts";
import { CachedSessionProvider, type SessionCacheKey } from "./cached_provider.ts";
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
import { type CredentialProvider, isRoleCredentialKind } from "./types.ts";
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

/** Options that change the chain. */
export interface ChainOptions {
  /** `--no-session`: never use GetSessionToken. */
  noSession: boolean;
  /** `rotate`: fresh sessions, nothing read from or written to the cache. */
  disableCache?: boolean;
  /**
   * `login`: the profile whose own GetSessionToken is not used (the console
   * refuses session-token credentials); profiles below it may still use theirs.
   */
  noSessionFor?: string;
}

interface Built {
  provider: CredentialProvider;
  /** The MFA serial already used by a GetSessionToken lower in the chain. */
  chainedMfa?: string;
}

interface Builder {
  ctx: ChainContext;
  opts: ChainOptions;
}

function cached(
  b: Builder,
  provider: CredentialProvider,
  key: SessionCacheKey,
  lock?: LockCallOptions,
): CredentialProvider {
  if (b.opts.disableCache) return provider;
  return new CachedSessionProvider(provider, key, b.ctx, { lock });
}

function mfaDetails(chained: boolean, mfaSerial: string | undefined): string {
  if (chained) return " (chained MFA)";
  return mfaSerial ? " (with MFA)" : "";
}

/** Why GetSessionToken cannot be used for `config`, or undefined when it can (aws-vault's wording). */
export function getSessionTokenObstacle(
  config: ProfileConfig,
  opts: ChainOptions,
): string | undefined {
  if (opts.noSession) return "sessions are disabled";
  if (opts.noSessionFor === config.profileName) return "sessions are disabled for this profile";
  const from = config.chainedFromProfile;
  if (from === undefined) return undefined;
  if (from.mfaSerial === undefined) {
    return `profile '${from.profileName}' has no MFA serial defined`;
  }
  if (config.mfaSerial === undefined) {
    return `profile '${config.profileName}' has no MFA serial defined`;
  }
  if (from.mfaSerial !== config.mfaSerial) {
    return `MFA serial doesn't match profile '${from.profileName}'`;
  }
  if (from.assumeRoleDurationMs > ROLE_CHAINING_MAXIMUM_DURATION_MS) {
    return `duration ${
      formatGoDuration(from.assumeRoleDurationMs)
    } in profile '${from.profileName}' ` +
      `is greater than the AWS maximum ${
        formatGoDuration(ROLE_CHAINING_MAXIMUM_DURATION_MS)
      } for chaining MFA`;
  }
  return undefined;
}

async function sourceCredentials(
  b: Builder,
  config: ProfileConfig,
  stored: boolean,
): Promise<Built> {
  const name = config.profileName;
  if (stored) {
    b.ctx.log.debug(`profile ${name}: using stored credentials`);
    return { provider: new MasterCredentialsProvider(b.ctx.store, name) };
  }
  const source = config.sourceProfile as ProfileConfig;
  b.ctx.log.debug(`profile ${name}: sourcing credentials from profile ${source.profileName}`);
  return await build(b, source);
}

function assumeRole(b: Builder, config: ProfileConfig, source: Built): Built {
  const name = config.profileName;
  const chained = config.mfaSerial !== undefined && config.mfaSerial === source.chainedMfa;
  const mfaSerial = chained ? undefined : config.mfaSerial;
  b.ctx.log.debug(`profile ${name}: using AssumeRole${mfaDetails(chained, mfaSerial)}`);
  let durationMs = config.assumeRoleDurationMs;
  if (
    isRoleCredentialKind(source.provider.kind) && durationMs > ROLE_CHAINING_MAXIMUM_DURATION_MS
  ) {
    b.ctx.log.debug(
      `profile ${name}: capping AssumeRole duration from ${formatGoDuration(durationMs)} ` +
        `to AWS maximum ${formatGoDuration(ROLE_CHAINING_MAXIMUM_DURATION_MS)} for role chaining`,
    );
    durationMs = ROLE_CHAINING_MAXIMUM_DURATION_MS;
  }
  const provider = new AssumeRoleProvider(b.ctx, {
    config,
    source: source.provider,
    mfaSerial,
    durationMs,
  });
  // AssumeRole is cached only when an MFA serial is sent.
  return {
    provider: mfaSerial
      ? cached(b, provider, { type: "sts.AssumeRole", profile: name, mfaSerial })
      : provider,
    chainedMfa: source.chainedMfa,
  };
}

async function sourcePath(b: Builder, config: ProfileConfig, stored: boolean): Promise<Built> {
  const source = await sourceCredentials(b, config, stored);
  if (config.roleArn !== undefined) return assumeRole(b, config, source);
  if (!stored) return source;
  const name = config.profileName;
  const obstacle = getSessionTokenObstacle(config, b.opts);
  if (obstacle !== undefined) {
    b.ctx.log.debug(`profile ${name}: skipping GetSessionToken because ${obstacle}`);
    return source;
  }
  b.ctx.log.debug(`profile ${name}: using GetSessionToken${mfaDetails(false, config.mfaSerial)}`);
  const provider = new SessionTokenProvider(b.ctx, {
    config,
    source: source.provider,
    durationMs: getSessionTokenDurationMs(config),
  });
  return {
    provider: cached(b, provider, {
      type: "sts.GetSessionToken",
      profile: name,
      mfaSerial: config.mfaSerial ?? "",
    }),
    chainedMfa: config.mfaSerial,
  };
}

/** The settings an SSO profile cannot do without, by their config key. */
const SSO_SETTINGS = [
  ["sso_account_id", "ssoAccountId"],
  ["sso_role_name", "ssoRoleName"],
  ["sso_region", "ssoRegion"],
] as const;

function sso(b: Builder, config: ProfileConfig, startUrl: string): Built {
  const name = config.profileName;
  b.ctx.log.debug(`profile ${name}: using SSO role credentials`);
  const missing = SSO_SETTINGS.filter(([, field]) => !config[field]).map(([key]) => key);
  if (missing.length > 0) {
    throw new CredentialsError(
      `profile ${name}: incomplete SSO settings: ${missing.join(", ")} not set`,
    );
  }
  // The SDK clients and the login load only when the credentials are not cached.
  const ctx = b.ctx;
  const provider: CredentialProvider = {
    kind: "sso.GetRoleCredentials",
    async retrieve() {
      const { SsoRoleProvider } = await import("./sso_role_provider.ts");
      return await new SsoRoleProvider(ctx, config).retrieve();
    },
  };
  // Callers of the same profile wait for one login in the browser, which takes minutes.
  const key = { type: "sso.GetRoleCredentials", profile: name, mfaSerial: startUrl };
  const lock = { waitMs: SSO_LOGIN_WAIT_MS, onLongWait: ssoWaitNotice(ctx.sso.stderr, startUrl) };
  return { provider: cached(b, provider, key, lock) };
}

async function build(b: Builder, config: ProfileConfig): Promise<Built> {
  const name = config.profileName;
  const stored = await b.ctx.store.has(name);
  if (stored || config.sourceProfile !== undefined) return await sourcePath(b, config, stored);
  if (config.ssoStartUrl !== undefined) return sso(b, config, config.ssoStartUrl);
  if (hasWebIdentity(config)) {
    b.ctx.log.debug(`profile ${name}: using web identity`);
    if (config.roleArn === undefined) {
      throw new CredentialsError(`profile ${name}: web identity needs a role_arn`);
    }
    const provider = new WebIdentityProvider(b.ctx, config);
    return {
      provider: cached(b, provider, {
        type: "sts.AssumeRoleWithWebIdentity",
        profile: name,
        mfaSerial: "",
      }),
    };
  }
  if (config.credentialProcess !== undefined) {
    b.ctx.log.debug(`profile ${name}: using credential process`);
    const provider = new CredentialProcessProvider(b.ctx, config.credentialProcess);
    return {
      provider: cached(b, provider, { type: "credential_process", profile: name, mfaSerial: "" }),
    };
  }
  throw new CredentialsError(`profile ${name}: credentials missing`);
}

/** Returns the provider of credentials for `config`: stored keys or a source profile first, then SSO, web identity, credential_process. */
export async function buildProvider(
  ctx: ChainContext,
  config: ProfileConfig,
  opts: ChainOptions,
): Promise<CredentialProvider> {
  return (await build({ ctx, opts }, config)).provider;
}
