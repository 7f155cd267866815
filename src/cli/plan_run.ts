/**
 * The work of `aws-vault plan`: the chain `exec` would run for a profile,
 * decided by the code `exec` uses, with what the session cache holds for each
 * step. Only key names are read: nothing is decrypted, no AWS call is made,
 * no MFA code is asked for and no process is run.
 *
 * @module
 */

import { usableCachedExpiry } from "../credentials/cached_provider.ts";
import { minTtlMs } from "../config/resolve.ts";
import { oidcTokenKey } from "../store/oidc_token_store.ts";
import { planJson, type PlannedStep, planText } from "../output/plan_format.ts";
import type { CommandContext } from "./context.ts";
import { type CredentialRequest, profileChainPlan } from "./profile_credentials.ts";

/** Options of `plan`. */
export interface PlanOptions extends CredentialRequest {
  /** `--json`: the machine-readable form. */
  json: boolean;
}

/**
 * Marks the steps the cache makes unnecessary: `exec` asks the last step first, and
 * a step served from the cache never asks the ones below it.
 */
async function withCacheState(
  ctx: CommandContext,
  planned: PlannedStep[],
): Promise<void> {
  const sessions = await ctx.sessions();
  const now = ctx.deps.clock.now();
  const minTtl = minTtlMs(ctx.deps.env);
  for (let i = planned.length - 1; i >= 0; i--) {
    const key = planned[i].step.cacheKey;
    if (key === undefined) continue;
    const until = await usableCachedExpiry(sessions, key, now, minTtl);
    if (until === undefined) {
      ctx.log.debug(`profile ${key.profile}: no usable cached ${key.type} session`);
      continue;
    }
    ctx.log.debug(`profile ${key.profile}: the cached ${key.type} session would be used`);
    planned[i].cachedUntil = until;
    for (let j = 0; j < i; j++) planned[j].skippedFor = i + 1;
    return;
  }
}

/** Whether an SSO token is in the vault for each SSO step that would call AWS. */
async function withSsoTokens(ctx: CommandContext, planned: PlannedStep[]): Promise<void> {
  const calls = planned.filter(({ step, cachedUntil, skippedFor }) =>
    step.kind === "sso.GetRoleCredentials" && cachedUntil === undefined && skippedFor === undefined
  );
  if (calls.length === 0) return;
  const keys = new Set(await (await ctx.keyring()).keys());
  for (const planned of calls) {
    planned.ssoTokenStored = keys.has(oidcTokenKey(planned.step.config.ssoStartUrl ?? ""));
  }
}

/** Runs `plan`; returns the exit code. */
export async function runPlan(ctx: CommandContext, opts: PlanOptions): Promise<number> {
  const { steps } = await profileChainPlan(ctx, opts);
  const planned: PlannedStep[] = steps.map((step) => ({ step }));
  await withCacheState(ctx, planned);
  await withSsoTokens(ctx, planned);
  const plan = { profile: opts.profile, steps: planned };
  ctx.deps.io.stdout.write(opts.json ? planJson(plan) : planText(plan));
  return 0;
}
