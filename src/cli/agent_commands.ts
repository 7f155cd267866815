/**
 * The work of `aws-vault agent status` and `agent stop`: they ask the running
 * agent over its socket.
 *
 * @module
 */

import type { AgentStatus } from "../../backends/agent_protocol.ts";
import { askAgent } from "../../backends/file_agent.ts";
import { messageOf } from "../errors.ts";
import { rfc3339 } from "../time_format.ts";
import type { CommandContext } from "./context.ts";

const q = (value: string) => JSON.stringify(value);

/** The running agent's status, or `undefined` (with the reason in the debug log) when none answers. */
export async function agentStatus(
  ctx: CommandContext,
  socketPath: string,
): Promise<AgentStatus | undefined> {
  ctx.log.debug(`agent: asking for the status at ${q(socketPath)}`);
  try {
    const answer = await askAgent(socketPath, { op: "status" });
    if (answer.ok && answer.status) return answer.status;
    ctx.log.debug(`agent: no status in the answer`);
  } catch (error) {
    ctx.log.debug(`agent: no agent at ${q(socketPath)}: ${messageOf(error)}`);
  }
  return undefined;
}

/** `agent status`: what the agent holds and until when; exit 1 when none runs. */
export async function runStatus(ctx: CommandContext, socketPath: string): Promise<number> {
  const status = await agentStatus(ctx, socketPath);
  const out = ctx.deps.io.stdout;
  if (!status) {
    out.write(`No agent is running at ${q(socketPath)}\n`);
    return 1;
  }
  out.write(
    `Agent running (pid ${status.pid}) at ${q(socketPath)}\n` +
      `Vault: ${q(status.dir)}\n` +
      `Started at: ${rfc3339(new Date(status.startedAt))}\n` +
      `Forgets at: ${rfc3339(new Date(status.forgetsAt))}\n` +
      `Sessions held: ${status.sessions} (answered from memory ${status.fromMemory} times)\n`,
  );
  return 0;
}

/** `agent stop`: the agent forgets and ends; exit 1 when none runs. */
export async function runStop(ctx: CommandContext, socketPath: string): Promise<number> {
  ctx.log.debug(`agent: asking the agent at ${q(socketPath)} to stop`);
  try {
    const answer = await askAgent(socketPath, { op: "stop" });
    if (!answer.ok) throw new Error(answer.reason);
  } catch (error) {
    ctx.log.debug(`agent: no agent at ${q(socketPath)}: ${messageOf(error)}`);
    ctx.deps.io.stderr.write(`No agent is running at ${q(socketPath)}\n`);
    return 1;
  }
  ctx.deps.io.stdout.write(`Agent at ${q(socketPath)} stopped\n`);
  return 0;
}
