/**
 * The program: parse the command line, run the command, report errors in
 * aws-vault's shapes and return the exit code. Only `main.ts` exits.
 *
 * @module
 */

import { availableBackends } from "../../backends/registry.ts";
import { AwsVaultError, messageOf, UNEXPECTED_CODE, UsageError } from "../errors.ts";
import { configFilePath, MAX_CONFIG_FILE_BYTES, parseConfigFile } from "../config/config_file.ts";
import { homeDir } from "../platform/home_dir.ts";
import { redactUrls } from "../redact_url.ts";
import type { Deps, Logger } from "../platform/types.ts";
import { findCommand } from "./app_spec.ts";
import { type AppSpec, getBool, getString, type Values } from "./cli_spec.ts";
import { type CommandLine, parseCommandLine } from "./command_line.ts";
import { CommandContext, type GlobalOptions } from "./context.ts";
import { createLogger } from "./logger.ts";
import { FATAL_USAGE_CODE, type ParseResult } from "./parser.ts";
import { promptDriverLister } from "../prompt/drivers.ts";
import { escapeControlChars } from "../go_quote.ts";

/**
 * aws-vault's error line. Messages carry names from the config file, the vault and the
 * command line, so their control characters are escaped before they reach the terminal.
 */
function errorLine(message: string): string {
  return `aws-vault: error: ${escapeControlChars(message)}\n`;
}

async function profileHints(deps: Deps): Promise<string[]> {
  try {
    const path = configFilePath(deps.env, homeDir(deps));
    const text = await deps.fs.readTextFile(path, { maxBytes: MAX_CONFIG_FILE_BYTES });
    return [...parseConfigFile(text, path).profileNames()];
  } catch {
    return [];
  }
}

function globalOptions(values: Values, explicit: ReadonlySet<string>, deps: Deps): GlobalOptions {
  // An unset --backend means "choose": the registry probes the OS keystores in order.
  const backendGiven = explicit.has("backend") || (deps.env.get("AWS_VAULT_BACKEND") ?? "") !== "";
  return {
    debug: getBool(values, "debug"),
    backend: backendGiven ? getString(values, "backend") : "",
    prompt: getString(values, "prompt"),
    keychain: getString(values, "keychain"),
    secretServiceCollection: getString(values, "secret-service-collection"),
    passDir: getString(values, "pass-dir"),
    passCmd: getString(values, "pass-cmd") || "pass",
    passPrefix: getString(values, "pass-prefix"),
    fileDir: getString(values, "file-dir"),
  };
}

/** With `--debug`: the cause chain, and the stack of an error we did not expect. */
function reportCause(log: Logger, error: unknown): void {
  if (!log.enabled) return;
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined) {
    // Errors from the network may quote an endpoint URL with its password.
    log.debug(`caused by: ${redactUrls(messageOf(cause))}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  // An unexpected error reaches here as it is or behind one of aws-vault's prefixes.
  const unexpected = !(error instanceof AwsVaultError)
    ? error
    : error.code === UNEXPECTED_CODE
    ? error.cause
    : undefined;
  if (unexpected instanceof Error && unexpected.stack) log.debug(redactUrls(unexpected.stack));
}

/** Prints help, usage, the version or completions; returns the exit code. */
async function showOutcome(
  parsed: Exclude<ParseResult, { kind: "command" }>,
  spec: AppSpec,
  deps: Deps,
): Promise<number> {
  const { stdout, stderr } = deps.io;
  if (parsed.kind === "version") {
    stderr.write(deps.version + "\n");
    return 0;
  }
  if (parsed.kind === "completion") {
    stdout.write(parsed.candidates.join("\n"));
    return 0;
  }
  if (parsed.kind === "completion-script") {
    const { completionScript } = await import("./completion_script.ts");
    stdout.write(completionScript(spec, parsed.shell));
    return 0;
  }
  const { renderLongHelp, renderManPage, renderUsage } = await import("./help.ts");
  if (parsed.kind === "usage") stderr.write(renderUsage(spec));
  else if (parsed.kind === "help") stderr.write(renderUsage(spec, parsed.command));
  else if (parsed.kind === "help-long") stdout.write(renderLongHelp(spec, parsed.command));
  else stdout.write(renderManPage(spec, deps.version));
  return 0;
}

/** Runs aws-vault with `args` (without the program name); returns the exit code. */
export async function run(args: string[], deps: Deps): Promise<number> {
  const stderr = deps.io.stderr;
  const hints = args.includes("--completion-bash") ? await profileHints(deps) : [];
  const sources = {
    backends: () => availableBackends(deps.os),
    prompts: promptDriverLister(deps),
    profileHints: () => hints,
  };

  let line: CommandLine;
  try {
    line = await parseCommandLine(sources, args, (name) => deps.env.get(name));
  } catch (error) {
    // A command is loaded on first use; a missing part of the program is one line.
    stderr.write(errorLine(messageOf(error).split("\n")[0]));
    return 1;
  }
  if ("error" in line) {
    const { error } = line;
    if (error instanceof AwsVaultError && error.code === FATAL_USAGE_CODE) {
      stderr.write(errorLine(error.message));
    } else {
      stderr.write(errorLine(`${messageOf(error)}, try --help`));
    }
    return 1;
  }

  const { parsed, spec } = line;
  if (parsed.kind !== "command") {
    try {
      return await showOutcome(parsed, spec, deps);
    } catch (error) {
      // Help and completion scripts are loaded on first use; a missing part of the program is one line.
      stderr.write(errorLine(messageOf(error).split("\n")[0]));
      return 1;
    }
  }

  const globals = globalOptions(parsed.values, parsed.explicit, deps);
  const log = createLogger(globals.debug, stderr, deps.clock);
  log.debug(`aws-vault ${deps.version}`);
  const ctx = new CommandContext(deps, globals, log);
  const command = findCommand(line.commands, parsed.command);
  try {
    if (!command) throw new UsageError(`expected command but got "${parsed.command}"`);
    return await command.run(ctx, command.options(parsed.values));
  } catch (error) {
    reportCause(log, error);
    if (error instanceof UsageError) {
      stderr.write(errorLine(`${error.message}, try --help`));
    } else {
      stderr.write(errorLine(`${parsed.command}: ${messageOf(error).split("\n")[0]}`));
    }
    return error instanceof AwsVaultError ? error.exitCode : 1;
  }
}
