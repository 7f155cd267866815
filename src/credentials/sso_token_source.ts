/**
 * The IAM Identity Center access token for a start URL, from the vault
 * when it is good, else renewed under a cross-process lock so that parallel
 * callers share one renewal: refreshed with its refresh token when it has one
 * (no browser), else by a new device-code login (one browser tab for all).
 *
 * A token close to its end (within the AWS CLI's 15-minute window) is
 * refreshed early when it can be; a refresh that fails leaves a still valid
 * token in use; a refresh the service rejects (an ended session) leads to a
 * new login, while a failure of the endpoint keeps the refresh token for the
 * next try.
 *
 * @module
 */

import type { OidcClient, OidcToken, SsoOidcApi } from "../aws/sso_oidc.ts";
import { OidcRejectedError } from "../aws/sso_oidc.ts";
import { formatGoDuration } from "../config/duration.ts";
import { messageOf } from "../errors.ts";
import type { Clock, Logger } from "../platform/types.ts";
import type { OidcTokenStore, StoredOidcToken } from "../store/oidc_token_store.ts";
import { type SessionLock, SSO_LOGIN_WAIT_MS } from "./session_lock.ts";

/** A refreshable token is refreshed once it has less than this left (as the AWS CLI does). */
export const REFRESH_WINDOW_MS = 15 * 60_000;

/** What the token source needs. */
export interface SsoTokenContext {
  tokens: OidcTokenStore;
  oidc: SsoOidcApi;
  lock: SessionLock;
  clock: Clock;
  log: Logger;
  /** A new device-code login for the start URL. */
  login: () => Promise<{ token: OidcToken; client: OidcClient }>;
  /** Called once when this process has waited a while for another one's login. */
  onLongWait?: () => void;
}

/** An access token, and whether it came from the vault (a 401 may then mean it is stale). */
export interface SsoAccessToken {
  accessToken: string;
  cached: boolean;
}

function canRefresh(token: StoredOidcToken, now: Date): boolean {
  const client = token.client;
  if (!token.refreshToken || !client) return false;
  return client.expiresAt === undefined || client.expiresAt.getTime() > now.getTime();
}

function leftMs(token: StoredOidcToken, now: Date): number {
  return token.expiration.getTime() - now.getTime();
}

/** Whether `token` is used as it is: not expired, and not due for an early refresh. */
function usable(token: StoredOidcToken, now: Date): boolean {
  const left = leftMs(token, now);
  return left > 0 && !(left < REFRESH_WINDOW_MS && canRefresh(token, now));
}

/** The access token of one start URL. */
export class SsoTokenSource {
  readonly #ctx: SsoTokenContext;
  readonly #startUrl: string;

  constructor(ctx: SsoTokenContext, startUrl: string) {
    this.#ctx = ctx;
    this.#startUrl = startUrl;
  }

  #lock<T>(fn: () => Promise<T>): Promise<T> {
    const url = this.#startUrl;
    return this.#ctx.lock(`oidc:${url}`, `the SSO token for ${url}`, fn, {
      waitMs: SSO_LOGIN_WAIT_MS,
      onLongWait: this.#ctx.onLongWait,
    });
  }

  #reuse(token: StoredOidcToken): SsoAccessToken {
    const left = formatGoDuration(Math.trunc(leftMs(token, this.#ctx.clock.now()) / 1000) * 1000);
    this.#ctx.log.debug(`Re-using cached OIDC token for ${this.#startUrl}, expires in ${left}`);
    return { accessToken: token.accessToken, cached: true };
  }

  /** The token from the vault when it is good, else a refreshed or new one (stored). */
  async get(): Promise<SsoAccessToken> {
    const stored = await this.#ctx.tokens.get(this.#startUrl);
    if (stored && usable(stored, this.#ctx.clock.now())) return this.#reuse(stored);
    return await this.#lock(() => this.#renew());
  }

  /** Forgets `accessToken` (the portal refused it) unless another process has replaced it already. */
  async reject(accessToken: string): Promise<void> {
    await this.#lock(async () => {
      if (await this.#ctx.tokens.remove(this.#startUrl, accessToken)) {
        this.#ctx.log.debug(`Removed the refused OIDC token for ${this.#startUrl}`);
      }
    });
  }

  async #store(token: OidcToken, client: OidcClient, previous?: StoredOidcToken) {
    const now = this.#ctx.clock.now();
    const refreshToken = token.refreshToken ?? previous?.refreshToken;
    await this.#ctx.tokens.set(this.#startUrl, {
      accessToken: token.accessToken,
      expiration: new Date(now.getTime() + token.expiresInSeconds * 1000),
      ...(token.tokenType ? { tokenType: token.tokenType } : {}),
      ...(refreshToken ? { refreshToken } : {}),
      ...(token.idToken ? { idToken: token.idToken } : {}),
      client,
    }, now);
    return { accessToken: token.accessToken, cached: false };
  }

  async #renew(): Promise<SsoAccessToken> {
    const { tokens, clock, log } = this.#ctx;
    const url = this.#startUrl;
    // Another process may have renewed it while this one waited.
    const stored = await tokens.get(url);
    if (stored && usable(stored, clock.now())) return this.#reuse(stored);
    if (stored && canRefresh(stored, clock.now())) {
      try {
        const client = stored.client as OidcClient;
        const token = await this.#ctx.oidc.refreshToken(client, stored.refreshToken as string);
        log.debug(
          `Refreshed OIDC access token for ${url} (expires in: ${token.expiresInSeconds}s)`,
        );
        return await this.#store(token, client, stored);
      } catch (error) {
        if (leftMs(stored, clock.now()) > 0) {
          log.debug(
            `Refreshing the OIDC token for ${url} failed; using it while it lasts: ${
              messageOf(error)
            }`,
          );
          return { accessToken: stored.accessToken, cached: true };
        }
        // An endpoint that failed may answer the next time: the refresh token is kept.
        if (!(error instanceof OidcRejectedError)) throw error;
        log.debug(`Refreshing the OIDC token for ${url} was rejected: ${messageOf(error)}`);
        // A refresh token is good once: someone else (aws-vault) may have used it first.
        const current = await tokens.get(url);
        if (current && current.accessToken !== stored.accessToken && usable(current, clock.now())) {
          return this.#reuse(current);
        }
      }
    }
    if (stored) {
      log.debug(`OIDC token for ${url} expired, removing`);
      await tokens.remove(url, stored.accessToken);
    }
    const { token, client } = await this.#ctx.login();
    return await this.#store(token, client);
  }
}
