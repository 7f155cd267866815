/**
 * aws-vault's stored-item layout, written out independently of our backend code,
 * for tests that put items into a real store or check what the CLI stored there.
 */

/** `text` (UTF-8) in standard base64, or unpadded base64url when `url` is set. */
export function base64(text: string, url = false): string {
  const b = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
  return url ? b.replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "") : b;
}

/** aws-vault's session key: `<type>,<b64url(profile)>,<b64url(mfa)>,<expiry unix>`. */
export function sessionKey(type: string, profile: string, mfa: string, expiry: Date): string {
  return `${type},${base64(profile, true)},${base64(mfa, true)},${expiry.getTime() / 1000}`;
}

/** Printed credentials (`exec --json`) as aws-vault stores a session's `Data`. */
export function sessionData(c: Record<string, string>): string {
  const { AccessKeyId, Expiration, SecretAccessKey, SessionToken } = c;
  return JSON.stringify({ AccessKeyId, Expiration, SecretAccessKey, SessionToken });
}

/** Master credentials as aws-vault stores them (`Data` of the profile's item). */
export function masterData(accessKeyId: string, secretAccessKey: string): string {
  return JSON.stringify({
    AccessKeyID: accessKeyId,
    SecretAccessKey: secretAccessKey,
    SessionToken: "",
    Source: "",
    CanExpire: false,
    Expires: "0001-01-01T00:00:00Z",
  });
}

/**
 * aws-vault's whole-item JSON (Go's field order, `Data` in standard base64): a
 * session's item when `session` is given, else master credentials'.
 */
export function itemJson(
  key: string,
  data: string,
  session?: { profile: string; expiry: Date },
): string {
  const expires = session?.expiry.toISOString().replace(".000Z", "Z");
  return JSON.stringify({
    Key: key,
    Data: base64(data),
    Label: session
      ? `aws-vault session for ${session.profile} (expires ${expires})`
      : `aws-vault (${key})`,
    Description: session ? "aws-vault session" : "",
    KeychainNotTrustApplication: !session,
    KeychainNotSynchronizable: false,
  });
}

/** The fields of aws-vault's whole-item JSON, in Go's order. */
export const ITEM_FIELDS = [
  "Key",
  "Data",
  "Label",
  "Description",
  "KeychainNotTrustApplication",
  "KeychainNotSynchronizable",
];

/** An SSO OIDC token as aws-vault 7.2 stores it (`Data` of `oidc:<start URL>`): no refresh data. */
export function oidcTokenData(accessToken: string, expiration: string): string {
  return JSON.stringify({
    Token: {
      AccessToken: accessToken,
      ExpiresIn: 28800,
      IdToken: null,
      RefreshToken: null,
      TokenType: "Bearer",
      ResultMetadata: {},
    },
    Expiration: expiration,
  });
}
