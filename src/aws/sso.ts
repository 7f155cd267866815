/**
 * A thin wrapper around `@aws-sdk/client-sso` (the IAM Identity Center
 * portal), loaded with `await import()` on the first call only: role
 * credentials for an access token. The call is unsigned; the token travels
 * in its own header.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { CredentialsError } from "../errors.ts";
import { type AwsSettings, type AwsTarget, sdkSender } from "./aws_call.ts";
import { awsErrorStatus } from "./sdk_errors.ts";
import { toCredentials } from "./sts.ts";

/** The SSO client package, loaded on the first call (its types only are named here). */
type SsoSdk = typeof import("@aws-sdk/client-sso");

/** GetRoleCredentials parameters. */
export interface RoleCredentialsRequest {
  accessToken: string;
  accountId: string;
  roleName: string;
}

/** The SSO portal operation aws-vault uses. */
export interface SsoApi {
  /** Throws a {@linkcode CredentialsError} coded {@linkcode SSO_UNAUTHORIZED_CODE} when the token is refused. */
  getRoleCredentials(req: RoleCredentialsRequest): Promise<Credentials>;
}

/** Makes an {@linkcode SsoApi} for a target (its `sso_region` and endpoints). */
export type SsoApiFactory = (target: AwsTarget) => SsoApi;

/** The code of the error for an access token the portal refused (HTTP 401). */
export const SSO_UNAUTHORIZED_CODE = "SSO_UNAUTHORIZED";

/** The real factory, on the AWS SDK. */
export function sdkSsoFactory(settings: AwsSettings): SsoApiFactory {
  return (target) => {
    const profile = target.config.profileName;
    const send = sdkSender(settings, { config: target.config }, {
      service: "sso",
      label: "SSO",
      packageName: "@aws-sdk/client-sso",
      client: (sdk: SsoSdk, config) => new sdk.SSOClient(config),
    });
    return {
      async getRoleCredentials(req) {
        const op = "sso.GetRoleCredentials";
        const input = {
          accessToken: req.accessToken,
          accountId: req.accountId,
          roleName: req.roleName,
        };
        let out;
        try {
          out = await send(
            op,
            (sdk, client, abortSignal) =>
              client.send(new sdk.GetRoleCredentialsCommand(input), { abortSignal }),
          );
        } catch (error) {
          if (error instanceof CredentialsError && awsErrorStatus(error) === 401) {
            throw new CredentialsError(error.message, {
              cause: error.cause,
              code: SSO_UNAUTHORIZED_CODE,
            });
          }
          throw error;
        }
        const c = out.roleCredentials;
        // The portal gives the expiry in milliseconds since the epoch.
        return toCredentials(profile, op, {
          AccessKeyId: c?.accessKeyId,
          SecretAccessKey: c?.secretAccessKey,
          SessionToken: c?.sessionToken,
          Expiration: c?.expiration ? new Date(c.expiration) : undefined,
        });
      },
    };
  };
}
