/**
 * Flags and arguments that several commands declare alike (`exec`, `export`,
 * `rotate`…), and the credential request they build from them.
 *
 * @module
 */

import { parseGoDuration } from "../config/duration.ts";
import { type ArgSpec, type FlagSpec, getBool, getString, type Values } from "./cli_spec.ts";
import type { AppSources } from "./command.ts";
import { checkSessionDuration } from "./duration_flag.ts";
import type { CredentialRequest } from "./profile_credentials.ts";

/** The `profile` argument; with `hints`, profile names from the config complete it. */
export function profileArg(sources: AppSources, required: boolean, hints = true): ArgSpec {
  return {
    name: "profile",
    help: "Name of the profile",
    required,
    ...(hints ? { hints: sources.profileHints } : {}),
  };
}

/** `-d/--duration`. */
export const DURATION: FlagSpec = {
  name: "duration",
  short: "d",
  kind: "string",
  help: "Duration of the temporary or assume-role session. Defaults to 1h",
  check: checkSessionDuration,
};

/** `-n/--no-session`. */
export const NO_SESSION: FlagSpec = {
  name: "no-session",
  short: "n",
  kind: "bool",
  help: "Skip creating STS session with GetSessionToken",
};

/** `--region`. */
export const REGION: FlagSpec = { name: "region", kind: "string", help: "The AWS region" };

/** `-t/--mfa-token`. */
export const MFA_TOKEN: FlagSpec = {
  name: "mfa-token",
  short: "t",
  kind: "string",
  help: "The MFA token to use",
};

/** `--stdout` (SSO profiles: print the link instead of opening a browser). */
export const STDOUT: FlagSpec = {
  name: "stdout",
  kind: "bool",
  help: "Print the SSO link to the terminal without automatically opening the browser",
};

/** The flags of a credential request, shared by `exec` and `export`, in their help order. */
export const CREDENTIAL_FLAGS: readonly FlagSpec[] = [DURATION, NO_SESSION, REGION, MFA_TOKEN];

/** The credential request of `exec` and `export` from their parsed flags (both declare `--stdout`). */
export function credentialRequest(values: Values): CredentialRequest {
  const optional = (name: string) => getString(values, name) || undefined;
  const { profile, noSession, durationMs } = chainRequest(values);
  return {
    profile,
    noSession,
    region: optional("region"),
    mfaToken: optional("mfa-token"),
    durationMs,
    ssoUseStdout: getBool(values, "stdout"),
  };
}

/** The part of a credential request that shapes the chain: profile, `--duration`, `--no-session`. */
export function chainRequest(values: Values): CredentialRequest {
  const duration = getString(values, "duration");
  const durationMs = duration === "" ? undefined : parseGoDuration(duration);
  return {
    profile: getString(values, "profile"),
    noSession: getBool(values, "no-session"),
    durationMs: durationMs === 0 ? undefined : durationMs,
  };
}
