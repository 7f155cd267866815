/**
 * aws-vault's command line (v7.2.0): the global flags, with kingpin's help
 * texts, defaults and environment variables, and the list of commands, each
 * declared in its own file under `commands/`.
 *
 * @module
 */

import { AwsVaultError, UsageError } from "../errors.ts";
import { type AppSpec, type FlagSpec, getString, type Values } from "./cli_spec.ts";
import type { AnyCommand, AppSources } from "./command.ts";
import { addCommand } from "./commands/add.ts";
import { agentCommand } from "./commands/agent.ts";
import { clearCommand } from "./commands/clear.ts";
import { execCommand } from "./commands/exec.ts";
import { importCommand } from "./commands/import.ts";
import { exportCommand } from "./commands/export.ts";
import { listCommand } from "./commands/list.ts";
import { loginCommand } from "./commands/login.ts";
import { migrateBackendCommand } from "./commands/migrate_backend.ts";
import { planCommand } from "./commands/plan.ts";
import { proxyCommand } from "./commands/proxy.ts";
import { removeCommand } from "./commands/remove.ts";
import { rotateCommand } from "./commands/rotate.ts";
import { FATAL_USAGE_CODE } from "./parser.ts";

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

/**
 * aws-vault's commands in its help order (`proxy` is hidden), with ByteNess's
 * `migrate-backend` where ByteNess lists it and `import` after them.
 */
export const COMMANDS: readonly AnyCommand[] = [
  addCommand,
  removeCommand,
  migrateBackendCommand,
  listCommand,
  rotateCommand,
  execCommand,
  exportCommand,
  clearCommand,
  loginCommand,
  planCommand,
  proxyCommand,
  importCommand,
  agentCommand,
];

/**
 * Builds aws-vault's command-line declaration from the global flags and
 * `commands` (all of them by default). `sources` supply what depends on the machine.
 */
export function buildAppSpec(
  sources: AppSources,
  commands: readonly AnyCommand[] = COMMANDS,
): AppSpec {
  return {
    name: "aws-vault",
    help: "A vault for securely storing and accessing AWS credentials in development environments.",
    flags: globalFlags(sources),
    commands: commands.map((command) => command.spec(sources)),
    validate: validatePrompt(sources),
  };
}

/** The command called `name` (its canonical name; a subcommand's full name names its command), if any. */
export function findCommand(name: string): AnyCommand | undefined {
  const first = name.split(" ")[0];
  return COMMANDS.find((command) => command.spec(NO_SOURCES).name === first);
}

const none = () => [];
/** Sources for reading a declaration's names only. */
const NO_SOURCES: AppSources = { backends: none, prompts: none, profileHints: none };
