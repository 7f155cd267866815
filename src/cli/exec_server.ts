/**
 * `exec` with a credential server (`--ecs-server`, `--ec2-server`): the flag
 * conflicts aws-vault refuses, in its order, and the run itself: the server
 * serves the profile's credentials for exactly as long as the command runs,
 * and the command's exit status is returned. The command always runs as a
 * child (never through `execve`), with the signal relay of
 * `ProcessRunner.runInherited`.
 *
 * MFA: without `--prompt`, a driver other than `terminal` is chosen when one
 * is available. When none is, the code is asked on the terminal before the
 * command starts (aws-vault refuses to start instead); once the command runs
 * it owns the terminal, and a refresh that needs a new code fails with an
 * error naming the ways out.
 *
 * @module
 */

import { isRoleCredentialKind } from "../credentials/types.ts";
import { AwsVaultError, withErrorPrefix } from "../errors.ts";
import { buildChildEnv } from "../output/child_env.ts";
import type { CredentialServerStarter } from "../server/credential_server.ts";
import { RefreshingCredentials } from "../server/refreshing_credentials.ts";
import type { CommandContext } from "./context.ts";
import {
  type CredentialRequest,
  profileCredentialSource,
  refuseExpired,
} from "./profile_credentials.ts";

/** The `exec` flags that take part in the server modes' conflicts. */
export interface ServerFlags {
  ecsServer: boolean;
  ec2Server: boolean;
  json: boolean;
  noSession: boolean;
}

/**
 * Throws aws-vault's error for the first conflict among the server flags;
 * `prompt` is `--prompt` (or `AWS_VAULT_PROMPT`), "" when not given.
 */
export function checkServerFlags(flags: ServerFlags, prompt: string): void {
  const terminal = prompt === "terminal";
  const conflicts: [boolean, string][] = [
    [flags.ec2Server && flags.ecsServer, "Can't use --ec2-server with --ecs-server"],
    [flags.ec2Server && flags.json, "Can't use --ec2-server with --json"],
    [flags.ec2Server && flags.noSession, "Can't use --ec2-server with --no-session"],
    [flags.ecsServer && flags.json, "Can't use --ecs-server with --json"],
    [flags.ecsServer && flags.noSession, "Can't use --ecs-server with --no-session"],
    [
      flags.ecsServer && terminal,
      "Can't use --prompt=terminal with --ecs-server. Specify a different prompt driver",
    ],
    [
      flags.ec2Server && terminal,
      "Can't use --prompt=terminal with --ec2-server. Specify a different prompt driver",
    ],
  ];
  const conflict = conflicts.find(([applies]) => applies);
  if (conflict) throw new AwsVaultError("FLAG_CONFLICT", conflict[1]);
}

/** How {@linkcode runWithCredentialServer} runs the command. */
export interface ServerRunOptions extends CredentialRequest {
  /** `--lazy`: fetch no credentials before the command starts. */
  lazy: boolean;
  /** Shown (as `exec` shows help messages) before the server starts. */
  startMessage: string;
  /** Shown once the server runs, just before the command starts (the subshell's message). */
  readyMessage?: string;
  /** Shows a help message: on stderr, or in the `--debug` log. */
  help(message: string): void;
  /** Runs the command with `env` as its whole environment; resolves to its exit status. */
  runCommand(env: Record<string, string>): Promise<number>;
}

/**
 * Resolves the profile, starts the server with `start` (a failure reads
 * `Failed to start credential server: <why>`), fetches the credentials unless
 * `lazy` (MFA is asked then; a failure reads `Retrieving creds: <why>`), runs
 * the command with the server's variables, and stops the server when the
 * command has exited. Returns the command's exit status.
 */
export async function runWithCredentialServer(
  ctx: CommandContext,
  opts: ServerRunOptions,
  start: CredentialServerStarter,
): Promise<number> {
  let commandRuns = false;
  const source = await profileCredentialSource(ctx, opts, {
    serverMode: true,
    terminalBusy: () => commandRuns,
  });
  const { config } = source;
  const region = config.region;
  if (region) {
    ctx.log.debug(`Setting subprocess env: AWS_REGION=${region}, AWS_DEFAULT_REGION=${region}`);
  }
  const env = buildChildEnv({ parent: ctx.deps.env.toObject(), profile: opts.profile, region });
  const clock = ctx.deps.clock;
  const credentials = new RefreshingCredentials({
    fetch: async (minTtlMs) => {
      const fetched = await source.retrieve(minTtlMs);
      refuseExpired(fetched, opts.profile, clock.now());
      return fetched;
    },
    clock,
    log: ctx.log,
    label: `profile ${opts.profile}`,
  });
  opts.help(opts.startMessage);
  const server = await withErrorPrefix(
    "Failed to start credential server",
    () =>
      start({
        deps: ctx.deps,
        log: ctx.log,
        config,
        credentials,
        sts: source.chain.sts,
        roleChaining: isRoleCredentialKind(source.kind),
      }),
  );
  try {
    if (!opts.lazy) await withErrorPrefix("Retrieving creds", () => credentials.get());
    const names = Object.keys(server.env);
    if (names.length > 0) ctx.log.debug(`Setting subprocess env ${names.join(", ")}`);
    Object.assign(env, server.env);
    if (opts.readyMessage) opts.help(opts.readyMessage);
    commandRuns = true;
    return await opts.runCommand(env);
  } finally {
    await server.stop();
  }
}
