/**
 * The decisions behind a profile's credential chain, exactly as aws-vault v7.2
 * makes them, as data: which step serves each profile, in run order, with the
 * MFA serial it sends, its duration after every cap, and its session cache key.
 * `exec` builds its providers from these steps (see `chain.ts`) and `plan`
 * prints them, so the two cannot disagree. Every decision is narrated in
 * `--debug` with aws-vault's wording:
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
import type { Logger } from "../platform/types.ts";
import type { SessionCacheKey } from "./cached_provider.ts";
import { isRoleCredentialKind } from "./types.ts";

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

/** What a step does; each is one provider kind (the session types, plus stored keys). */
export type ChainStepKind =
  | "master credentials"
  | "sts.GetSessionToken"
  | "sts.AssumeRole"
  | "sts.AssumeRoleWithWebIdentity"
  | "sso.GetRoleCredentials"
  | "credential_process";

/** One step of a chain: it runs with the credentials of the step before it, if any. */
export interface ChainStep {
  kind: ChainStepKind;
  /** The profile the step serves. */
  config: ProfileConfig;
  /** The MFA serial sent with the call (GetSessionToken, AssumeRole), if any. */
  mfaSerial?: string;
  /** The duration asked for, after every cap; undefined when the call takes none. */
  durationMs?: number;
  /** Where the step's result is cached; undefined when it is not. */
  cacheKey?: SessionCacheKey;
}

/** What planning reads: which profiles have stored keys, and the `--debug` log. */
export interface ChainPlanContext {
  store: { has(profile: string): Promise<boolean> };
  log: Logger;
}

interface Planned {
  steps: ChainStep[];
  /** The MFA serial already used by a GetSessionToken lower in the chain. */
  chainedMfa?: string;
}

interface Planner {
  ctx: ChainPlanContext;
  opts: ChainOptions;
}

function mfaDetails(chained: boolean, mfaSerial: string | undefined): string {
  if (chained) return " (chained MFA)";
  return mfaSerial ? " (with MFA)" : "";
}

