/**
 * The provider seam the credential chain is built from.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import type { ProfileConfig } from "../config/profile_config.ts";

/** A source of credentials: stored keys, an STS call, a cache around another provider... */
export interface CredentialProvider {
  /** What kind of provider this is, for `--debug` ("master credentials", "sts.AssumeRole"...). */
  readonly kind: string;
  retrieve(): Promise<Credentials>;
}

/** Provider kinds whose credentials are role credentials (AssumeRole with them is role chaining). */
const ROLE_CREDENTIAL_KINDS: ReadonlySet<string> = new Set([
  "sts.AssumeRole",
  "sts.AssumeRoleWithWebIdentity",
  "sso.GetRoleCredentials",
]);

/**
 * Whether a provider of this kind (cached or not) gives role credentials:
 * the console accepts them as they are, and AssumeRole with them is role chaining.
 */
export function isRoleCredentialKind(kind: string): boolean {
  return ROLE_CREDENTIAL_KINDS.has(kind);
}

/**
 * Gives the code for one MFA-protected call made for a profile (its
 * `mfa_serial`); a one-time code is used for one call only.
 */
export type MfaCodeSource = (config: ProfileConfig) => Promise<string>;
