/**
 * Resolving a profile into a {@linkcode ProfileConfig}, exactly as aws-vault's
 * `ConfigLoader` does, as a pure function: the config file and the
 * environment are passed in, nothing is read or written, and decisions are
 * narrated through an optional callback.
 *
 * For each profile (the requested one, then its `source_profile` chain) the
 * first value found wins, in this order: command-line values, environment
 * overrides, the profile's section, its `include_profile` targets
 * (recursively), `[default]` (always last), then the built-in durations.
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import { type ConfigFile, DEFAULT_PROFILE } from "./config_file.ts";
import type { ProfileSection } from "./profile_section.ts";
import { parseGoDuration } from "./duration.ts";
import {
  DEFAULT_CHAINED_SESSION_DURATION_MS,
  DEFAULT_MIN_TTL_MS,
  DEFAULT_SESSION_DURATION_MS,
  type MutableProfileConfig,
  type ProfileConfig,
  type ProfileConfigStringField,
} from "./profile_config.ts";
import {
  parseSessionTags,
  parseTransitiveSessionTags,
  SESSION_TAGS_SYNTAX_ERROR,
} from "./session_tags.ts";
import { applyEnvOverrides, envGetter, type EnvLookup } from "./env_overrides.ts";

export type { EnvLookup };

/** What the command line contributes, plus the environment and a narration callback. */
export interface ResolveInput {
  /** The process environment. */
  readonly env: EnvLookup;
  /** `--region`. */
  readonly region?: string;
  /** `--mfa-token`. */
  readonly mfaToken?: string;
  /** `--prompt` driver name. */
  readonly mfaPromptMethod?: string;
  /** `--duration` of exec/export/login: the AssumeRole and non-chained GetSessionToken durations. */
  readonly durationMs?: number;
  /** The chained GetSessionToken duration (ByteNess applies `--duration` here too; aws-vault v7.2 does not). */
  readonly chainedSessionDurationMs?: number;
  /** `login --duration`: the GetFederationToken duration. */
  readonly federationTokenDurationMs?: number;
  /** `--stdout`. */
  readonly ssoUseStdout?: boolean;
  /** Receives `--debug` narration lines. */
  readonly log?: (message: string) => void;
}

type Draft = MutableProfileConfig;
type OptionalString = ProfileConfigStringField;

interface Context {
  readonly config: ConfigFile;
  readonly input: ResolveInput;
  readonly activeProfile: string;
  readonly get: (name: string) => string | undefined;
  readonly log: (message: string) => void;
  /** Profiles being resolved along the current source_profile chain. */
  readonly sourceChain: Set<string>;
}

/** Sets `field` when it is unset and `value` is defined. */
function fill(draft: Draft, field: OptionalString, value: string | undefined): void {
  if (draft[field] === undefined && value !== undefined) draft[field] = value;
}

/** Sets `field` to `value`, removing it when `value` is undefined. */
function replace(draft: Draft, field: OptionalString, value: string | undefined): void {
  if (value === undefined) delete draft[field];
  else draft[field] = value;
}

function baseConfig(input: ResolveInput, profileName: string): Draft {
  const draft: Draft = {
    profileName,
    assumeRoleDurationMs: input.durationMs ?? 0,
    nonChainedGetSessionTokenDurationMs: input.durationMs ?? 0,
    chainedGetSessionTokenDurationMs: input.chainedSessionDurationMs ?? 0,
    getFederationTokenDurationMs: input.federationTokenDurationMs ?? 0,
    ssoUseStdout: input.ssoUseStdout ?? false,
  };
  fill(draft, "region", input.region || undefined);
  fill(draft, "mfaToken", input.mfaToken || undefined);
  fill(draft, "mfaPromptMethod", input.mfaPromptMethod || undefined);
  return draft;
}

/** Fields copied one-to-one from a section when still unset, in aws-vault's order. */
const SECTION_FIELDS_BEFORE_SSO = [
  "mfaSerial",
  "roleArn",
  "externalId",
  "region",
  "roleSessionName",
] as const;
const SECTION_FIELDS_AFTER_SSO = [
  "ssoStartUrl",
  "ssoRegion",
  "ssoAccountId",
  "ssoRoleName",
  "webIdentityTokenFile",
  "webIdentityTokenProcess",
  "stsRegionalEndpoints",
  "endpointUrl",
  "sourceIdentity",
  "credentialProcess",
  "mfaProcess",
] as const;

