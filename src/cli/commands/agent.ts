/**
 * `aws-vault agent start|status|stop`: a background process that holds the file
 * backend's passphrase in memory, so that commands stop asking for it (what
 * `ssh-agent` does for SSH keys). The work is loaded on first use.
 *
 * @module
 */

import { agentSocketPath, agentSupported } from "../../../backends/agent_protocol.ts";
import { AwsVaultError } from "../../errors.ts";
import { homeDir } from "../../platform/home_dir.ts";
import { getBool, getString } from "../cli_spec.ts";
import type { Command } from "../command.ts";
import { checkGoDuration } from "../duration_flag.ts";
import { parseGoDurationNanos } from "../../config/duration.ts";

/** Options of `agent`. */
export interface AgentOptions {
  action: "start" | "status" | "stop";
  /** Go duration text. */
  idleTimeout: string;
  /** Go duration text. */
  lifetime: string;
  /** This process is the agent itself, started by `agent start`. */
  serve: boolean;
}

/** How long the agent remembers without use, and at most: `--idle-timeout`, `--lifetime`. */
const DEFAULT_IDLE_TIMEOUT = "15m";
const DEFAULT_LIFETIME = "8h";

/** Checks a time limit of the agent: Go duration text, more than zero. */
function checkLimit(flag: string): (text: string) => void {
  return (text) => {
    checkGoDuration(text);
    if (parseGoDurationNanos(text)! <= 0n) {
      throw new Error(`Invalid --${flag} ${JSON.stringify(text)}: it must be more than zero`);
    }
  };
}

/** `agent`: its declaration, options and run. */
export const agentCommand: Command<AgentOptions> = {
  spec: () => ({
    name: "agent",
    help: "Hold the file backend's passphrase in memory, so that it is asked for once.",
    commands: [
      {
        name: "start",
        help: "Ask for the file backend's passphrase once and keep it in a background agent.",
        flags: [
          {
            name: "idle-timeout",
            kind: "string",
            help: "Forget the passphrase after this long without use",
            default: DEFAULT_IDLE_TIMEOUT,
            check: checkLimit("idle-timeout"),
          },
          {
            name: "lifetime",
            kind: "string",
            help: "Forget the passphrase this long after the start, in use or not",
            default: DEFAULT_LIFETIME,
            check: checkLimit("lifetime"),
          },
          { name: "serve", kind: "bool", help: "Be the agent (internal)", hidden: true },
        ],
      },
      { name: "status", help: "Say whether an agent runs, since when, and when it forgets." },
      { name: "stop", help: "Stop the agent; it forgets the passphrase." },
    ],
  }),
  options: (v) => ({
    action: getString(v, "agent") as AgentOptions["action"],
    // The flags are declared by `start` only: the other actions have no values for them.
    idleTimeout: v["idle-timeout"] === undefined
      ? DEFAULT_IDLE_TIMEOUT
      : getString(v, "idle-timeout"),
    lifetime: v["lifetime"] === undefined ? DEFAULT_LIFETIME : getString(v, "lifetime"),
    serve: v["serve"] === undefined ? false : getBool(v, "serve"),
  }),
  async run(ctx, opts) {
    if (!agentSupported(ctx.deps.os)) {
      throw new AwsVaultError(
        "AGENT_UNSUPPORTED",
        `The agent is not available on ${ctx.deps.os}: it needs Unix sockets`,
      );
    }
    const socketPath = agentSocketPath(ctx.deps.env, () => homeDir(ctx.deps), ctx.deps.os);
    if (opts.action === "start") {
      const { runServe, runStart } = await import("../agent_start.ts");
      return await (opts.serve ? runServe : runStart)(ctx, opts, socketPath);
    }
    const { runStatus, runStop } = await import("../agent_commands.ts");
    return await (opts.action === "stop" ? runStop : runStatus)(ctx, socketPath);
  },
};