function cacheKey(p: Planner, key: SessionCacheKey): SessionCacheKey | undefined {
  return p.opts.disableCache ? undefined : key;
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

async function sourceSteps(p: Planner, config: ProfileConfig, stored: boolean): Promise<Planned> {
  const name = config.profileName;
  if (stored) {
    p.ctx.log.debug(`profile ${name}: using stored credentials`);
    return { steps: [{ kind: "master credentials", config }] };
  }
  const source = config.sourceProfile as ProfileConfig;
  p.ctx.log.debug(`profile ${name}: sourcing credentials from profile ${source.profileName}`);
  return await plan(p, source);
}

function assumeRole(p: Planner, config: ProfileConfig, source: Planned): Planned {
  const name = config.profileName;
  const chained = config.mfaSerial !== undefined && config.mfaSerial === source.chainedMfa;
  const mfaSerial = chained ? undefined : config.mfaSerial;
  p.ctx.log.debug(`profile ${name}: using AssumeRole${mfaDetails(chained, mfaSerial)}`);
  let durationMs = config.assumeRoleDurationMs;
  const sourceKind = source.steps[source.steps.length - 1].kind;
  if (isRoleCredentialKind(sourceKind) && durationMs > ROLE_CHAINING_MAXIMUM_DURATION_MS) {
    p.ctx.log.debug(
      `profile ${name}: capping AssumeRole duration from ${formatGoDuration(durationMs)} ` +
        `to AWS maximum ${formatGoDuration(ROLE_CHAINING_MAXIMUM_DURATION_MS)} for role chaining`,
    );
    durationMs = ROLE_CHAINING_MAXIMUM_DURATION_MS;
  }
  // AssumeRole is cached only when an MFA serial is sent.
  const key = mfaSerial
    ? cacheKey(p, { type: "sts.AssumeRole", profile: name, mfaSerial })
    : undefined;
  const step: ChainStep = { kind: "sts.AssumeRole", config, mfaSerial, durationMs, cacheKey: key };
  return { steps: [...source.steps, step], chainedMfa: source.chainedMfa };
}

async function sourcePath(p: Planner, config: ProfileConfig, stored: boolean): Promise<Planned> {
  const source = await sourceSteps(p, config, stored);
  if (config.roleArn !== undefined) return assumeRole(p, config, source);
  if (!stored) return source;
  const name = config.profileName;
  const obstacle = getSessionTokenObstacle(config, p.opts);
  if (obstacle !== undefined) {
    p.ctx.log.debug(`profile ${name}: skipping GetSessionToken because ${obstacle}`);
    return source;
  }
  p.ctx.log.debug(`profile ${name}: using GetSessionToken${mfaDetails(false, config.mfaSerial)}`);
  const mfaSerial = config.mfaSerial ?? "";
  const step: ChainStep = {
    kind: "sts.GetSessionToken",
    config,
    mfaSerial: config.mfaSerial,
    durationMs: getSessionTokenDurationMs(config),
    cacheKey: cacheKey(p, { type: "sts.GetSessionToken", profile: name, mfaSerial }),
  };
  return { steps: [...source.steps, step], chainedMfa: config.mfaSerial };
}

/** The settings an SSO profile cannot do without, by their config key. */
const SSO_SETTINGS = [
  ["sso_account_id", "ssoAccountId"],
  ["sso_role_name", "ssoRoleName"],
  ["sso_region", "ssoRegion"],
] as const;

function sso(p: Planner, config: ProfileConfig, startUrl: string): Planned {
  const name = config.profileName;
  p.ctx.log.debug(`profile ${name}: using SSO role credentials`);
  const missing = SSO_SETTINGS.filter(([, field]) => !config[field]).map(([key]) => key);
  if (missing.length > 0) {
    throw new CredentialsError(
      `profile ${name}: incomplete SSO settings: ${missing.join(", ")} not set`,
    );
  }
  // The session cache key of SSO role credentials holds the start URL where others hold the MFA serial.
  const key = cacheKey(p, { type: "sso.GetRoleCredentials", profile: name, mfaSerial: startUrl });
  return { steps: [{ kind: "sso.GetRoleCredentials", config, cacheKey: key }] };
}

async function plan(p: Planner, config: ProfileConfig): Promise<Planned> {
  const name = config.profileName;
  const stored = await p.ctx.store.has(name);
  if (stored || config.sourceProfile !== undefined) return await sourcePath(p, config, stored);
  if (config.ssoStartUrl !== undefined) return sso(p, config, config.ssoStartUrl);
  if (hasWebIdentity(config)) {
    p.ctx.log.debug(`profile ${name}: using web identity`);
    if (config.roleArn === undefined) {
      throw new CredentialsError(`profile ${name}: web identity needs a role_arn`);
    }
    const kind = "sts.AssumeRoleWithWebIdentity";
    const key = cacheKey(p, { type: kind, profile: name, mfaSerial: "" });
    return { steps: [{ kind, config, durationMs: config.assumeRoleDurationMs, cacheKey: key }] };
  }
  if (config.credentialProcess !== undefined) {
    p.ctx.log.debug(`profile ${name}: using credential process`);
    const kind = "credential_process";
    return {
      steps: [{
        kind,
        config,
        cacheKey: cacheKey(p, { type: kind, profile: name, mfaSerial: "" }),
      }],
    };
  }
  throw new CredentialsError(`profile ${name}: credentials missing`);
}

/**
 * The steps that give credentials for `config`, in the order they run: stored
 * keys or a source profile first, then SSO, web identity, credential_process.
 * Reads only which profiles have stored keys; throws as building the chain does.
 */
export async function planChain(
  ctx: ChainPlanContext,
  config: ProfileConfig,
  opts: ChainOptions,
): Promise<ChainStep[]> {
  return (await plan({ ctx, opts }, config)).steps;
}
