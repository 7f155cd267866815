/**
 * IAM Identity Center (SSO) OIDC tokens in the keyring, as aws-vault stores
 * them, so that aws-vault and this tool share one login: the item
 * `oidc:<start URL>`, whose data is Go's JSON of
 * `{"Token": <CreateTokenOutput>, "Expiration": <time>}`.
 *
 * What a refresh needs travels in the same item: the refresh token in
 * `Token.RefreshToken` (a field aws-vault already has), and the client
 * registration in the top-level `ClientID`, `ClientSecret` and
 * `ClientSecretExpiresAt`, the fields ByteNess's aws-vault reads to refresh.
 * aws-vault 7.2 ignores fields it does not know, and deletes the item once
 * its access token has expired.
 *
 * @module
 */

import type { Keyring } from "../../backends/types.ts";
import { fromUtf8, utf8 } from "../encoding.ts";
import { KeyringItemCorruptError } from "../errors.ts";
import { goJsonStringify, lookupField } from "../go_json.ts";
import { parseRfc3339, rfc3339, rfc3339Nano } from "../time_format.ts";
import { OIDC_PREFIX } from "./session_keys.ts";

/** The OIDC client a token was issued to; the secret is a credential. */
export interface StoredOidcClient {
  clientId: string;
  clientSecret: string;
  /** When the registration ends; absent when unknown. */
  expiresAt?: Date;
}

/** A stored OIDC token. */
export interface StoredOidcToken {
  accessToken: string;
  /** When the access token expires. */
  expiration: Date;
  tokenType?: string;
  refreshToken?: string;
  idToken?: string;
  /** The client registration, for a refresh; absent in tokens aws-vault stored. */
  client?: StoredOidcClient;
}

/** The keyring key of the token for `startUrl`. */
export function oidcTokenKey(startUrl: string): string {
  return OIDC_PREFIX + startUrl;
}

/** The item data: aws-vault's JSON, with `ExpiresIn` as seconds left at `now`. */
export function encodeOidcToken(token: StoredOidcToken, now: Date): Uint8Array {
  const left = Math.max(0, Math.trunc((token.expiration.getTime() - now.getTime()) / 1000));
  const client = token.client;
  return utf8(goJsonStringify({
    Token: {
      AccessToken: token.accessToken,
      ExpiresIn: left,
      IdToken: token.idToken ?? null,
      RefreshToken: token.refreshToken ?? null,
      TokenType: token.tokenType ?? null,
      ResultMetadata: {},
    },
    Expiration: rfc3339Nano(token.expiration),
    ...(client ? { ClientID: client.clientId, ClientSecret: client.clientSecret } : {}),
    ...(client?.expiresAt ? { ClientSecretExpiresAt: rfc3339(client.expiresAt) } : {}),
  }));
}

function text(obj: Record<string, unknown>, field: string): string | undefined {
  const value = lookupField(obj, field);
  return typeof value === "string" && value !== "" ? value : undefined;
}

function object(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? value as Record<string, unknown>
    : undefined;
}

/**
 * Parses item data as Go's decoder would (field names in any case, unknown
 * fields ignored); `undefined` when it holds no access token. A missing or
 * unreadable `Expiration` reads as long expired, as Go's zero time does.
 */
export function decodeOidcToken(data: Uint8Array): StoredOidcToken | undefined {
  let root: Record<string, unknown> | undefined;
  try {
    root = object(JSON.parse(fromUtf8(data)));
  } catch {
    return undefined;
  }
  const token = root && object(lookupField(root, "Token"));
  const accessToken = token && text(token, "AccessToken");
  if (!root || !token || !accessToken) return undefined;
  const expirationText = lookupField(root, "Expiration");
  const expiration = typeof expirationText === "string" ? parseRfc3339(expirationText) : undefined;
  const out: StoredOidcToken = { accessToken, expiration: expiration ?? new Date(0) };
  const tokenType = text(token, "TokenType");
  const refreshToken = text(token, "RefreshToken");
  const idToken = text(token, "IdToken");
  if (tokenType) out.tokenType = tokenType;
  if (refreshToken) out.refreshToken = refreshToken;
  if (idToken) out.idToken = idToken;
  const clientId = text(root, "ClientID");
  const clientSecret = text(root, "ClientSecret");
  if (clientId && clientSecret) {
    const expiresText = text(root, "ClientSecretExpiresAt");
    const expiresAt = expiresText ? parseRfc3339(expiresText) : undefined;
    // Go's zero time (omitted by ByteNess) means "no known end".
    const known = expiresAt && expiresAt.getUTCFullYear() > 1;
    out.client = { clientId, clientSecret, ...(known ? { expiresAt } : {}) };
  }
  return out;
}

/** OIDC tokens on top of a keyring. */
export class OidcTokenStore {
  readonly #keyring: Keyring;

  constructor(keyring: Keyring) {
    this.#keyring = keyring;
  }

  /**
   * The token stored for `startUrl`, whatever its expiry; `undefined` when
   * there is none or it cannot be read (such an item is deleted, as a
   * damaged session is).
   */
  async get(startUrl: string): Promise<StoredOidcToken | undefined> {
    const key = oidcTokenKey(startUrl);
    let item;
    try {
      item = await this.#keyring.get(key);
    } catch (error) {
      if (!(error instanceof KeyringItemCorruptError)) throw error;
      await this.#keyring.remove(key);
      return undefined;
    }
    return item ? decodeOidcToken(item.data) : undefined;
  }

  /** Stores the token for `startUrl`, replacing any other; `now` sets its `ExpiresIn`. */
  async set(startUrl: string, token: StoredOidcToken, now: Date): Promise<void> {
    await this.#keyring.set({
      key: oidcTokenKey(startUrl),
      data: encodeOidcToken(token, now),
      label: `aws-vault oidc token for ${startUrl} (expires ${rfc3339(token.expiration)})`,
      description: "aws-vault oidc token",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    });
  }

  /**
   * Deletes the token for `startUrl`; with `accessToken`, only while it is
   * still that one (another process may have stored a new one meanwhile).
   */
  async remove(startUrl: string, accessToken?: string): Promise<boolean> {
    if (accessToken !== undefined) {
      const current = await this.get(startUrl);
      if (current?.accessToken !== accessToken) return false;
    }
    return await this.#keyring.remove(oidcTokenKey(startUrl));
  }
}
