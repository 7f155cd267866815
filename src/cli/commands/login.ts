/**
 * `aws-vault login [profile]`: open the AWS console, signed in with the
 * profile's credentials (or, without a profile, the environment's). The
 * profile's chain is built without its own GetSessionToken (the console
 * refuses such sessions); role credentials sign in as they are, other
 * credentials through a federation token. The login URL is a bearer
 * credential: it goes to the OS opener, and is printed only with `--stdout`.
 * The AWS, federation and opener code loads only when the command runs.
 *
 * @module
 */

import { formatGoDuration } from "../../config/duration.ts";
import { CredentialsError, ProcessError, withErrorPrefix } from "../../errors.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { credentialRequest, DURATION, MFA_TOKEN, NO_SESSION, REGION } from "../common_flags.ts";
import type { CommandContext } from "../context.ts";
import {
  assertProfileKnown,
  awsSettings,
  chainContext,
  type CredentialRequest,
  resolveRequest,
} from "../profile_credentials.ts";
import { sdkStsFactory } from "../../aws/sts.ts";
import type { CredentialProvider } from "../../credentials/types.ts";
import { buildProvider } from "../../credentials/chain.ts";
import type { ProfileConfig } from "../../config/profile_config.ts";

/** Options of `login`. */
export interface LoginOptions extends CredentialRequest {
  /** "" when not given: credentials come from the environment. */
  profile: string;
  /** `--path`: the console page to open instead of the home page. */
  path: string;
  /** `-s/--stdout`: print the URL instead of opening it. */
  stdout: boolean;
}

/** The console login module, loaded when `login` runs (its type only is named here). */
type ConsoleLogin = typeof import("../../credentials/console_login.ts");

/** The provider of the credentials to sign in with: the profile's chain, or the environment's. */
async function loginProvider(
  ctx: CommandContext,
  opts: LoginOptions,
  config: ProfileConfig,
  login: ConsoleLogin,
): Promise<CredentialProvider> {
  if (opts.profile === "") {
    const provider = login.environmentProvider(ctx.deps.env);
    if (!provider) throw new CredentialsError(login.NO_PROFILE_MESSAGE);
    return provider;
  }
  await assertProfileKnown(ctx, opts.profile);
  const chain = await chainContext(ctx);
  return await withErrorPrefix(`profile ${opts.profile}`, () =>
    buildProvider(chain, config, {
      noSession: opts.noSession,
      noSessionFor: config.profileName,
    }));
}

/** Runs `login`; returns the exit code. */
export async function runLogin(ctx: CommandContext, opts: LoginOptions): Promise<number> {
  const login = await import("../../credentials/console_login.ts");
  const { consoleTarget, loginUrl, requestSigninToken } = await import("../../aws/federation.ts");
  const { sdkIamFactory } = await import("../../aws/iam.ts");
  const config = await resolveRequest(ctx, opts);
  const settings = awsSettings(ctx);
  const target = consoleTarget(config.region, opts.path, settings.getEnv);
  const provider = await loginProvider(ctx, opts, config, login);
  const credentials = await login.consoleCredentials(
    {
      sts: sdkStsFactory(settings),
      iam: sdkIamFactory(settings),
      log: ctx.log,
      clock: ctx.deps.clock,
    },
    config,
    provider,
  );
  if (credentials.expiration) {
    const left = credentials.expiration.getTime() - ctx.deps.clock.now().getTime();
    ctx.log.debug(
      `Requesting a signin token for session expiring in ${
        formatGoDuration(Math.trunc(left / 1000) * 1000)
      }`,
    );
  }
  const token = await requestSigninToken(target, credentials, {
    log: ctx.log,
    timeoutMs: settings.timeoutMs,
  });
  const url = loginUrl(target, token);
  if (opts.stdout) {
    ctx.deps.io.stdout.write(url + "\n");
    return 0;
  }
  const { openUrl } = await import("../../platform/open_url.ts");
  const failure = await openUrl(url, { env: ctx.deps.env, os: ctx.deps.os, proc: ctx.deps.proc });
  if (failure !== undefined) {
    throw new ProcessError(
      `Failed to open the login URL: ${failure} (use --stdout to print it instead)`,
    );
  }
  return 0;
}

/** `login`: its declaration, options and run. */
export const loginCommand: Command<LoginOptions> = {
  spec: (sources) => ({
    name: "login",
    help: "Generate a login link for the AWS Console.",
    flags: [
      { ...DURATION, help: "Duration of the assume-role or federated session. Defaults to 1h" },
      NO_SESSION,
      MFA_TOKEN,
      { name: "path", kind: "string", help: "The AWS service you would like access" },
      REGION,
      {
        name: "stdout",
        short: "s",
        kind: "bool",
        help: "Print login URL to stdout instead of opening in default browser",
      },
    ],
    args: [{
      name: "profile",
      help: "Name of the profile. If none given, credentials will be sourced from env vars",
      required: false,
      hints: sources.profileHints,
    }],
  }),
  options: (v) => {
    const request = credentialRequest(v);
    const stdout = getBool(v, "stdout");
    return {
      ...request,
      federationTokenDurationMs: request.durationMs,
      path: getString(v, "path"),
      stdout,
    };
  },
  run: runLogin,
};
