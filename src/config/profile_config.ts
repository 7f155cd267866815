/**
 * The resolved configuration of one profile, modelled on aws-vault's
 * `vault.Config` (v7.2; `vault.ProfileConfig` in later versions), and the
 * small predicates the provider chain asks of it. Built by `resolveProfile`
 * in `resolve.ts`.
 *
 * @module
 */

/** Default AssumeRole, GetFederationToken and non-chained GetSessionToken duration: 1h. */
export const DEFAULT_SESSION_DURATION_MS = 60 * 60 * 1000;
/** Default GetSessionToken duration when the session is a source for another profile: 8h. */
export const DEFAULT_CHAINED_SESSION_DURATION_MS = 8 * 60 * 60 * 1000;
/** AWS's limit on the duration of a role assumed with role-chained credentials: 1h. */
export const ROLE_CHAINING_MAXIMUM_DURATION_MS = 60 * 60 * 1000;
/** Default minimum remaining lifetime for reusing a cached session (`AWS_MIN_TTL`): 5m. */
export const DEFAULT_MIN_TTL_MS = 5 * 60 * 1000;

/**
 * A profile after resolution: command-line values, environment overrides,
 * its section, `include_profile` targets and `[default]`, defaults filled in,
 * and its source profile resolved and linked both ways. Optional fields are
 * absent when unset (never empty strings).
 */
export interface ProfileConfig {
  /** The profile's name. */
  readonly profileName: string;
  /** `source_profile` (absent when it named the profile itself). */
  readonly sourceProfileName?: string;
  /** The resolved source profile; its `chainedFromProfile` is this profile. */
  readonly sourceProfile?: ProfileConfig;
  /** The profile that uses this one as its source. */
  readonly chainedFromProfile?: ProfileConfig;
  /** Region for AWS calls and the child environment (`region`). */
  readonly region?: string;
  /** `legacy` or `regional`. */
  readonly stsRegionalEndpoints?: string;
  /** ByteNess: custom endpoint for STS/IAM/SSO calls (`endpoint_url`, `AWS_ENDPOINT_URL`). */
  readonly endpointUrl?: string;
  /** MFA device ARN or hardware serial (`mfa_serial`). */
  readonly mfaSerial?: string;
  /** `--mfa-token`. */
  readonly mfaToken?: string;
  /** `--prompt` driver name. */
  readonly mfaPromptMethod?: string;
  /** Command printing an MFA code (`mfa_process`). */
  readonly mfaProcess?: string;
  /** Role to assume (`role_arn`). */
  readonly roleArn?: string;
  /** AssumeRole session name (`role_session_name`). */
  readonly roleSessionName?: string;
  /** AssumeRole `ExternalId` (`external_id`). */
  readonly externalId?: string;
  /** File holding a web identity token (`web_identity_token_file`). */
  readonly webIdentityTokenFile?: string;
  /** Command printing a web identity token (`web_identity_token_process`). */
  readonly webIdentityTokenProcess?: string;
  /** AssumeRole (and web identity) duration in milliseconds. */
  readonly assumeRoleDurationMs: number;
  /** GetSessionToken duration when this profile is not a source of another, in milliseconds. */
  readonly nonChainedGetSessionTokenDurationMs: number;
  /** GetSessionToken duration when this profile is a source of another, in milliseconds. */
  readonly chainedGetSessionTokenDurationMs: number;
  /** GetFederationToken (`login`) duration in milliseconds. */
  readonly getFederationTokenDurationMs: number;
  /** Name of the `[sso-session]` section in use. */
  readonly ssoSession?: string;
  /** IAM Identity Center start URL (`sso_start_url`). */
  readonly ssoStartUrl?: string;
  /** IAM Identity Center region (`sso_region`). */
  readonly ssoRegion?: string;
  /** From the `[sso-session]` section; never used by aws-vault. */
  readonly ssoRegistrationScopes?: string;
  /** IAM Identity Center account (`sso_account_id`). */
  readonly ssoAccountId?: string;
  /** IAM Identity Center role (`sso_role_name`). */
  readonly ssoRoleName?: string;
  /** `--stdout`: print the SSO link instead of opening a browser. */
  readonly ssoUseStdout: boolean;
  /** AssumeRole session tags, in order of appearance. */
  readonly sessionTags?: ReadonlyMap<string, string>;
  /** AssumeRole transitive tag keys. */
  readonly transitiveSessionTags?: readonly string[];
  /** AssumeRole `SourceIdentity` (`source_identity`). */
  readonly sourceIdentity?: string;
  /** Command printing credential JSON (`credential_process`). */
  readonly credentialProcess?: string;
}

/** A {@linkcode ProfileConfig} under construction. */
export type MutableProfileConfig = { -readonly [K in keyof ProfileConfig]: ProfileConfig[K] };

/** The names of the optional string fields of {@linkcode ProfileConfig}. */
export type ProfileConfigStringField = {
  [K in keyof ProfileConfig]-?: ProfileConfig[K] extends string | undefined ? K : never;
}[keyof ProfileConfig];

/** Whether another profile uses this one as its source. */
export function isChained(config: ProfileConfig): boolean {
  return config.chainedFromProfile !== undefined;
}

/** Whether the profile has a (resolved) source profile. */
export function hasSourceProfile(config: ProfileConfig): boolean {
  return config.sourceProfile !== undefined;
}

/** Whether an MFA serial is configured. */
export function hasMfaSerial(config: ProfileConfig): boolean {
  return config.mfaSerial !== undefined;
}

/** Whether a role is to be assumed. */
export function hasRole(config: ProfileConfig): boolean {
  return config.roleArn !== undefined;
}

/** Whether the profile uses IAM Identity Center (directly or through an `[sso-session]`). */
export function hasSsoStartUrl(config: ProfileConfig): boolean {
  return config.ssoStartUrl !== undefined;
}

/** Whether the profile uses web identity (a token file or a token process). */
export function hasWebIdentity(config: ProfileConfig): boolean {
  return config.webIdentityTokenFile !== undefined || config.webIdentityTokenProcess !== undefined;
}

/** Whether the profile uses `credential_process`. */
export function hasCredentialProcess(config: ProfileConfig): boolean {
  return config.credentialProcess !== undefined;
}

/** The GetSessionToken duration that applies: chained or non-chained. */
export function getSessionTokenDurationMs(config: ProfileConfig): number {
  return isChained(config)
    ? config.chainedGetSessionTokenDurationMs
    : config.nonChainedGetSessionTokenDurationMs;
}
