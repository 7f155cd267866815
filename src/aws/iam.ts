/**
 * A thin wrapper around `@aws-sdk/client-iam` for `rotate` and `login`, loaded with
 * `await import()` on the first call only.
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import { type AwsSettings, type AwsTarget, sdkSender } from "./aws_call.ts";

/** The IAM client package, loaded on the first call (its types only are named here). */
type IamSdk = typeof import("@aws-sdk/client-iam");

/** A new access key. */
export interface NewAccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The IAM operations `rotate` and `login` use. `userName` omitted = the calling user. */
export interface IamApi {
  /**
   * The calling user's name (`iam:GetUser` without a user name): its user
   * name, else the last `:` field of its ARN (`root` for the root user).
   */
  getUserName(): Promise<string>;
  createAccessKey(userName?: string): Promise<NewAccessKey>;
  deleteAccessKey(accessKeyId: string, userName?: string): Promise<void>;
}

/** Makes an {@linkcode IamApi} for a target. */
export type IamApiFactory = (target: AwsTarget) => IamApi;

/** The real factory, on the AWS SDK. */
export function sdkIamFactory(settings: AwsSettings): IamApiFactory {
  return (target) => {
    const profile = target.config.profileName;
    const send = sdkSender(settings, target, {
      service: "iam",
      label: "IAM",
      packageName: "@aws-sdk/client-iam",
      client: (sdk: IamSdk, config) => new sdk.IAMClient(config),
    });
    const user = (userName?: string) => (userName ? { UserName: userName } : {});
    return {
      async getUserName() {
        const out = await send(
          "iam.GetUser",
          (sdk, client, abortSignal) => client.send(new sdk.GetUserCommand({}), { abortSignal }),
        );
        // The root user has an ARN (`arn:aws:iam::<account>:root`) but no user name.
        const name = out.User?.UserName || out.User?.Arn?.split(":").at(-1);
        if (!name) throw new CredentialsError(`profile ${profile}: iam.GetUser returned no user`);
        return name;
      },
      async createAccessKey(userName) {
        const out = await send(
          "iam.CreateAccessKey",
          (sdk, client, abortSignal) =>
            client.send(new sdk.CreateAccessKeyCommand(user(userName)), { abortSignal }),
        );
        const key = out.AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) {
          throw new CredentialsError(`profile ${profile}: iam.CreateAccessKey returned no key`);
        }
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      },
      async deleteAccessKey(accessKeyId, userName) {
        await send(
          "iam.DeleteAccessKey",
          (sdk, client, abortSignal) =>
            client.send(
              new sdk.DeleteAccessKeyCommand({ AccessKeyId: accessKeyId, ...user(userName) }),
              { abortSignal },
            ),
        );
      },
    };
  };
}
