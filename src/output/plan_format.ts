/**
 * `aws-vault plan`'s output: the steps `exec` would run for a profile, one
 * line each in run order, or as JSON with a fixed shape
 * (`{"profile", "steps": [{"api", "profile", "mfa_serial", "duration_seconds", "cached", "expires"}]}`).
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import type { ChainStep, ChainStepKind } from "../credentials/chain_plan.ts";
import { escapeControlChars, goQuote } from "../go_quote.ts";
import { rfc3339 } from "../time_format.ts";

/** A planned step and what the session cache holds for it. */
export interface PlannedStep {
  step: ChainStep;
  /** When the cached session this step would use expires; undefined when it calls (or reads keys). */
  cachedUntil?: Date;
  /** The 1-based number of the cached step above this one that makes it unnecessary. */
  skippedFor?: number;
  /** SSO steps: whether a token for the start URL is in the vault (undefined for other steps). */
  ssoTokenStored?: boolean;
}

/** A profile's plan. */
export interface Plan {
  profile: string;
  steps: PlannedStep[];
}

/** The `api` of a step in the JSON form. */
const API: Record<ChainStepKind, string> = {
  "master credentials": "stored",
  "sts.GetSessionToken": "sts:GetSessionToken",
  "sts.AssumeRole": "sts:AssumeRole",
  "sts.AssumeRoleWithWebIdentity": "sts:AssumeRoleWithWebIdentity",
  "sso.GetRoleCredentials": "sso:GetRoleCredentials",
  "credential_process": "credential_process",
};

/** `plan --json`: keys in a fixed order, times in RFC 3339 (UTC), two-space indents. */
export function planJson(plan: Plan): string {
  const steps = plan.steps.map(({ step, cachedUntil }) => ({
    api: API[step.kind],
    profile: step.config.profileName,
    mfa_serial: step.mfaSerial ?? null,
    duration_seconds: step.durationMs === undefined ? null : Math.trunc(step.durationMs / 1000),
    cached: cachedUntil !== undefined,
    expires: cachedUntil === undefined ? null : rfc3339(cachedUntil),
  }));
  return JSON.stringify({ profile: plan.profile, steps }, null, 2) + "\n";
}

function what(step: ChainStep): string {
  const config = step.config;
  const profile = goQuote(config.profileName);
  if (step.kind === "master credentials") return `stored keys of profile ${profile}`;
  let text = `${API[step.kind]} for profile ${profile}`;
  if (step.mfaSerial) text += ` with MFA ${escapeControlChars(step.mfaSerial)}`;
  else if (step.kind === "sts.AssumeRole" && config.mfaSerial) {
    text += " (its MFA was given to the session it runs on)";
  }
  if (step.kind === "sts.AssumeRoleWithWebIdentity") {
    text += config.webIdentityTokenFile !== undefined
      ? `, token from file ${goQuote(config.webIdentityTokenFile)}`
      : `, token from process ${goQuote(config.webIdentityTokenProcess ?? "")}`;
  }
  if (step.kind === "credential_process") {
    text += `, runs ${goQuote(config.credentialProcess ?? "")}`;
  }
  if (step.durationMs !== undefined) text += `, ${formatGoDuration(step.durationMs)}`;
  else if (step.kind === "sso.GetRoleCredentials") text += ", duration set by SSO";
  return text;
}

function cacheState(planned: PlannedStep): string {
  const { step, cachedUntil, skippedFor, ssoTokenStored } = planned;
  if (skippedFor !== undefined) return ` (not run: step ${skippedFor} uses a cached session)`;
  if (cachedUntil !== undefined) return `: cached session until ${rfc3339(cachedUntil)}`;
  if (step.kind === "master credentials") return "";
  let text = step.cacheKey ? ": no usable cached session, the new one is cached" : ": not cached";
  if (ssoTokenStored === true) text += "; an SSO token for its start URL is in the vault";
  if (ssoTokenStored === false) {
    text += "; no SSO token in the vault: exec would open a browser login";
  }
  return text;
}

/** `plan`'s text: a heading, then one numbered line per step in run order. */
export function planText(plan: Plan): string {
  const count = plan.steps.length === 1 ? "1 step" : `${plan.steps.length} steps`;
  let text = `Profile ${goQuote(plan.profile)}: ${count}, in the order exec runs them\n`;
  plan.steps.forEach((planned, i) => {
    text += `${i + 1}. ${what(planned.step)}${cacheState(planned)}\n`;
  });
  return text;
}
