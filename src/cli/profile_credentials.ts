/**
 * Shared by `exec`, `export`, `rotate` and `login`: resolve the profile, build the
 * provider chain's dependencies from the command context, and retrieve
 * credentials.
 *
 * @module
 */

import { type AwsSettings, DEFAULT_AWS_TIMEOUT_MS } from "../aws/aws_call.ts";
import { sdkStsFactory } from "../aws/sts.ts";
import { type ChainContext, chainProvider } from "../credentials/chain.ts";
import { type ChainOptions, type ChainStep, planChain } from "../credentials/chain_plan.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { MfaCodeSource } from "../credentials/types.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import { parseGoDuration } from "../config/duration.ts";
import { minTtlMs, resolveProfile } from "../config/resolve.ts";
import { ConfigError, CredentialsError, withErrorPrefix } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import { rfc3339 } from "../time_format.ts";
import type { Env } from "../platform/types.ts";
import type { CommandContext } from "./context.ts";
import { processLock } from "./process_lock.ts";

/** The variable bounding one AWS call, retries included (a Go duration; 10s by default). */
export const AWS_TIMEOUT_VARIABLE = "AWS_VAULT_API_TIMEOUT";

/** What the user asked for on the command line. */
export interface CredentialRequest {
  profile: string;
  noSession: boolean;
  region?: string;
  mfaToken?: string;
  /** `--duration` in milliseconds. */
  durationMs?: number;
  /** `login --duration` in milliseconds: the GetFederationToken duration. */
  federationTokenDurationMs?: number;
  /** `--stdout`: print the SSO authorization link instead of opening a browser. */
  ssoUseStdout?: boolean;
}

/** The resolved profile and its credentials. */
export interface ProfileCredentials {
  config: ProfileConfig;
  credentials: Credentials;
}

/**
 * Resolves the profile configuration (pure) from the config file, environment
 * and flags. A file that cannot be read is reported as it is; a profile that
 * cannot be resolved as aws-vault does, after `Error loading config: `.
 */
export async function resolveRequest(
  ctx: CommandContext,
  req: CredentialRequest,
): Promise<ProfileConfig> {
  const file = await ctx.config();
  return await withErrorPrefix("Error loading config", () =>
    resolveProfile(file, req.profile, {
      env: ctx.deps.env,
      region: req.region,
      mfaToken: req.mfaToken,
      durationMs: req.durationMs,
      federationTokenDurationMs: req.federationTokenDurationMs,
      ssoUseStdout: req.ssoUseStdout,
      mfaPromptMethod: ctx.globals.prompt || undefined,
      log: (line: string) => ctx.log.debug(line),
    }));
}

/** The bound on one AWS call: `AWS_VAULT_API_TIMEOUT` when set, else 10s; a bad value is an error. */
export function awsTimeoutMs(env: Env): number {
  const text = env.get(AWS_TIMEOUT_VARIABLE) ?? "";
  if (text === "") return DEFAULT_AWS_TIMEOUT_MS;
  const ms = parseGoDuration(text);
  if (ms === undefined || ms <= 0) {
    throw new ConfigError(
      `Invalid ${AWS_TIMEOUT_VARIABLE} ${
        goQuote(text)
      }: expected a positive duration such as "30s"`,
    );
  }
  return ms;
}

/** The settings of every AWS call this command run makes. */
export function awsSettings(ctx: CommandContext): AwsSettings & { timeoutMs: number } {
  const env = ctx.deps.env;
  return { getEnv: (name) => env.get(name), log: ctx.log, timeoutMs: awsTimeoutMs(env) };
}

/** How the MFA codes of a command run are asked for, beyond `--prompt`. */
export interface MfaOptions {
  /** `exec` server modes: the automatic choice prefers a driver other than `terminal`. */
  serverMode?: boolean;
  /** Server modes: true while the command runs and owns the terminal. */
  terminalBusy?: () => boolean;
}

/** The provider chain's dependencies for this command run. */
export async function chainContext(
  ctx: CommandContext,
  mfaOptions: MfaOptions = {},
): Promise<ChainContext> {
  const deps = ctx.deps;
  let mfa: MfaCodeSource | undefined;
  const aws = awsSettings(ctx);
  return {
    store: await ctx.credentials(),
    sessions: await ctx.sessions(),
    fs: deps.fs,
    proc: deps.proc,
    os: deps.os,
    clock: deps.clock,
    log: ctx.log,
    minTtlMs: minTtlMs(deps.env),
    sts: sdkStsFactory(aws),
    // The prompt drivers load only when a code is needed.
    mfaCode: async (config) => {
      mfa ??= (await import("../credentials/mfa.ts")).createMfaCodeSource({
        deps,
        log: ctx.log,
        promptDriver: ctx.globals.prompt,
        ...mfaOptions,
      });
      return await mfa(config);
    },
    lock: processLock(ctx),
    sso: {
      keyring: await ctx.keyring(),
      stderr: deps.io.stderr,
      env: deps.env,
      interrupts: deps.interrupts,
      aws,
    },
  };
}

