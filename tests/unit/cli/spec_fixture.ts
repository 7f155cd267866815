/**
 * The aws-vault declaration used by the CLI tests (fixed backends, prompt
 * drivers and profiles), and a small outcome helper.
 *
 * @module
 */

import { buildAppSpec, COMMANDS, loadCommands } from "../../../src/cli/app_spec.ts";
import type { AppSpec } from "../../../src/cli/cli_spec.ts";
import type { AnyCommand } from "../../../src/cli/command.ts";
import { parseArgs, type ParseResult } from "../../../src/cli/parser.ts";

/** Every command of aws-vault, loaded, in its help order. */
export async function allCommands(): Promise<AnyCommand[]> {
  return (await loadCommands(COMMANDS, "all")) as AnyCommand[];
}

const NAMES_ONLY = { backends: () => [], prompts: () => [], profileHints: () => [] };

/** Flags that aws-vault 7.2.0's commands lack, by command. */
const NEW_FLAGS: Record<string, readonly string[]> = { list: ["json"] };

/** `command` without the flags aws-vault 7.2.0 lacks. */
function withoutNewFlags(command: AnyCommand): AnyCommand {
  return {
    ...command,
    spec: (sources) => {
      const spec = command.spec(sources);
      const drop = NEW_FLAGS[spec.name] ?? [];
      return { ...spec, flags: spec.flags?.filter((flag) => !drop.includes(flag.name)) };
    },
  };
}

/**
 * aws-vault's declaration with backends [secret-service pass file] and prompts [terminal ykman],
 * without `rotate`, `login`, the additions (`plan`, `import`, `migrate-backend`, `agent`) and
 * `list --json`, as the kingpin build that made the help fixtures declares it.
 */
export const SPEC: AppSpec = buildAppSpec(
  {
    backends: () => ["secret-service", "pass", "file"],
    prompts: () => ["terminal", "ykman"],
    profileHints: () => ["dev", "prod", "dev2"],
  },
  (await allCommands()).filter((command) =>
    !["rotate", "login", "plan", "import", "migrate-backend", "agent"].includes(
      command.spec(NAMES_ONLY).name,
    )
  ).map(withoutNewFlags),
);

/** Parses `argv` against {@linkcode SPEC} with the environment `env`. */
export function parse(argv: string[], env: Record<string, string> = {}): ParseResult {
  return parseArgs(SPEC, argv, (name) => env[name]);
}

/** The message of the error `fn` throws (fails when it does not throw). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}
