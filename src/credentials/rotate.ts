/**
 * `rotate`: replace a profile's stored access key in aws-vault's order:
 * create a new key, store it, delete the chain's cached sessions, then delete
 * the old key, retrying while AWS does not yet accept it. If any step fails
 * the vault still holds a key that works and the error says what state AWS
 * and the vault are in.
 *
 * Where we differ from aws-vault, deliberately: the stored keys are found
 * along the whole `source_profile` chain (aws-vault looks one level deep);
 * `--no-session` signs with those keys (aws-vault reads keys stored under the
 * requested profile's name, which fails for role profiles); for a role
 * profile the IAM user name comes from `sts:GetCallerIdentity` with the
 * stored keys (aws-vault's `iam:GetUser` with role credentials rarely works).
 *
 * @module
 */

import type { IamApiFactory, NewAccessKey } from "../aws/iam.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError, messageOf, withErrorPrefix } from "../errors.ts";
import { maskKeyId } from "./cached_provider.ts";
import { buildProvider, type ChainContext } from "./chain.ts";
import type { Credentials } from "../aws_credentials.ts";

/** DeleteAccessKey is retried this often... */
export const DELETE_RETRY_INTERVAL_MS = 2_000;
/** ...until this much time has passed. */
export const DELETE_RETRY_LIMIT_MS = 20_000;

/** What `rotate` needs. */
export interface RotateContext {
  chain: ChainContext;
  iam: IamApiFactory;
  /** Prints one line of progress (stdout). */
  print: (line: string) => void;
}

/** The profile along the `source_profile` chain whose keys are stored. */
async function findMaster(ctx: RotateContext, config: ProfileConfig): Promise<ProfileConfig> {
  for (let p: ProfileConfig | undefined = config; p; p = p.sourceProfile) {
    if (await ctx.chain.store.has(p.profileName)) return p;
  }
  throw new CredentialsError(
    `Error determining credential name for '${config.profileName}': No master credentials found`,
  );
}

async function userNameFor(
  ctx: RotateContext,
  master: ProfileConfig,
  keys: Credentials,
): Promise<string> {
  let arn: string;
  try {
    arn = (await ctx.chain.sts({ config: master, credentials: keys }).getCallerIdentity()).arn;
  } catch (error) {
    throw new CredentialsError(`Error getting IAM username from session: ${messageOf(error)}`, {
      cause: error,
    });
  }
  const m = /^arn:[^:]+:iam::\d+:user\/(?:.*\/)?([^/]+)$/.exec(arn);
  if (!m) {
    throw new CredentialsError(
      `Error getting IAM username from session: "${arn}" is not an IAM user`,
    );
  }
  ctx.chain.log.debug(`Found IAM username '${m[1]}'`);
  return m[1];
}

async function deleteOldKey(
  ctx: RotateContext,
  del: () => Promise<void>,
  oldKey: string,
  newKey: string,
): Promise<void> {
  const { clock } = ctx.chain;
  const start = clock.now().getTime();
  for (let attempts = 1;; attempts++) {
    try {
      await del();
      return;
    } catch (error) {
      if (clock.now().getTime() - start > DELETE_RETRY_LIMIT_MS) {
        throw new CredentialsError(
          `Can't delete old access key ${maskKeyId(oldKey)}: After ${attempts} attempts, ` +
            `last error: ${messageOf(error)}. The vault holds the new access key ${
              maskKeyId(newKey)
            }, which works; the old key ${maskKeyId(oldKey)} is still active in AWS: ` +
            "delete it with `aws iam delete-access-key`",
          { cause: error },
        );
      }
      await clock.sleep(DELETE_RETRY_INTERVAL_MS);
      ctx.chain.log.debug(`Retrying after error: ${messageOf(error)}`);
    }
  }
}

async function storeNewKey(
  ctx: RotateContext,
  master: string,
  key: NewAccessKey,
  undo: () => Promise<void>,
  oldKey: string,
): Promise<void> {
  try {
    await ctx.chain.store.set(master, key);
  } catch (error) {
    const why = messageOf(error);
    const kept = `the vault still holds the old access key ${maskKeyId(oldKey)}, which works`;
    try {
      await undo();
    } catch (undoError) {
      throw new CredentialsError(
        `Can't store the new access key ${maskKeyId(key.accessKeyId)} in the vault: ${why}; ` +
          `${kept}; deleting the new key from AWS failed too (${messageOf(undoError)}): ` +
          "delete it with `aws iam delete-access-key`",
        { cause: error },
      );
    }
    throw new CredentialsError(
      `Can't store the new access key ${
        maskKeyId(key.accessKeyId)
      } in the vault: ${why}; it was deleted from AWS again and ${kept}`,
      { cause: error },
    );
  }
}

/** Rotates the access key stored for `config` (or for its source). */
export async function rotateAccessKey(
  ctx: RotateContext,
  config: ProfileConfig,
  opts: { noSession: boolean },
): Promise<void> {
  const master = await findMaster(ctx, config);
  const masterName = master.profileName;
  ctx.print(
    opts.noSession
      ? `Rotating credentials stored for profile '${masterName}' using master credentials (takes 10-20 seconds)`
      : `Rotating credentials stored for profile '${masterName}' using a session from profile '${config.profileName}' (takes 10-20 seconds)`,
  );
  const oldCreds = await ctx.chain.store.get(masterName);
  if (!oldCreds) throw new CredentialsError(`No credentials are stored for "${masterName}"`);
  const oldKey = oldCreds.accessKeyId;
  const unchanged = `nothing was changed: the vault still holds access key ${maskKeyId(oldKey)}`;

  ctx.print("Creating a new access key");
  let calling: Credentials;
  let userName: string | undefined;
  try {
    if (opts.noSession) calling = oldCreds;
    else {
      const provider = await withErrorPrefix(
        "Error getting temporary credentials",
        () => buildProvider(ctx.chain, config, { noSession: false, disableCache: true }),
      );
      calling = await provider.retrieve();
    }
    if (!opts.noSession && config.roleArn !== undefined) {
      userName = await userNameFor(ctx, master, oldCreds);
    }
  } catch (error) {
    throw new CredentialsError(`${messageOf(error)}; ${unchanged}`, { cause: error });
  }
  const iam = ctx.iam({ config: opts.noSession ? master : config, credentials: calling });
  let newKey: NewAccessKey;
  try {
    newKey = await iam.createAccessKey(userName);
  } catch (error) {
    throw new CredentialsError(`Can't create a new access key: ${messageOf(error)}; ${unchanged}`, {
      cause: error,
    });
  }
  ctx.print(`Created new access key ${maskKeyId(newKey.accessKeyId)}`);

  await storeNewKey(
    ctx,
    masterName,
    newKey,
    () => iam.deleteAccessKey(newKey.accessKeyId, userName),
    oldKey,
  );

  for (let p: ProfileConfig | undefined = config; p; p = p.sourceProfile) {
    const n = await ctx.chain.sessions.deleteForProfile(p.profileName);
    if (n > 0) ctx.print(`Deleted ${n} sessions for ${p.profileName}`);
  }

  ctx.print(`Deleting old access key ${maskKeyId(oldKey)}`);
  await deleteOldKey(
    ctx,
    () => iam.deleteAccessKey(oldKey, userName),
    oldKey,
    newKey.accessKeyId,
  );
  ctx.print(`Deleted old access key ${maskKeyId(oldKey)}`);
  ctx.print("Finished rotating access key");
}
