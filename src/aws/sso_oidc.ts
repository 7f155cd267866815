/**
 * A thin wrapper around `@aws-sdk/client-sso-oidc` (IAM Identity Center's
 * OAuth service), loaded with `await import()` on the first call only: client
 * registration, device authorization, and the two token grants (device code,
 * refresh token). Every call is unsigned.
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import { type AwsSettings, type AwsTarget, sdkSender } from "./aws_call.ts";
import { awsErrorName } from "./sdk_errors.ts";

/** The SSO OIDC client package, loaded on the first call (its types only are named here). */
type SsoOidcSdk = typeof import("@aws-sdk/client-sso-oidc");

/** A registered OIDC client; its secret is a credential. */
export interface OidcClient {
  clientId: string;
  clientSecret: string;
  /** When the registration ends (refresh grants then fail); absent when not said. */
  expiresAt?: Date;
}

/** A started device authorization: what the user confirms in the browser. */
export interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** The page with the user code filled in. */
  verificationUriComplete: string;
  expiresInSeconds: number;
  /** Seconds between token requests; absent when not said. */
  intervalSeconds?: number;
}

/** An access token and what came with it. */
export interface OidcToken {
  accessToken: string;
  tokenType?: string;
  expiresInSeconds: number;
  refreshToken?: string;
  idToken?: string;
}

/** One poll of the device code grant: the token, or wait (longer, for `slow_down`). */
export type DevicePoll =
  | { status: "token"; token: OidcToken }
  | { status: "pending" }
  | { status: "slow_down" };

/** The SSO OIDC operations used for a login. */
export interface SsoOidcApi {
  registerClient(req: { clientName: string; scopes: readonly string[] }): Promise<OidcClient>;
  startDeviceAuthorization(client: OidcClient, startUrl: string): Promise<DeviceAuthorization>;
  /** CreateToken with the device code grant. */
  pollDeviceToken(client: OidcClient, deviceCode: string): Promise<DevicePoll>;
  /** CreateToken with the refresh token grant. */
  refreshToken(client: OidcClient, refreshToken: string): Promise<OidcToken>;
}

/** Makes an {@linkcode SsoOidcApi} for a target (its `sso_region` and endpoints). */
export type SsoOidcApiFactory = (target: AwsTarget) => SsoOidcApi;

/**
 * The OIDC errors that answer a grant the service will never accept as
 * sent (an expired or redeemed code or refresh token, an ended session, an
 * unknown or expired client): asking again cannot help.
 */
const REJECTIONS: ReadonlySet<string> = new Set([
  "AccessDeniedException",
  "ExpiredTokenException",
  "InvalidClientException",
  "InvalidGrantException",
  "InvalidRequestException",
  "InvalidScopeException",
  "UnauthorizedClientException",
  "UnsupportedGrantTypeException",
]);

/** The code of {@linkcode OidcRejectedError}. */
export const OIDC_REJECTED_CODE = "SSO_OIDC_REJECTED";

/** The OIDC service refused a request for good (see the rejections above); `reason` is its error name. */
export class OidcRejectedError extends CredentialsError {
  override readonly name: string = "OidcRejectedError";
  readonly reason: string;
  constructor(reason: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, code: OIDC_REJECTED_CODE });
    this.reason = reason;
  }
}

function rejection(error: unknown): unknown {
  const name = awsErrorName(error);
  if (name === undefined || !REJECTIONS.has(name) || !(error instanceof CredentialsError)) {
    return error;
  }
  return new OidcRejectedError(name, error.message, { cause: error.cause });
}

/** A request made as the registered client: its credentials and `fields`. */
function asClient<F extends object>(client: OidcClient, fields: F) {
  return { clientId: client.clientId, clientSecret: client.clientSecret, ...fields };
}

interface SdkToken {
  accessToken?: string;
  tokenType?: string;
  expiresIn?: number;
  refreshToken?: string;
  idToken?: string;
}

