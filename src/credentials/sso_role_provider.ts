/**
 * IAM Identity Center (SSO) role credentials: an access token for the
 * profile's start URL (from the vault, refreshed, or from a new device-code
 * login), then `sso:GetRoleCredentials` for its account and role, in its
 * `sso_region`. When the portal refuses a token that came from the vault
 * (HTTP 401: the session ended), that token is forgotten and the credentials
 * are asked for once more with a renewed one, as aws-vault does.
 *
 * Loaded only when an SSO profile's credentials are not cached.
 *
 * @module
 */

import type { Keyring } from "../../backends/types.ts";
import type { AwsSettings } from "../aws/aws_call.ts";
import {
  sdkSsoFactory,
  SSO_UNAUTHORIZED_CODE,
  type SsoApi,
  type SsoApiFactory,
} from "../aws/sso.ts";
import { sdkSsoOidcFactory, type SsoOidcApiFactory } from "../aws/sso_oidc.ts";
import type { Credentials } from "../aws_credentials.ts";
import { formatGoDuration } from "../config/duration.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError } from "../errors.ts";
import { openUrl } from "../platform/open_url.ts";
import type {
  Clock,
  Env,
  Interrupts,
  Logger,
  OsName,
  Output,
  ProcessRunner,
} from "../platform/types.ts";
import { OidcTokenStore } from "../store/oidc_token_store.ts";
import { maskKeyId } from "./cached_provider.ts";
import { type SessionLock, ssoWaitNotice } from "./session_lock.ts";
import { deviceLogin } from "./sso_device_flow.ts";
import { type SsoAccessToken, SsoTokenSource } from "./sso_token_source.ts";
import type { CredentialProvider } from "./types.ts";

/** The scope asked for when the profile names none: it brings a refresh token. */
export const DEFAULT_SSO_SCOPES: readonly string[] = ["sso:account:access"];

/** What SSO profiles need from the command run. */
export interface SsoDeps {
  keyring: Keyring;
  /** Where the authorization page's link is printed. */
  stderr: Output;
  env: Env;
  interrupts?: Interrupts;
  /** Settings of the SDK calls (endpoints, time limit). */
  aws: AwsSettings;
  /** Replaces the SDK-backed services (tests). */
  apis?: { oidc: SsoOidcApiFactory; portal: SsoApiFactory };
}

/** Everything the provider uses. */
export interface SsoRoleContext {
  sso: SsoDeps;
  proc: ProcessRunner;
  os: OsName;
  clock: Clock;
  log: Logger;
  lock: SessionLock;
}

/** The registration scopes: `sso_registration_scopes` (comma-separated), else the default. */
export function ssoScopes(config: ProfileConfig): readonly string[] {
  const listed = (config.ssoRegistrationScopes ?? "").split(",").map((s) => s.trim())
    .filter((s) => s !== "");
  return listed.length > 0 ? listed : DEFAULT_SSO_SCOPES;
}

/** Calls GetRoleCredentials for a profile. */
export class SsoRoleProvider implements CredentialProvider {
  readonly kind = "sso.GetRoleCredentials";
  readonly #ctx: SsoRoleContext;
  readonly #config: ProfileConfig;

  constructor(ctx: SsoRoleContext, config: ProfileConfig) {
    this.#ctx = ctx;
    this.#config = config;
  }

  #tokenSource(): SsoTokenSource {
    const { sso, clock, log, os, proc } = this.#ctx;
    const config = this.#config;
    const startUrl = config.ssoStartUrl ?? "";
    const oidc = (sso.apis?.oidc ?? sdkSsoOidcFactory(sso.aws))({ config });
    const login = () =>
      deviceLogin({
        oidc,
        clock,
        log,
        stderr: sso.stderr,
        openUrl: (url) => openUrl(url, { env: sso.env, os, proc }),
        interrupts: sso.interrupts,
      }, { startUrl, scopes: ssoScopes(config), useStdout: config.ssoUseStdout });
    const tokens = new OidcTokenStore(sso.keyring);
    const onLongWait = ssoWaitNotice(sso.stderr, startUrl);
    return new SsoTokenSource(
      { tokens, oidc, lock: this.#ctx.lock, clock, log, login, onLongWait },
      startUrl,
    );
  }

  async retrieve(): Promise<Credentials> {
    const { sso, clock, log } = this.#ctx;
    const config = this.#config;
    const portal = (sso.apis?.portal ?? sdkSsoFactory(sso.aws))({ config });
    const tokens = this.#tokenSource();
    let token = await tokens.get();
    let creds: Credentials;
    try {
      creds = await this.#call(portal, token);
    } catch (error) {
      const refused = error instanceof CredentialsError && error.code === SSO_UNAUTHORIZED_CODE;
      if (!refused || !token.cached) throw error;
      log.debug(`profile ${config.profileName}: the cached OIDC token was refused; renewing it`);
      await tokens.reject(token.accessToken);
      token = await tokens.get();
      creds = await this.#call(portal, token);
    }
    const left = (creds.expiration?.getTime() ?? 0) - clock.now().getTime();
    log.debug(
      `Got credentials ${maskKeyId(creds.accessKeyId)} for SSO role ${config.ssoRoleName} ` +
        `(account: ${config.ssoAccountId}), expires in ${
          formatGoDuration(Math.trunc(left / 1000) * 1000)
        }`,
    );
    return creds;
  }

  #call(portal: SsoApi, token: SsoAccessToken): Promise<Credentials> {
    return portal.getRoleCredentials({
      accessToken: token.accessToken,
      accountId: this.#config.ssoAccountId ?? "",
      roleName: this.#config.ssoRoleName ?? "",
    });
  }
}
