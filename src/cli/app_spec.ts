/**
 * aws-vault's command line (v7.2.0, 99designs): the global flags (spec §2)
 * and the commands `add`, `remove`/`rm`, `list`/`ls`, `exec`, `export` and
 * `clear` with kingpin's help texts, defaults and environment variables.
 * `rotate` (after `list`), `login` (after `clear`) and the hidden `proxy`
 * (last) are declared elsewhere and inserted in that order.
 *
 * @module
 */

import { AwsVaultError, UsageError } from "../errors.ts";
import {
  type AppSpec,
  type ArgSpec,
  type CommandSpec,
  type FlagSpec,
  getString,
  type Values,
} from "./cli_spec.ts";
import { checkSessionDuration } from "./duration_flag.ts";
import { FATAL_USAGE_CODE } from "./parser.ts";

/** The environment-dependent parts of the declaration, computed on first use. */
export interface AppSources {
  /** Keyring backends available here, the default first (e.g. `["secret-service", "pass", "file"]`). */
  backends: () => readonly string[];
  /** MFA prompt drivers available here, sorted (e.g. `["kdialog", "terminal", "ykman"]`). */
  prompts: () => readonly string[];
  /** Profile names from the AWS config file, for completion. */
  profileHints: () => readonly string[];
}

/** Optional extra commands inserted at their place in aws-vault's order. */
export interface ExtraCommands {
  /** `rotate`, listed after `list`. */
  afterList?: readonly CommandSpec[];
  /** `login`, listed after `clear`. */
  afterClear?: readonly CommandSpec[];
  /** `proxy`, listed last. */
  last?: readonly CommandSpec[];
}

const PROMPT_PASS_REMOVED =
  "--prompt=pass (or AWS_VAULT_PROMPT=pass) has been removed from aws-vault as using TOTPs without " +
  "a dedicated device goes against security best practices. If you wish to continue using pass, " +
  "add `mfa_process = pass otp <your mfa_serial>` to profiles in your ~/.aws/config file.";

/** Go's `%v` of a string slice: `[a b c]`. */
function goList(values: readonly string[]): string {
  return `[${values.join(" ")}]`;
}

function globalFlags(sources: AppSources): FlagSpec[] {
  const backendDefault = () => sources.backends()[0];
  return [
    { name: "debug", kind: "bool", help: "Show debugging output" },
    {
      name: "backend",
      kind: "enum",
      help: () => `Secret backend to use ${goList(sources.backends())}`,
      default: backendDefault,
      envar: "AWS_VAULT_BACKEND",
      values: sources.backends,
    },
    {
      name: "prompt",
      kind: "string",
      help: () => `Prompt driver to use ${goList(sources.prompts())}`,
      envar: "AWS_VAULT_PROMPT",
    },
    {
      name: "keychain",
      kind: "string",
      help: "Name of macOS keychain to use, if it doesn't exist it will be created",
      default: "aws-vault",
      envar: "AWS_VAULT_KEYCHAIN_NAME",
    },
    {
      name: "secret-service-collection",
      kind: "string",
      help: "Name of secret-service collection to use, if it doesn't exist it will be created",
      default: "awsvault",
      envar: "AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME",
    },
    {
      name: "pass-dir",
      kind: "string",
      help: "Pass password store directory",
      envar: "AWS_VAULT_PASS_PASSWORD_STORE_DIR",
    },
    {
      name: "pass-cmd",
      kind: "string",
      help: "Name of the pass executable",
      envar: "AWS_VAULT_PASS_CMD",
    },
    {
      name: "pass-prefix",
      kind: "string",
      help: "Prefix to prepend to the item path stored in pass",
      envar: "AWS_VAULT_PASS_PREFIX",
    },
    {
      name: "file-dir",
      kind: "string",
      help: 'Directory for the "file" password store',
      default: "~/.awsvault/keys/",
      envar: "AWS_VAULT_FILE_DIR",
    },
  ];
}

/** aws-vault's `app.Validate`: the `--prompt` value must be an available driver. */
function validatePrompt(sources: AppSources): (values: Values) => void {
  return (values) => {
    const prompt = getString(values, "prompt");
    if (prompt === "") return;
    if (prompt === "pass") throw new AwsVaultError(FATAL_USAGE_CODE, PROMPT_PASS_REMOVED);
    const available = sources.prompts();
    if (!available.includes(prompt)) {
      throw new UsageError(`--prompt value must be one of ${available.join(",")}, got '${prompt}'`);
    }
  };
}

