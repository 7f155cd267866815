/**
 * aws-vault's command line (v7.2.0): the global flags, with kingpin's help
 * texts, defaults and environment variables, and the list of commands, each
 * declared in its own file under `commands/`. The commands a cached credential
 * request runs (`exec`, `export`, `list`) are here in full; every other one is
 * known by its names and loaded on first use (see `command_line.ts`).
 *
 * @module
 */

import { AwsVaultError, UsageError } from "../errors.ts";
import { type AppSpec, type FlagSpec, getString, type Values } from "./cli_spec.ts";
import { type AnyCommand, type AppSources, type CommandEntry, isLazy } from "./command.ts";
import { execCommand } from "./commands/exec.ts";
import { exportCommand } from "./commands/export.ts";
import { listCommand } from "./commands/list.ts";
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
 * `migrate-backend` where ByteNess lists it and `import` after them. Each
 * rarely run one is its names and a loader; a test checks the names against
 * the loaded declaration.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: "add", load: async () => (await import("./commands/add.ts")).addCommand },
  {
    name: "remove",
    aliases: ["rm"],
    load: async () => (await import("./commands/remove.ts")).removeCommand,
  },
  {
    name: "migrate-backend",
    load: async () => (await import("./commands/migrate_backend.ts")).migrateBackendCommand,
  },
  listCommand,
  { name: "rotate", load: async () => (await import("./commands/rotate.ts")).rotateCommand },
  execCommand,
  exportCommand,
  { name: "clear", load: async () => (await import("./commands/clear.ts")).clearCommand },
  { name: "login", load: async () => (await import("./commands/login.ts")).loginCommand },
  { name: "plan", load: async () => (await import("./commands/plan.ts")).planCommand },
  {
    name: "proxy",
    aliases: ["server"],
    hidden: true,
    load: async () => (await import("./commands/proxy.ts")).proxyCommand,
  },
  { name: "import", load: async () => (await import("./commands/import.ts")).importCommand },
  { name: "agent", load: async () => (await import("./commands/agent.ts")).agentCommand },
];

/**
 * `commands` with the rarely run ones that `which` names (all of them with `"all"`) loaded,
 * in the same order.
 */
export async function loadCommands(
  commands: readonly CommandEntry[],
  which: string | "all",
): Promise<CommandEntry[]> {
  return await Promise.all(
    commands.map((entry) =>
      isLazy(entry) && (which === "all" || entry.name === which) ? entry.load() : entry
    ),
  );
}

/**
 * Builds aws-vault's command-line declaration from the global flags and
 * `commands` (all of them by default). `sources` supply what depends on the machine.
 * A command not loaded yet is declared by its names only: enough to find the command
 * a command line names, not to parse its flags or print its help.
 */
export function buildAppSpec(
  sources: AppSources,
  commands: readonly CommandEntry[] = COMMANDS,
): AppSpec {
  return {
    name: "aws-vault",
    help: "A vault for securely storing and accessing AWS credentials in development environments.",
    flags: globalFlags(sources),
    commands: commands.map((command) =>
      isLazy(command)
        ? { name: command.name, aliases: command.aliases, hidden: command.hidden, help: "" }
        : command.spec(sources)
    ),
    validate: validatePrompt(sources),
  };
}

/**
 * The loaded command of `commands` called `name` (its canonical name; a subcommand's full
 * name names its command), if any.
 */
export function findCommand(
  commands: readonly CommandEntry[],
  name: string,
): AnyCommand | undefined {
  const first = name.split(" ")[0];
  return commands.find((command): command is AnyCommand =>
    !isLazy(command) && command.spec(NO_SOURCES).name === first
  );
}

const none = () => [];
/** Sources for reading a declaration's names only. */
const NO_SOURCES: AppSources = { backends: none, prompts: none, profileHints: none };
