/**
 * The program: parse the command line, run the command, report errors in
 * aws-vault's shapes and return the exit code. Only `main.ts` exits.
 *
 * @module
 */

import { availableBackends } from "../../backends/registry.ts";
import { AwsVaultError, messageOf, UsageError } from "../errors.ts";
import type { Deps, Logger } from "../platform/types.ts";
import { buildAppSpec } from "./app_spec.ts";
import { type AppSpec, getBool, getString, type Values } from "./cli_spec.ts";
import { COMMANDS } from "./commands/table.ts";
import { rotateCommand } from "./commands/rotate.ts";
import { CommandContext, type GlobalOptions } from "./context.ts";
import { createLogger } from "./logger.ts";
import { FATAL_USAGE_CODE, parseArgs, type ParseResult } from "./parser.ts";
import { promptDriverLister } from "../prompt/drivers.ts";
import { coldModules } from "../cold_modules.ts";

async function profileHints(deps: Deps): Promise<string[]> {
  try {
    const { configFilePath, MAX_CONFIG_FILE_BYTES, parseConfigFile } = await import(
      "../config/config_file.ts"
    );
    const { homeDir } = await import("./context.ts");
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

function reportCause(log: Logger, error: unknown): void {
  if (!log.enabled) return;
  let cause = error instanceof Error ? error.cause : undefined;
  while (cause !== undefined) {
    log.debug(`caused by: ${messageOf(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (error instanceof Error && !(error instanceof AwsVaultError) && error.stack) {
    log.debug(error.stack);
  }
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
    const { completionScript } = await coldModules.completionScript();
    stdout.write(completionScript(spec, parsed.shell));
    return 0;
  }
  const { renderLongHelp, renderManPage, renderUsage } = await coldModules.help();
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
  const spec = buildAppSpec({
    backends: () => availableBackends(deps.os),
    prompts: promptDriverLister(deps),
    profileHints: () => hints,
  }, { afterList: [rotateCommand(() => hints)] });

  let parsed: ParseResult;
  try {
    parsed = parseArgs(spec, args, (name) => deps.env.get(name));
  } catch (error) {
    if (error instanceof AwsVaultError && error.code === FATAL_USAGE_CODE) {
      stderr.write(`aws-vault: error: ${error.message}\n`);
    } else {
      stderr.write(`aws-vault: error: ${messageOf(error)}, try --help\n`);
    }
    return 1;
  }

  if (parsed.kind !== "command") {
    try {
      return await showOutcome(parsed, spec, deps);
    } catch (error) {
      // Help and completion scripts load code on first use (src/cold_modules.ts).
      stderr.write(`aws-vault: error: ${messageOf(error).split("\n")[0]}\n`);
      return 1;
    }
  }

  const globals = globalOptions(parsed.values, parsed.explicit, deps);
  const log = createLogger(globals.debug, stderr, deps.clock);
  log.debug(`aws-vault ${deps.version}`);
  const ctx = new CommandContext(deps, globals, log);
  const runner = COMMANDS[parsed.command];
  try {
    if (!runner) throw new UsageError(`expected command but got "${parsed.command}"`);
    return await runner(ctx, parsed.values);
  } catch (error) {
    reportCause(log, error);
    if (error instanceof UsageError) {
      stderr.write(`aws-vault: error: ${error.message}, try --help\n`);
    } else {
      stderr.write(`aws-vault: error: ${parsed.command}: ${messageOf(error).split("\n")[0]}\n`);
    }
    return error instanceof AwsVaultError ? error.exitCode : 1;
  }
}
