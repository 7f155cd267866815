/**
 * The credentials a console login signs in with, decided as aws-vault's
 * `login` decides: role credentials (AssumeRole, web identity, SSO; cached or
 * not, the provider's kind tells) are used as they are. Any other
 * credentials (stored keys, the environment, `credential_process`…) are
 * fetched once and checked with GetCallerIdentity: an assumed role's are used
 * as they are, anything else is traded for a federation token
 * (GetFederationToken, named after the IAM user, with an allow-all policy,
 * so the user's own permissions alone bound it). A federation token is never
 * cached.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import type { IamApi, IamApiFactory } from "../aws/iam.ts";
import type { StsApiFactory } from "../aws/sts.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import type { Clock, Env, Logger } from "../platform/types.ts";
import { logGenerated } from "./session_token_provider.ts";
import { type CredentialProvider, isRoleCredentialKind } from "./types.ts";

/** The federation token's inline policy: it allows what the user's own policies allow. */
export const ALLOW_ALL_POLICY =
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`;

/** GetFederationToken refuses longer names. */
const MAX_FEDERATION_NAME = 32;

/** aws-vault's error when `login` has neither a profile nor credentials in the environment. */
export const NO_PROFILE_MESSAGE =
  "argument 'profile' not provided, nor any AWS env vars found. Try --help";

/** What a console login calls. */
export interface ConsoleLoginContext {
  sts: StsApiFactory;
  iam: IamApiFactory;
  log: Logger;
  clock: Clock;
}

/**
 * Static credentials from the environment, read as the AWS SDK for Go reads
 * them (`AWS_ACCESS_KEY_ID` or `AWS_ACCESS_KEY`, `AWS_SECRET_ACCESS_KEY` or
 * `AWS_SECRET_KEY`, `AWS_SESSION_TOKEN`); undefined without both a key and a secret.
 */
export function environmentProvider(env: Env): CredentialProvider | undefined {
  const get = (...names: string[]) => names.map((n) => env.get(n) ?? "").find((v) => v !== "");
  const accessKeyId = get("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY");
  const secretAccessKey = get("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY");
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = get("AWS_SESSION_TOKEN");
  const creds: Credentials = {
    accessKeyId,
    secretAccessKey,
    ...(sessionToken ? { sessionToken } : {}),
  };
  return { kind: "environment", retrieve: () => Promise.resolve(creds) };
}

/** Whether an ARN is an assumed role's (its 6th `:` field starts with `assumed-role`). */
function isAssumedRole(arn: string): boolean {
  const fields = arn.split(":");
  if (fields.length < 6) throw new CredentialsError(`unable to parse ARN: ${arn}`);
  return fields[5].startsWith("assumed-role");
}

/**
 * The IAM user's name for the federation token: `iam:GetUser`'s answer, or,
 * when GetUser is denied, the name AWS quotes in the denial (the last part
 * of its path), as aws-vault does.
 */
async function federationName(iam: IamApi): Promise<string> {
  try {
    return await iam.getUserName();
  } catch (error) {
    const denied = /AccessDenied: User: arn:[\w-]+:iam::\d+:user\/(\S+) is not/.exec(
      messageOf(error),
    );
    if (denied) return denied[1].split("/").at(-1)!;
    throw error;
  }
}

/** The credentials to sign in to the console with, for `config`'s `provider`. */
export async function consoleCredentials(
  ctx: ConsoleLoginContext,
  config: ProfileConfig,
  provider: CredentialProvider,
): Promise<Credentials> {
  if (isRoleCredentialKind(provider.kind)) return await provider.retrieve();
  const credentials = await provider.retrieve();
  const sts = ctx.sts({ config, credentials });
  if (isAssumedRole((await sts.getCallerIdentity()).arn)) return credentials;
  ctx.log.debug("Creating a federated session");
  const name = await federationName(ctx.iam({ config, credentials }));
  ctx.log.debug("Using GetFederationToken for credentials");
  const federated = await sts.getFederationToken({
    name: name.slice(0, MAX_FEDERATION_NAME),
    durationSeconds: Math.trunc(config.getFederationTokenDurationMs / 1000),
    policy: ALLOW_ALL_POLICY,
  });
  logGenerated(ctx, federated, "GetFederationToken");
  return federated;
}