/** The real factory, on the AWS SDK. */
export function sdkSsoOidcFactory(settings: AwsSettings): SsoOidcApiFactory {
  return (target) => {
    const profile = target.config.profileName;
    const sender = sdkSender(settings, { config: target.config }, {
      service: "sso-oidc",
      label: "SSO OIDC",
      packageName: "@aws-sdk/client-sso-oidc",
      client: (sdk: SsoOidcSdk, config) => new sdk.SSOOIDCClient(config),
    });
    // Every failure is reported as the OIDC service's own rejection where it is one.
    const send: typeof sender = (op, call, options) =>
      sender(op, call, options).catch((error) => Promise.reject(rejection(error)));
    const missing = (op: string, what: string) =>
      new CredentialsError(`profile ${profile}: ${op} returned no ${what}`);
    const toToken = (op: string, out: SdkToken): OidcToken => {
      if (!out.accessToken) throw missing(op, "access token");
      return {
        accessToken: out.accessToken,
        expiresInSeconds: out.expiresIn ?? 0,
        ...(out.tokenType ? { tokenType: out.tokenType } : {}),
        ...(out.refreshToken ? { refreshToken: out.refreshToken } : {}),
        ...(out.idToken ? { idToken: out.idToken } : {}),
      };
    };
    const createToken = "sso-oidc.CreateToken";
    return {
      async registerClient(req) {
        const op = "sso-oidc.RegisterClient";
        const input = {
          clientName: req.clientName,
          clientType: "public",
          ...(req.scopes.length > 0 ? { scopes: [...req.scopes] } : {}),
        };
        const out = await send(
          op,
          (sdk, client, abortSignal) =>
            client.send(new sdk.RegisterClientCommand(input), { abortSignal }),
        );
        if (!out.clientId || !out.clientSecret) throw missing(op, "client");
        return {
          clientId: out.clientId,
          clientSecret: out.clientSecret,
          ...(out.clientSecretExpiresAt
            ? { expiresAt: new Date(out.clientSecretExpiresAt * 1000) }
            : {}),
        };
      },
      async startDeviceAuthorization(client, startUrl) {
        const op = "sso-oidc.StartDeviceAuthorization";
        const input = asClient(client, { startUrl });
        const out = await send(
          op,
          (sdk, c, abortSignal) =>
            c.send(new sdk.StartDeviceAuthorizationCommand(input), { abortSignal }),
        );
        if (!out.deviceCode || !out.verificationUriComplete) throw missing(op, "device code");
        return {
          deviceCode: out.deviceCode,
          userCode: out.userCode ?? "",
          verificationUri: out.verificationUri ?? out.verificationUriComplete,
          verificationUriComplete: out.verificationUriComplete,
          expiresInSeconds: out.expiresIn ?? 0,
          ...(out.interval ? { intervalSeconds: out.interval } : {}),
        };
      },
      async pollDeviceToken(client, deviceCode) {
        const input = asClient(client, {
          grantType: "urn:ietf:params:oauth:grant-type:device_code",
          deviceCode,
        });
        // Waiting answers are expected, not failures: they come back as values.
        const out = await send(
          createToken,
          async (sdk, c, abortSignal): Promise<SdkToken | DevicePoll> => {
            try {
              return await c.send(new sdk.CreateTokenCommand(input), { abortSignal });
            } catch (error) {
              const name = awsErrorName(error);
              if (name === "AuthorizationPendingException") return { status: "pending" };
              if (name === "SlowDownException") return { status: "slow_down" };
              throw error;
            }
          },
          { quiet: true },
        );
        if ("status" in out) return out;
        return { status: "token", token: toToken(createToken, out) };
      },
      async refreshToken(client, refreshToken) {
        const input = asClient(client, { grantType: "refresh_token", refreshToken });
        const out = await send(
          createToken,
          (sdk, c, abortSignal) => c.send(new sdk.CreateTokenCommand(input), { abortSignal }),
        );
        return toToken(createToken, out);
      },
    };
  };
}
