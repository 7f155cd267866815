/**
 * The keys aws-vault reads from a `[profile X]` / `[default]` section and an
 * `[sso-session X]` section, mapped from an {@linkcode IniDocument} the way
 * go-ini's `MapTo` maps them onto aws-vault's `ProfileSection` struct: keys
 * are looked up with go-ini's child-section fallback and `%(name)s`
 * interpolation, and an empty value counts as unset.
 *
 * @module
 */

import { type IniDocument, iniValue } from "./ini.ts";
import { parseGoDurationNanos } from "./duration.ts";

/** The settings of one profile section, as written in the file (no inheritance applied). */
export interface ProfileSection {
  /** The profile name (`default` for `[default]`). */
  readonly name: string;
  /** MFA device ARN or hardware serial (`mfa_serial`). */
  readonly mfaSerial?: string;
  /** Role to assume (`role_arn`). */
  readonly roleArn?: string;
  /** AssumeRole `ExternalId` (`external_id`). */
  readonly externalId?: string;
  /** Region for AWS calls and the child environment (`region`). */
  readonly region?: string;
  /** AssumeRole session name (`role_session_name`). */
  readonly roleSessionName?: string;
  /** `duration_seconds` when it is a positive whole number. */
  readonly durationSeconds?: number;
  /** Profile whose credentials are the source (`source_profile`). */
  readonly sourceProfile?: string;
  /** Profile whose keys fill the unset ones (`include_profile`). */
  readonly includeProfile?: string;
  /** Name of an `[sso-session]` section (`sso_session`). */
  readonly ssoSession?: string;
  /** IAM Identity Center start URL (`sso_start_url`). */
  readonly ssoStartUrl?: string;
  /** IAM Identity Center region (`sso_region`). */
  readonly ssoRegion?: string;
  /** IAM Identity Center account (`sso_account_id`). */
  readonly ssoAccountId?: string;
  /** IAM Identity Center role (`sso_role_name`). */
  readonly ssoRoleName?: string;
  /** File holding a web identity token (`web_identity_token_file`). */
  readonly webIdentityTokenFile?: string;
  /** Command printing a web identity token (`web_identity_token_process`). */
  readonly webIdentityTokenProcess?: string;
  /** `legacy` or `regional` (`sts_regional_endpoints`). */
  readonly stsRegionalEndpoints?: string;
  /** ByteNess: custom endpoint for the AWS API calls aws-vault makes. */
  readonly endpointUrl?: string;
  /** The raw `session_tags` text (`k1=v1,k2=v2`). */
  readonly sessionTags?: string;
  /** The raw `transitive_session_tags` text (`k1,k2`). */
  readonly transitiveSessionTags?: string;
  /** AssumeRole `SourceIdentity` (`source_identity`). */
  readonly sourceIdentity?: string;
  /** Command printing credential JSON (`credential_process`). */
  readonly credentialProcess?: string;
  /** Command printing an MFA code (`mfa_process`). */
  readonly mfaProcess?: string;
}

/** The settings of one `[sso-session X]` section. */
export interface SsoSessionSection {
  /** The session name (`corp` for `[sso-session corp]`). */
  readonly name: string;
  /** IAM Identity Center start URL (`sso_start_url`). */
  readonly ssoStartUrl?: string;
  /** IAM Identity Center region (`sso_region`). */
  readonly ssoRegion?: string;
  /** Parsed but never used by aws-vault. */
  readonly ssoRegistrationScopes?: string;
}

/** The string-valued fields of {@linkcode ProfileSection}. */
export type ProfileSectionStringField = Exclude<keyof ProfileSection, "name" | "durationSeconds">;

