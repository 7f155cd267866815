/**
 * A throwaway world for the prompt driver tests: the stand-ins of
 * tests/helpers/stand_ins first on PATH, a log of every run they record
 * (argv, stdin, environment), the real process runner and no terminal.
 */

import { denoProcessRunner } from "../../../src/platform/deno_proc.ts";
import type { Deps, Logger } from "../../../src/platform/types.ts";
import type { PromptContext } from "../../../src/prompt/prompt_func.ts";
import { fakeDeps, fakeEnv } from "../../helpers/fakes.ts";

/** tests/helpers/stand_ins. */
export const STAND_INS = new URL("../../helpers/stand_ins", import.meta.url).pathname;

/** An MFA serial used throughout. */
export const SERIAL = "arn:aws:iam::111111111111:mfa/jonsmith";

/** One run of a stand-in, as it recorded it. */
export interface StandInRun {
  name: string;
  argv: string[];
  stdin: string;
  stdin_tty: boolean;
  env: Record<string, string>;
}

/** A world: a prompt context whose helpers are the stand-ins, and what they recorded. */
export interface StandInWorld {
  ctx: PromptContext;
  deps: Deps;
  /** `--debug` lines. */
  logged: string[];
  runs(): StandInRun[];
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@linkcode standInWorld}. */
export interface StandInWorldOptions {
  /** Extra variables: `PROMPT_STANDIN_ACTION`, `PROMPT_STANDIN_ANSWER`, `YKMAN_*`... */
  vars?: Record<string, string>;
  /** Directories before the usual PATH (default: tests/helpers/stand_ins). */
  pathFirst?: string[];
  os?: Deps["os"];
  timeoutMs?: number;
}

/** Creates a world; dispose of it with `await using`. */
export async function standInWorld(options: StandInWorldOptions = {}): Promise<StandInWorld> {
  const dir = await Deno.makeTempDir({ prefix: "prompt-test-" });
  const log = `${dir}/runs.jsonl`;
  const path = [...(options.pathFirst ?? [STAND_INS]), Deno.env.get("PATH") ?? "/usr/bin:/bin"];
  const env = fakeEnv({
    PATH: path.join(":"),
    HOME: dir,
    PROMPT_STANDIN_LOG: log,
    AWS_SECRET_ACCESS_KEY: "secret-from-the-environment",
    AWS_SESSION_TOKEN: "token-from-the-environment",
    ...(options.vars ?? {}),
  });
  const logged: string[] = [];
  const narrator: Logger = { enabled: true, debug: (message) => logged.push(message) };
  const { deps } = fakeDeps({
    env,
    os: options.os ?? "linux",
    proc: denoProcessRunner({ getEnv: (name) => env.get(name) }),
  });
  return {
    ctx: { deps, log: narrator, timeoutMs: options.timeoutMs ?? 20_000 },
    deps,
    logged,
    runs() {
      let text = "";
      try {
        text = Deno.readTextFileSync(log);
      } catch {
        return [];
      }
      return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
    },
    async [Symbol.asyncDispose]() {
      await Deno.remove(dir, { recursive: true });
    },
  };
}
