/**
 * A thin wrapper around `@aws-sdk/client-sts`, which is loaded with
 * `await import()` on the first call only, so that runs served from the
 * session cache never load the SDK.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { CredentialsError } from "../errors.ts";
import { type AwsSettings, type AwsTarget, sdkSender } from "./aws_call.ts";

/** The STS client package, loaded on the first call (its types only are named here). */
type StsSdk = typeof import("@aws-sdk/client-sts");

export type { AwsTarget };

/** The one timestamp in the credentials STS answers with. */
const EXPIRATION = { timestampField: "Expiration" };

/** GetSessionToken parameters. */
export interface SessionTokenRequest {
  durationSeconds: number;
  serialNumber?: string;
  tokenCode?: string;
}

/** AssumeRole parameters: what aws-vault sends from the profile and the environment. */
export interface AssumeRoleRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  externalId?: string;
  serialNumber?: string;
  tokenCode?: string;
  tags?: ReadonlyMap<string, string>;
  transitiveTagKeys?: readonly string[];
  sourceIdentity?: string;
}

/** AssumeRoleWithWebIdentity parameters, from `web_identity_token_file` or its process. */
export interface WebIdentityRequest {
  roleArn: string;
  roleSessionName: string;
  durationSeconds: number;
  webIdentityToken: string;
}

/** GetFederationToken parameters (for `login`). */
export interface FederationTokenRequest {
  /** The federated user's name: at most 32 characters. */
  name: string;
  durationSeconds: number;
  /** An inline session policy (JSON). */
  policy: string;
}

/** GetCallerIdentity's answer. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/** The STS operations aws-vault uses, for one profile and one set of calling credentials. */
export interface StsApi {
  getSessionToken(req: SessionTokenRequest): Promise<Credentials>;
  assumeRole(req: AssumeRoleRequest): Promise<Credentials>;
  /** Unsigned: needs no calling credentials. */
  assumeRoleWithWebIdentity(req: WebIdentityRequest): Promise<Credentials>;
  getCallerIdentity(): Promise<CallerIdentity>;
  getFederationToken(req: FederationTokenRequest): Promise<Credentials>;
}

/** Makes an {@linkcode StsApi} for a target. */
export type StsApiFactory = (target: AwsTarget) => StsApi;

/** Credentials as the SDK gives them. */
export interface SdkCredentials {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/** STS-shaped credentials from an answer; a missing key or secret is an error naming the call. */
export function toCredentials(
  profile: string,
  operation: string,
  c?: SdkCredentials,
): Credentials {
  if (!c?.AccessKeyId || !c.SecretAccessKey) {
    throw new CredentialsError(`profile ${profile}: ${operation} returned no credentials`);
  }
  const creds: Credentials = { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey };
  if (c.SessionToken) creds.sessionToken = c.SessionToken;
  if (c.Expiration) creds.expiration = new Date(c.Expiration);
  return creds;
}

/** The real factory, on the AWS SDK. */
export function sdkStsFactory(settings: AwsSettings): StsApiFactory {
  return (target) => {
    const profile = target.config.profileName;
    const send = sdkSender(settings, target, {
      service: "sts",
      label: "STS",
      packageName: "@aws-sdk/client-sts",
      client: (sdk: StsSdk, config) => new sdk.STSClient(config),
    });
    return {
      async getSessionToken(req) {
        const op = "sts.GetSessionToken";
        const input = {
          DurationSeconds: req.durationSeconds,
          ...(req.serialNumber ? { SerialNumber: req.serialNumber, TokenCode: req.tokenCode } : {}),
        };
        const out = await send(
          op,
          (sdk, client, abortSignal) =>
            client.send(new sdk.GetSessionTokenCommand(input), { abortSignal }),
          EXPIRATION,
        );
        return toCredentials(profile, op, out.Credentials);
      },
      async assumeRole(req) {
        const op = "sts.AssumeRole";
        const input = {
          RoleArn: req.roleArn,
          RoleSessionName: req.roleSessionName,
          DurationSeconds: req.durationSeconds,
          ...(req.externalId ? { ExternalId: req.externalId } : {}),
          ...(req.serialNumber ? { SerialNumber: req.serialNumber, TokenCode: req.tokenCode } : {}),
          ...(req.tags && req.tags.size > 0
            ? { Tags: [...req.tags].map(([Key, Value]) => ({ Key, Value })) }
            : {}),
          ...(req.transitiveTagKeys && req.transitiveTagKeys.length > 0
            ? { TransitiveTagKeys: [...req.transitiveTagKeys] }
            : {}),
          ...(req.sourceIdentity ? { SourceIdentity: req.sourceIdentity } : {}),
        };
        const out = await send(
          op,
          (sdk, client, abortSignal) =>
            client.send(new sdk.AssumeRoleCommand(input), { abortSignal }),
          EXPIRATION,
        );
        return toCredentials(profile, op, out.Credentials);
      },
      async assumeRoleWithWebIdentity(req) {
        const op = "sts.AssumeRoleWithWebIdentity";
        const input = {
          RoleArn: req.roleArn,
          RoleSessionName: req.roleSessionName,
          DurationSeconds: req.durationSeconds,
          WebIdentityToken: req.webIdentityToken,
        };
        const out = await send(
          op,
          (sdk, client, abortSignal) =>
            client.send(new sdk.AssumeRoleWithWebIdentityCommand(input), { abortSignal }),
          EXPIRATION,
        );
        return toCredentials(profile, op, out.Credentials);
      },
      async getCallerIdentity() {
        const out = await send(
          "sts.GetCallerIdentity",
          (sdk, client, abortSignal) =>
            client.send(new sdk.GetCallerIdentityCommand({}), { abortSignal }),
        );
        return { account: out.Account ?? "", arn: out.Arn ?? "", userId: out.UserId ?? "" };
      },
      async getFederationToken(req) {
        const op = "sts.GetFederationToken";
        const input = { Name: req.name, DurationSeconds: req.durationSeconds, Policy: req.policy };
        const out = await send(
          op,
          (sdk, client, abortSignal) =>
            client.send(new sdk.GetFederationTokenCommand(input), { abortSignal }),
          EXPIRATION,
        );
        return toCredentials(profile, op, out.Credentials);
      },
    };
  };
}