/** The string-valued profile keys and their names in the file. */
export const PROFILE_STRING_KEYS: Readonly<Record<ProfileSectionStringField, string>> = {
  mfaSerial: "mfa_serial",
  roleArn: "role_arn",
  externalId: "external_id",
  region: "region",
  roleSessionName: "role_session_name",
  sourceProfile: "source_profile",
  includeProfile: "include_profile",
  ssoSession: "sso_session",
  ssoStartUrl: "sso_start_url",
  ssoRegion: "sso_region",
  ssoAccountId: "sso_account_id",
  ssoRoleName: "sso_role_name",
  webIdentityTokenFile: "web_identity_token_file",
  webIdentityTokenProcess: "web_identity_token_process",
  stsRegionalEndpoints: "sts_regional_endpoints",
  endpointUrl: "endpoint_url",
  sessionTags: "session_tags",
  transitiveSessionTags: "transitive_session_tags",
  sourceIdentity: "source_identity",
  credentialProcess: "credential_process",
  mfaProcess: "mfa_process",
};

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * Parses `duration_seconds` as go-ini maps it onto an unsigned integer:
 * Go `strconv.ParseUint(text, 0, 64)` (decimal, or `0x`/`0o`/`0b`/leading-`0`
 * prefixes, `_` digit separators). Zero, and any text that is not such
 * a number, mean "unset". A Go duration such as `1h` is also rejected: go-ini
 * would try to store it as nanoseconds and aws-vault panics.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const duration = parseGoDurationNanos(text);
  if (duration !== undefined && duration > 0n) return undefined;
  const match = /^(0[xX]|0[bB]|0[oO]|0(?=.))?(.+)$/.exec(text);
  if (match === null) return undefined;
  const prefix = (match[1] ?? "").toLowerCase();
  const base = prefix === "0x" ? 16 : prefix === "0b" ? 2 : prefix === "" ? 10 : 8;
  let digits = match[2];
  if (digits.includes("_")) {
    // Go literal syntax: each "_" separates digits, or follows a base prefix.
    const shape = prefix === ""
      ? /^[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/
      : /^_?[0-9a-zA-Z]+(_[0-9a-zA-Z]+)*$/;
    if (!shape.test(digits)) return undefined;
    digits = digits.replaceAll("_", "");
  }
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base];
  if (valid === undefined || !valid.test(digits)) return undefined;
  const prefixForBigInt = { 2: "0b", 8: "0o", 10: "", 16: "0x" }[base];
  const value = BigInt(prefixForBigInt + digits);
  if (value > MAX_UINT64 || value === 0n) return undefined;
  return Number(value);
}

function read(doc: IniDocument, sectionName: string, key: string): string | undefined {
  const value = iniValue(doc, sectionName, key);
  return value === undefined || value === "" ? undefined : value;
}

/** Reads the profile keys of section `sectionName` (which must exist) for profile `name`. */
export function readProfileSection(
  doc: IniDocument,
  sectionName: string,
  name: string,
): ProfileSection {
  const section: Record<string, string | number> = { name };
  for (const [field, key] of Object.entries(PROFILE_STRING_KEYS)) {
    const value = read(doc, sectionName, key);
    if (value !== undefined) section[field] = value;
  }
  const seconds = read(doc, sectionName, "duration_seconds");
  const durationSeconds = seconds === undefined ? undefined : parseDurationSeconds(seconds);
  if (durationSeconds !== undefined) section.durationSeconds = durationSeconds;
  return section as unknown as ProfileSection;
}

/** Reads section `sectionName` (which must exist) as the `[sso-session]` named `name`. */
export function readSsoSessionSection(
  doc: IniDocument,
  sectionName: string,
  name: string,
): SsoSessionSection {
  const section: Record<string, string> = { name };
  const ssoStartUrl = read(doc, sectionName, "sso_start_url");
  const ssoRegion = read(doc, sectionName, "sso_region");
  const ssoRegistrationScopes = read(doc, sectionName, "sso_registration_scopes");
  if (ssoStartUrl !== undefined) section.ssoStartUrl = ssoStartUrl;
  if (ssoRegion !== undefined) section.ssoRegion = ssoRegion;
  if (ssoRegistrationScopes !== undefined) section.ssoRegistrationScopes = ssoRegistrationScopes;
  return section as unknown as SsoSessionSection;
}

/** True when the section sets none of the keys aws-vault understands. */
export function isEmptyProfileSection(section: ProfileSection): boolean {
  return Object.keys(section).every((field) => field === "name");
}
