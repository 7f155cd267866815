/**
 * `aws-vault proxy` (hidden, alias `server`): the privileged EC2 metadata
 * proxy that `exec --ec2-server` starts with `sudo -b`; `--stop` asks a
 * running one to stop.
 *
 * @module
 */

import type { CommandContext } from "../context.ts";
import { getBool } from "../cli_spec.ts";
import type { Command } from "../command.ts";

/** Options of `proxy`. */
export interface ProxyOptions {
  /** `--stop`: ask the running proxy to stop instead of running one. */
  stop: boolean;
}

/** Runs `proxy`; returns the exit code (0 after `/stop`, 1 after SIGINT/SIGTERM). */
export async function runProxyCommand(ctx: CommandContext, opts: ProxyOptions): Promise<number> {
  const { runProxy, stopProxy } = await import("../../server/ec2_proxy.ts");
  if (opts.stop) {
    await stopProxy();
    return 0;
  }
  return await runProxy({ proc: ctx.deps.proc, os: ctx.deps.os, log: ctx.log });
}

/** `proxy`: its declaration, options and run. */
export const proxyCommand: Command<ProxyOptions> = {
  spec: () => ({
    name: "proxy",
    aliases: ["server"],
    help: "Start a proxy for the ec2 instance role server locally.",
    hidden: true,
    flags: [{ name: "stop", kind: "bool", help: "Stop the proxy" }],
  }),
  options: (v) => ({ stop: getBool(v, "stop") }),
  run: runProxyCommand,
};
