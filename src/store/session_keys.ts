/**
 * aws-vault's keyring key names: master credentials under the bare
 * profile name, sessions under `<type>,<b64(profile)>,<b64(mfa)>,<expiry>`,
 * SSO tokens under `oidc:<start URL>`, plus the old formats kept only so they
 * can be excluded from listings and purged.
 *
 * @module
 */

import { decodeBase64Url, encodeBase64Url, fromUtf8 } from "../encoding.ts";

/** The session types aws-vault caches. */
export const SESSION_TYPES = [
  "sts.GetSessionToken",
  "sts.AssumeRole",
  "sts.AssumeRoleWithWebIdentity",
  "sso.GetRoleCredentials",
  "credential_process",
] as const;

/** One of {@linkcode SESSION_TYPES}. */
export type SessionType = typeof SESSION_TYPES[number];

/** A parsed current-format session key. */
export interface SessionKey {
  type: string;
  profileName: string;
  /** The MFA serial (or, for SSO, the start URL); "" when none. */
  mfaSerial: string;
  /** Expiry as Unix seconds. */
  expiration: number;
}

const CURRENT = /^([^,]+),([^,]+),([^,]*),([0-9]{1,})$/;
const OLD_FORMATS = [
  /^session,([^,]+),([^,]*),([0-9]{2,})$/,
  /^session:([^ ]+):([^ ]*):([^:]+)$/,
  /^(.+?) session \((\d+)\)$/,
];

/** Prefix for SSO OIDC token keys. */
export const OIDC_PREFIX = "oidc:";

/** The key of a cached session. */
export function formatSessionKey(key: SessionKey): string {
  return [
    key.type,
    encodeBase64Url(key.profileName),
    encodeBase64Url(key.mfaSerial),
    String(key.expiration),
  ]
    .join(",");
}

/** The expiry-independent prefix used to find a session: `<type>,<b64 profile>,<b64 mfa>,`. */
export function sessionKeyPrefix(type: string, profileName: string, mfaSerial: string): string {
  return `${type},${encodeBase64Url(profileName)},${encodeBase64Url(mfaSerial)},`;
}

function decodeField(field: string): string | undefined {
  try {
    return fromUtf8(decodeBase64Url(field));
  } catch {
    return undefined;
  }
}

/** Parses a current-format session key; `undefined` when `key` is not one. */
export function parseSessionKey(key: string): SessionKey | undefined {
  if (!key.includes(",")) return undefined; // the common case, a profile name, without a regex
  const m = CURRENT.exec(key);
  if (!m) return undefined;
  const profileName = decodeField(m[2]);
  const mfaSerial = decodeField(m[3]);
  if (profileName === undefined || mfaSerial === undefined) return undefined;
  return { type: m[1], profileName, mfaSerial, expiration: Number(m[4]) };
}

/** The current-format session keys among `keys` that belong to `profile`, with their parts. */
export function sessionKeysOf(
  keys: readonly string[],
  profile: string,
): { key: string; session: SessionKey }[] {
  const found: { key: string; session: SessionKey }[] = [];
  for (const key of keys) {
    const session = parseSessionKey(key);
    if (session?.profileName === profile) found.push({ key, session });
  }
  return found;
}

/** Whether `key` is a session key in one of aws-vault's retired formats. */
export function isOldSessionKey(key: string): boolean {
  return key.includes("session") && OLD_FORMATS.some((re) => re.test(key));
}

/** Whether `key` names an SSO OIDC token. */
export function isOidcKey(key: string): boolean {
  return key.startsWith(OIDC_PREFIX);
}

/** Whether `key` names stored long-term credentials (neither a session nor an OIDC token). */
export function isCredentialKey(key: string): boolean {
  return !isOidcKey(key) && !isOldSessionKey(key) && parseSessionKey(key) === undefined;
}