function profileArg(sources: AppSources, required: boolean, hints = true): ArgSpec {
  return {
    name: "profile",
    help: "Name of the profile",
    required,
    ...(hints ? { hints: sources.profileHints } : {}),
  };
}

const DURATION: FlagSpec = {
  name: "duration",
  short: "d",
  kind: "string",
  help: "Duration of the temporary or assume-role session. Defaults to 1h",
  check: checkSessionDuration,
};
const NO_SESSION: FlagSpec = {
  name: "no-session",
  short: "n",
  kind: "bool",
  help: "Skip creating STS session with GetSessionToken",
};
const REGION: FlagSpec = { name: "region", kind: "string", help: "The AWS region" };
const MFA_TOKEN: FlagSpec = {
  name: "mfa-token",
  short: "t",
  kind: "string",
  help: "The MFA token to use",
};
const STDOUT: FlagSpec = {
  name: "stdout",
  kind: "bool",
  help: "Print the SSO link to the terminal without automatically opening the browser",
};

function addCommand(sources: AppSources): CommandSpec {
  return {
    name: "add",
    help: "Add credentials to the secure keystore.",
    args: [profileArg(sources, true, false)],
    flags: [
      {
        name: "env",
        kind: "bool",
        help:
          "Read the credentials from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
      },
      {
        name: "add-config",
        kind: "bool",
        help: "Add a profile to ~/.aws/config if one doesn't exist",
        default: "true",
      },
    ],
  };
}

function removeCommand(sources: AppSources): CommandSpec {
  return {
    name: "remove",
    aliases: ["rm"],
    help: "Remove credentials from the secure keystore.",
    args: [profileArg(sources, true)],
    flags: [
      {
        name: "sessions-only",
        short: "s",
        kind: "bool",
        help: "Only remove sessions, leave credentials intact",
        hidden: true,
      },
      {
        name: "force",
        short: "f",
        kind: "bool",
        help: "Force-remove the profile without a prompt",
      },
    ],
  };
}

const LIST_COMMAND: CommandSpec = {
  name: "list",
  aliases: ["ls"],
  help: "List profiles, along with their credentials and sessions.",
  flags: [
    { name: "profiles", kind: "bool", help: "Show only the profile names" },
    { name: "sessions", kind: "bool", help: "Show only the session names" },
    { name: "credentials", kind: "bool", help: "Show only the profiles with stored credential" },
  ],
};

function execCommand(sources: AppSources): CommandSpec {
  return {
    name: "exec",
    help: "Execute a command with AWS credentials.",
    flags: [
      DURATION,
      NO_SESSION,
      REGION,
      MFA_TOKEN,
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
  };
}

function exportCommand(sources: AppSources): CommandSpec {
  return {
    name: "export",
    help: "Export AWS credentials.",
    flags: [
      DURATION,
      NO_SESSION,
      REGION,
      MFA_TOKEN,
      {
        name: "format",
        kind: "enum",
        help: "Format to output credentials. Valid values are env, export-env and json",
        default: "env",
        values: ["env", "export-env", "json", "ini"],
      },
      STDOUT,
    ],
    args: [profileArg(sources, true)],
  };
}

function clearCommand(sources: AppSources): CommandSpec {
  return {
    name: "clear",
    help: "Clear temporary credentials from the secure keystore.",
    args: [profileArg(sources, false)],
  };
}

/**
 * Builds aws-vault's command-line declaration. `sources` supply what depends
 * on the machine; `extra` inserts the commands declared elsewhere.
 */
export function buildAppSpec(sources: AppSources, extra: ExtraCommands = {}): AppSpec {
  return {
    name: "aws-vault",
    help: "A vault for securely storing and accessing AWS credentials in development environments.",
    flags: globalFlags(sources),
    commands: [
      addCommand(sources),
      removeCommand(sources),
      LIST_COMMAND,
      ...(extra.afterList ?? []),
      execCommand(sources),
      exportCommand(sources),
      clearCommand(sources),
      ...(extra.afterClear ?? []),
      ...(extra.last ?? []),
    ],
    validate: validatePrompt(sources),
  };
}
