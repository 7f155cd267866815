/**
 * `aws-vault exec <profile> [cmd args...]`: run a command with credentials, becoming the command where the OS allows.
 *
 * @module
 */

import { ProcessError } from "../../errors.ts";
import { buildChildEnv } from "../../output/child_env.ts";
import { credentialProcessJson } from "../../output/export_formats.ts";
import type { Credentials } from "../../aws_credentials.ts";
import { ExecutableNotFoundError } from "../../platform/types.ts";
import type { CommandContext } from "../context.ts";
import { type CredentialRequest, profileCredentials } from "../profile_credentials.ts";
import { assertNotNested } from "./export.ts";
import { getBool, getList, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { CREDENTIAL_FLAGS, credentialRequest, profileArg, STDOUT } from "../common_flags.ts";

/** Options of `exec`. */
export interface ExecOptions extends CredentialRequest {
  /** `--json`/`-j`: print credential_process JSON instead of running a command. */
  json: boolean;
  /** `--ecs-server` (`--server`, `-s`): serve credentials to the command over HTTP. */
  ecsServer?: boolean;
  /** `--ec2-server`: emulate the EC2 instance metadata service. */
  ec2Server?: boolean;
  /** `--lazy`: with a server, fetch credentials on the first request only. */
  lazy?: boolean;
  /** The command; "" for a subshell. */
  command: string;
  args: string[];
}

function defaultShell(ctx: CommandContext): string {
  const shell = ctx.deps.env.get("SHELL") ?? "";
  if (shell !== "") return shell;
  return ctx.deps.os === "windows" ? "cmd.exe" : "/bin/sh";
}

/** What aws-vault's `--debug` says about the credentials it puts in the child's environment. */
function narrateCredentials(ctx: CommandContext, credentials: Credentials): void {
  ctx.log.debug("Setting subprocess env: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY");
  if (credentials.sessionToken) ctx.log.debug("Setting subprocess env: AWS_SESSION_TOKEN");
  if (credentials.expiration) ctx.log.debug("Setting subprocess env: AWS_CREDENTIAL_EXPIRATION");
}

/** What aws-vault says before it starts the ECS server. */
const ECS_SERVER_MESSAGE = "Starting a local ECS credential server; " +
  "your app's AWS sdk must support AWS_CONTAINER_CREDENTIALS_FULL_URI.";

/**
 * Shows a help message as aws-vault does: on stderr for an interactive
 * subshell (stdout a terminal, no `--debug`, `AWS_VAULT_DISABLE_HELP_MESSAGE`
 * not `1`), else in the `--debug` log.
 */
function showHelpMessage(ctx: CommandContext, subshell: boolean, message: string): void {
  const show = subshell && !ctx.log.enabled && ctx.deps.io.stdout.isTerminal() &&
    ctx.deps.env.get("AWS_VAULT_DISABLE_HELP_MESSAGE") !== "1";
  if (show) ctx.deps.io.stderr.write(message + "\n");
  else ctx.log.debug(message);
}

/** Go's message for a command that is not on `PATH`. */
function commandNotFound(command: string, cause?: unknown): ProcessError {
  return new ProcessError(
    `Cannot run ${JSON.stringify(command)}: executable file not found in $PATH`,
    cause === undefined ? undefined : { cause },
  );
}

/** Runs the command as a child with `env`; returns its exit status. */
async function runChild(
  ctx: CommandContext,
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  try {
    const code = await ctx.deps.proc.runInherited({ cmd: command, args, env });
    ctx.log.debug(`Command exited with status ${code}`);
    return code;
  } catch (error) {
    if (error instanceof ExecutableNotFoundError) {
      throw commandNotFound(command, error);
    }
    throw error;
  }
}

/** Runs `exec`; returns the exit code (the child's, 128 + n when killed by signal n). */
export async function runExec(ctx: CommandContext, opts: ExecOptions): Promise<number> {
  const out = ctx.deps.io;
  const withServer = opts.ecsServer === true || opts.ec2Server === true;
  if (opts.json && !withServer) {
    // aws-vault runs `export --format=json` here, with export's message.
    assertNotNested(ctx, "");
    const { credentials } = await profileCredentials(ctx, opts);
    out.stdout.write(credentialProcessJson(credentials));
    return 0;
  }
  assertNotNested(ctx, "running ");
  const serverMode = withServer ? await import("../exec_server.ts") : undefined;
  if (serverMode) {
    const { json, noSession } = opts;
    const flags = { ecsServer: opts.ecsServer === true, ec2Server: opts.ec2Server === true };
    serverMode.checkServerFlags({ ...flags, json, noSession }, ctx.globals.prompt);
  }

  const subshell = opts.command === "";
  const command = subshell ? defaultShell(ctx) : opts.command;
  // Fail before any credential prompt when the command cannot be run.
  const path = await ctx.deps.proc.which(command);
  if (!path) {
    throw commandNotFound(command);
  }
  const subshellMessage = `Starting subshell ${command}, use \`exit\` to exit the subshell`;
  if (serverMode) {
    // The EC2 server has no lazy mode in aws-vault: its credentials are fetched before the command.
    const server = opts.ec2Server
      ? await import("../../server/ec2_launch.ts").then((m) => ({
        start: m.startEc2CredentialServer,
        message: m.EC2_SERVER_WARNING,
        lazy: false,
      }))
      : await import("../../server/ecs_server.ts").then((m) => ({
        start: m.startEcsServer,
        message: ECS_SERVER_MESSAGE,
        lazy: opts.lazy === true,
      }));
    return await serverMode.runWithCredentialServer(ctx, {
      ...opts,
      lazy: server.lazy,
      startMessage: server.message,
      readyMessage: subshell ? subshellMessage : undefined,
      help: (message) => showHelpMessage(ctx, subshell, message),
      runCommand: (env) => {
        ctx.log.debug(`Starting a subprocess: ${command} ${opts.args.join(" ")}`);
        return runChild(ctx, command, opts.args, env);
      },
    }, (context) => server.start(context));
  }
  const { config, credentials } = await profileCredentials(ctx, opts, {
    beforeRetrieve: ({ region }) => {
      if (region) {
        ctx.log.debug(`Setting subprocess env: AWS_REGION=${region}, AWS_DEFAULT_REGION=${region}`);
      }
    },
  });
  narrateCredentials(ctx, credentials);
  const env = buildChildEnv({
    parent: ctx.deps.env.toObject(),
    profile: opts.profile,
    region: config.region,
    credentials,
  });

  if (subshell) showHelpMessage(ctx, subshell, subshellMessage);
  ctx.log.debug(`Exec command ${command} ${opts.args.join(" ")}`);
  if (ctx.deps.proc.replaceProcess) {
    // On success this process becomes the command (its status and signals are then its own)
    // and the call does not return.
    const failure = ctx.deps.proc.replaceProcess({ path, argv: [command, ...opts.args], env });
    ctx.log.debug(
      `Cannot replace this process with ${JSON.stringify(path)}: ${failure}; running it as a child`,
    );
  }
  return await runChild(ctx, command, opts.args, env);
}

/** `exec`: its declaration, options and run. */
export const execCommand: Command<ExecOptions> = {
  spec: (sources) => ({
    name: "exec",
    help: "Execute a command with AWS credentials.",
    flags: [
      ...CREDENTIAL_FLAGS,
      {
        name: "json",
        short: "j",
        kind: "bool",
        help: "Output credentials in JSON that can be used by credential_process",
        hidden: true,
      },
      // --server and --ecs-server set the same Go variable: the last one given wins.
      {
        name: "server",
        short: "s",
        kind: "bool",
        help: "Alias for --ecs-server",
        dest: "ecs-server",
      },
      {
        name: "ec2-server",
        kind: "bool",
        help: "Run a EC2 metadata server in the background for credentials",
      },
      {
        name: "ecs-server",
        kind: "bool",
        help: "Run a ECS credential server in the background for credentials " +
          "(the SDK or app must support AWS_CONTAINER_CREDENTIALS_FULL_URI)",
      },
      { name: "lazy", kind: "bool", help: "When using --ecs-server, lazily fetch credentials" },
      STDOUT,
    ],
    args: [
      profileArg(sources, true),
      { name: "cmd", help: "Command to execute, defaults to $SHELL" },
      { name: "args", help: "Command arguments", variadic: true },
    ],
  }),
  options: (v) => {
    return {
      ...credentialRequest(v),
      json: getBool(v, "json"),
      ecsServer: getBool(v, "ecs-server"),
      ec2Server: getBool(v, "ec2-server"),
      lazy: getBool(v, "lazy"),
      command: getString(v, "cmd"),
      args: [...getList(v, "args")],
    };
  },
  run: runExec,
};