/**
 * Throws when `profile` is neither in the config file nor in the vault:
 * aws-vault 7.2 would silently fall back to `[default]`; ByteNess made this an error.
 */
export async function assertProfileKnown(ctx: CommandContext, profile: string): Promise<void> {
  const store = await ctx.credentials();
  const file = await ctx.config();
  if (file.hasProfile(profile) || (await store.has(profile))) return;
  throw new CredentialsError(
    `profile ${goQuote(profile)} not found in ${
      goQuote(file.path)
    } and no credentials are stored for it`,
  );
}

/** Options of {@linkcode profileCredentials}: the chain's, and a step before retrieval. */
export interface ProfileCredentialsOptions extends Partial<ChainOptions> {
  /** Called with the resolved profile once the chain is built, before any credential is read. */
  beforeRetrieve?: (config: ProfileConfig) => void;
}

/** A resolved profile whose credentials can be retrieved as often as needed. */
export interface ProfileCredentialSource {
  config: ProfileConfig;
  /** The chain's dependencies (its STS factory serves calls made with these credentials). */
  chain: ChainContext;
  /** The provider's kind (`sts.AssumeRole`...): what kind of credentials {@linkcode retrieve} gives. */
  kind: string;
  /**
   * Retrieves credentials through the provider chain (session cache, MFA, the
   * cross-process lock); a cached session is taken only with at least
   * `minTtlMs` left (never less than `AWS_MIN_TTL`).
   */
  retrieve(minTtlMs?: number): Promise<Credentials>;
}

/**
 * Resolves the profile and builds its provider chain, with aws-vault's
 * prefixes on what fails: `Error loading config: `, `Error getting temporary
 * credentials: `.
 */
export async function profileCredentialSource(
  ctx: CommandContext,
  req: CredentialRequest,
  options: Partial<ChainOptions> & MfaOptions = {},
): Promise<ProfileCredentialSource> {
  const { serverMode, terminalBusy, ...chainOptions } = options;
  const { config, steps } = await profileChainPlan(ctx, req, chainOptions);
  const chain = await chainContext(ctx, { serverMode, terminalBusy });
  const provider = chainProvider(chain, steps);
  return {
    config,
    chain,
    kind: provider.kind,
    retrieve: async (minTtl = 0) => {
      // The chain's caches take their minimum from its context: a longer one needs its own chain.
      const chosen = minTtl > chain.minTtlMs
        ? chainProvider({ ...chain, minTtlMs: minTtl }, steps)
        : provider;
      return await chosen.retrieve();
    },
  };
}

/** A resolved profile and the steps that give its credentials, in run order. */
export interface ProfileChainPlan {
  config: ProfileConfig;
  steps: ChainStep[];
}

/**
 * Resolves the profile and decides its chain as `exec` does (`plan` shows it),
 * reading only which profiles have stored keys, with aws-vault's prefixes on
 * what fails: `Error loading config: `, `Error getting temporary credentials: `.
 */
export async function profileChainPlan(
  ctx: CommandContext,
  req: CredentialRequest,
  options: Partial<ChainOptions> = {},
): Promise<ProfileChainPlan> {
  const config = await resolveRequest(ctx, req);
  await assertProfileKnown(ctx, req.profile);
  const store = await ctx.credentials();
  const opts = { noSession: req.noSession, ...options };
  const steps = await withErrorPrefix(
    "Error getting temporary credentials",
    () => planChain({ store, log: ctx.log }, config, opts),
  );
  return { config, steps };
}

/**
 * Resolves the profile and retrieves credentials through the provider chain,
 * with aws-vault's prefixes on what fails: `Error loading config: `,
 * `Error getting temporary credentials: ` (building the chain),
 * `Failed to get credentials for <profile>: ` (retrieving).
 */
export async function profileCredentials(
  ctx: CommandContext,
  req: CredentialRequest,
  options: ProfileCredentialsOptions = {},
): Promise<ProfileCredentials> {
  const { beforeRetrieve, ...chainOptions } = options;
  const source = await profileCredentialSource(ctx, req, chainOptions);
  beforeRetrieve?.(source.config);
  const credentials = await withErrorPrefix(
    `Failed to get credentials for ${req.profile}`,
    () => source.retrieve(),
  );
  refuseExpired(credentials, req.profile, ctx.deps.clock.now());
  return { config: source.config, credentials };
}

/**
 * Throws when `credentials` expired at or before `now`: STS can return such a session
 * for a duration under a second (AWS itself refuses durations under 15 minutes).
 */
export function refuseExpired(credentials: Credentials, profile: string, now: Date): void {
  const expiration = credentials.expiration;
  if (expiration === undefined || expiration.getTime() > now.getTime()) return;
  throw new CredentialsError(
    `Cannot use the credentials for profile ${goQuote(profile)}: ` +
      `they expired at ${goQuote(rfc3339(expiration))}, before they could be used`,
  );
}