function populateFromConfigFile(
  ctx: Context,
  draft: Draft,
  profileName: string,
  visited: string[],
): void {
  if (visited.includes(profileName)) {
    throw new ConfigError(`Loop detected in config file for profile '${profileName}'`);
  }
  visited.push(profileName);

  const found = ctx.config.profileSection(profileName);
  if (found === undefined) ctx.log(`Profile '${profileName}' missing in config file`);
  const section: ProfileSection = found ?? { name: profileName };

  for (const field of SECTION_FIELDS_BEFORE_SSO) fill(draft, field, section[field]);
  if (draft.assumeRoleDurationMs === 0 && section.durationSeconds !== undefined) {
    draft.assumeRoleDurationMs = section.durationSeconds * 1000;
  }
  fill(draft, "sourceProfileName", section.sourceProfile);
  if (draft.ssoSession === undefined && section.ssoSession !== undefined) {
    draft.ssoSession = section.ssoSession;
    const ssoSession = ctx.config.ssoSession(section.ssoSession);
    if (ssoSession === undefined) {
      ctx.log(`[sso-session] '${section.ssoSession}' missing in config file`);
    } else {
      // The [sso-session] values replace whatever was set so far, even with nothing.
      replace(draft, "ssoStartUrl", ssoSession.ssoStartUrl);
      replace(draft, "ssoRegion", ssoSession.ssoRegion);
      replace(draft, "ssoRegistrationScopes", ssoSession.ssoRegistrationScopes);
    }
  }
  for (const field of SECTION_FIELDS_AFTER_SSO) fill(draft, field, section[field]);
  if (section.sessionTags !== undefined && draft.sessionTags === undefined) {
    const tags = parseSessionTags(section.sessionTags);
    if (tags === undefined) {
      throw new ConfigError(
        `Failed to parse session_tags profile setting: ${SESSION_TAGS_SYNTAX_ERROR}`,
      );
    }
    draft.sessionTags = tags;
  }
  if (section.transitiveSessionTags !== undefined && draft.transitiveSessionTags === undefined) {
    const keys = parseTransitiveSessionTags(section.transitiveSessionTags);
    if (keys.length > 0) draft.transitiveSessionTags = keys;
  }

  if (section.includeProfile !== undefined) {
    populateFromConfigFile(ctx, draft, section.includeProfile, visited);
  } else if (profileName !== DEFAULT_PROFILE) {
    populateFromConfigFile(ctx, draft, DEFAULT_PROFILE, visited);
  }

  if (draft.sourceProfileName === draft.profileName) delete draft.sourceProfileName;
}

function populateFromDefaults(draft: Draft): void {
  if (draft.assumeRoleDurationMs === 0) draft.assumeRoleDurationMs = DEFAULT_SESSION_DURATION_MS;
  if (draft.getFederationTokenDurationMs === 0) {
    draft.getFederationTokenDurationMs = DEFAULT_SESSION_DURATION_MS;
  }
  if (draft.nonChainedGetSessionTokenDurationMs === 0) {
    draft.nonChainedGetSessionTokenDurationMs = DEFAULT_SESSION_DURATION_MS;
  }
  if (draft.chainedGetSessionTokenDurationMs === 0) {
    draft.chainedGetSessionTokenDurationMs = DEFAULT_CHAINED_SESSION_DURATION_MS;
  }
}

function load(ctx: Context, profileName: string): Draft {
  if (ctx.sourceChain.has(profileName)) {
    throw new ConfigError(`Loop detected in source_profile chain for profile '${profileName}'`);
  }
  ctx.sourceChain.add(profileName);
  try {
    const draft = baseConfig(ctx.input, profileName);
    applyEnvOverrides(
      { get: ctx.get, log: ctx.log, isTarget: profileName === ctx.activeProfile },
      draft,
    );
    populateFromConfigFile(ctx, draft, profileName, []);
    populateFromDefaults(draft);
    if (draft.sourceProfileName !== undefined) {
      const source = load(ctx, draft.sourceProfileName);
      source.chainedFromProfile = draft;
      draft.sourceProfile = source;
    }
    return draft;
  } finally {
    ctx.sourceChain.delete(profileName);
  }
}

/**
 * Resolves profile `name` from `config`, the environment and the command-line
 * values in `input`, following aws-vault v7.2: the first value set wins, in
 * the order command line, environment, the profile's section, its
 * `include_profile` chain, then `[default]`. Pure: neither `config` nor
 * `input` is modified and nothing is read from the system.
 *
 * Throws {@linkcode ConfigError} for an `include_profile` loop
 * (`Loop detected in config file for profile '<name>'`), a `source_profile`
 * loop, or malformed session tags in the file or in `AWS_SESSION_TAGS`.
 */
export function resolveProfile(
  config: ConfigFile,
  name: string,
  input: ResolveInput,
): ProfileConfig {
  const ctx: Context = {
    config,
    input,
    activeProfile: name,
    get: envGetter(input.env),
    log: input.log ?? (() => {}),
    sourceChain: new Set(),
  };
  return load(ctx, name);
}

/**
 * The minimum remaining lifetime for reusing a cached session, in
 * milliseconds: `AWS_MIN_TTL` when it is a valid Go duration, else 5 minutes.
 */
export function minTtlMs(env: EnvLookup): number {
  const text = envGetter(env)("AWS_MIN_TTL");
  return (text === undefined ? undefined : parseGoDuration(text)) ?? DEFAULT_MIN_TTL_MS;
}
