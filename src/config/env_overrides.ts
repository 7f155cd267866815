/**
 * The environment variables that override profile settings (they win over the
 * config file, as in aws-vault): region, STS endpoints, MFA serial, endpoint
 * URL and the TTLs for every profile in a chain; role ARN, role session name,
 * session tags, transitive tags and source identity for the requested profile
 * only.
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import { redactUrls } from "../redact_url.ts";
import { formatGoDuration, parseGoDuration } from "./duration.ts";
import type { MutableProfileConfig, ProfileConfigStringField } from "./profile_config.ts";
import {
  formatGoMap,
  formatGoSlice,
  parseSessionTags,
  parseTransitiveSessionTags,
  SESSION_TAGS_SYNTAX_ERROR,
} from "./session_tags.ts";

/**
 * Environment variables as a plain object, a lookup function, or an object
 * with a `get` method (such as the platform `Env`). An empty value counts as unset.
 */
export type EnvLookup =
  | Readonly<Record<string, string | undefined>>
  | ((name: string) => string | undefined)
  | { get(name: string): string | undefined };

/** A lookup that treats empty values as unset, as Go's `os.Getenv(x) != ""` checks do. */
export function envGetter(env: EnvLookup): (name: string) => string | undefined {
  let raw: (name: string) => string | undefined;
  if (typeof env === "function") raw = env;
  else if (typeof env.get === "function") {
    raw = (name) => (env as { get(n: string): string | undefined }).get(name);
  } else raw = (name) => (env as Readonly<Record<string, string | undefined>>)[name];
  return (name) => {
    const value = raw(name);
    return value === undefined || value === "" ? undefined : value;
  };
}

/** Go's `%q` for ordinary strings. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** What {@linkcode applyEnvOverrides} needs besides the profile. */
export interface EnvOverrideContext {
  /** Reads a variable; empty values must come back as `undefined` (see {@linkcode envGetter}). */
  readonly get: (name: string) => string | undefined;
  /** Receives narration lines. */
  readonly log: (message: string) => void;
  /** Whether the profile is the one requested (not a source further down the chain). */
  readonly isTarget: boolean;
}

type DurationField =
  | "assumeRoleDurationMs"
  | "nonChainedGetSessionTokenDurationMs"
  | "chainedGetSessionTokenDurationMs"
  | "getFederationTokenDurationMs";

function envDuration(
  ctx: EnvOverrideContext,
  draft: MutableProfileConfig,
  field: DurationField,
  variable: string,
  narration: string,
  narratedVariable = variable,
): void {
  const text = ctx.get(variable);
  if (text === undefined || draft[field] !== 0) return;
  const ms = parseGoDuration(text);
  if (ms === undefined) {
    ctx.log(`Ignoring ${variable} value ${quote(text)}: not a valid duration`);
    return;
  }
  // aws-vault sends a negative duration to STS; zero leaves the default, as in aws-vault.
  if (ms < 0) {
    throw new ConfigError(
      `Invalid ${variable} ${quote(text)}: a session duration cannot be negative`,
    );
  }
  draft[field] = ms;
  ctx.log(`${narration} ${quote(formatGoDuration(ms))} from ${narratedVariable}`);
}

function envString(
  ctx: EnvOverrideContext,
  draft: MutableProfileConfig,
  field: ProfileConfigStringField,
  variable: string,
  narration: string,
): void {
  const value = ctx.get(variable);
  if (value === undefined || draft[field] !== undefined) return;
  draft[field] = value;
  // An endpoint URL may carry a password.
  ctx.log(`${narration} ${quote(redactUrls(value))} from ${variable}`);
}

/**
 * Applies the environment overrides to the unset fields of `draft`,
 * narrating each one as aws-vault does. The role, session-name, tag and
 * source-identity variables apply only when `ctx.isTarget` is true.
 * Throws {@linkcode ConfigError} when `AWS_SESSION_TAGS` is malformed
 * (aws-vault exits silently there) or a TTL variable is negative.
 */
export function applyEnvOverrides(ctx: EnvOverrideContext, draft: MutableProfileConfig): void {
  envString(ctx, draft, "region", "AWS_REGION", "Using region");
  envString(ctx, draft, "region", "AWS_DEFAULT_REGION", "Using region");
  envString(ctx, draft, "stsRegionalEndpoints", "AWS_STS_REGIONAL_ENDPOINTS", "Using");
  envString(ctx, draft, "endpointUrl", "AWS_ENDPOINT_URL", "Using endpoint_url");
  envString(ctx, draft, "mfaSerial", "AWS_MFA_SERIAL", "Using mfa_serial");
  envDuration(ctx, draft, "assumeRoleDurationMs", "AWS_ASSUME_ROLE_TTL", "Using duration_seconds");
  envDuration(
    ctx,
    draft,
    "nonChainedGetSessionTokenDurationMs",
    "AWS_SESSION_TOKEN_TTL",
    "Using a session duration of",
  );
  envDuration(
    ctx,
    draft,
    "chainedGetSessionTokenDurationMs",
    "AWS_CHAINED_SESSION_TOKEN_TTL",
    "Using a cached MFA session duration of",
    // Sic: aws-vault names a variable that does not exist in this line.
    "AWS_CACHED_SESSION_TOKEN_TTL",
  );
  envDuration(
    ctx,
    draft,
    "getFederationTokenDurationMs",
    "AWS_FEDERATION_TOKEN_TTL",
    "Using a session duration of",
  );
  if (!ctx.isTarget) return;

  // The rest applies to the requested profile only.
  envString(ctx, draft, "roleArn", "AWS_ROLE_ARN", "Using role_arn");
  envString(ctx, draft, "roleSessionName", "AWS_ROLE_SESSION_NAME", "Using role_session_name");
  const sessionTags = ctx.get("AWS_SESSION_TAGS");
  if (sessionTags !== undefined && draft.sessionTags === undefined) {
    const tags = parseSessionTags(sessionTags);
    if (tags === undefined) {
      throw new ConfigError(
        `Failed to parse AWS_SESSION_TAGS environment variable: ${SESSION_TAGS_SYNTAX_ERROR}`,
      );
    }
    draft.sessionTags = tags;
    ctx.log(`Using session_tags ${formatGoMap(tags)} from AWS_SESSION_TAGS`);
  }
  const transitive = ctx.get("AWS_TRANSITIVE_TAGS");
  if (transitive !== undefined && draft.transitiveSessionTags === undefined) {
    const keys = parseTransitiveSessionTags(transitive);
    if (keys.length > 0) draft.transitiveSessionTags = keys;
    ctx.log(`Using transitive_session_tags ${formatGoSlice(keys)} from AWS_TRANSITIVE_TAGS`);
  }
  const sourceIdentity = ctx.get("AWS_SOURCE_IDENTITY");
  if (sourceIdentity !== undefined && draft.sourceIdentity === undefined) {
    draft.sourceIdentity = sourceIdentity;
    ctx.log(`Using source_identity ${sourceIdentity} from AWS_SOURCE_IDENTITY`);
  }
}
