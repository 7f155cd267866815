/**
 * `aws-vault agent start`: checks the passphrase against the vault, then starts
 * this program again, detached, as the agent (`agent start --serve`), hands it
 * the passphrase on standard input and waits for its one line: "ready" with its
 * status, or its error.
 *
 * @module
 */

import { type AgentStatus, vaultDirKey } from "../../backends/agent_protocol.ts";
import { FileKeyring } from "../../backends/file.ts";
import { filePassphraseSource } from "../../backends/file_passphrase.ts";
import { parseGoDuration } from "../config/duration.ts";
import { AwsVaultError, messageOf } from "../errors.ts";
import {
  onStopSignals,
  ownPid,
  readAllStdin,
  reportAndDetach,
  startDetached,
} from "../platform/detached_child.ts";
import { helperEnv } from "../platform/helper_env.ts";
import { selfCommand } from "../platform/self_process.ts";
import {
  ensurePrivateDir,
  listenUnix,
  probeSocket,
  removeSocketFile,
} from "../platform/unix_listener.ts";
import { serveAgent } from "../server/agent_server.ts";
import { rfc3339 } from "../time_format.ts";
import { agentStatus } from "./agent_commands.ts";
import { processLock } from "./process_lock.ts";
import type { CommandContext } from "./context.ts";

const q = (value: string) => JSON.stringify(value);

/** The time limits of `agent start`, as Go duration text. */
export interface StartOptions {
  idleTimeout: string;
  lifetime: string;
}

function agentError(message: string): AwsVaultError {
  return new AwsVaultError("AGENT", message);
}

function parentDir(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/**
 * Decrypts the vault's first item with `passphrase`; the key it decrypted, or
 * `undefined` for an empty vault. Throws the file backend's error (a wrong
 * passphrase says so).
 */
async function checkPassphrase(
  ctx: CommandContext,
  dir: string,
  passphrase: string,
): Promise<string | undefined> {
  const keyring = new FileKeyring({
    dir,
    fs: ctx.deps.fs,
    passphrase: () => Promise.resolve(passphrase),
    log: ctx.log,
  });
  const [first] = await keyring.keys();
  if (first === undefined) return undefined;
  ctx.log.debug(`agent: checking the passphrase against ${q(first)}`);
  await keyring.get(first);
  return first;
}

/** `agent start` in the foreground: see the module's description. */
export async function runStart(
  ctx: CommandContext,
  opts: StartOptions,
  socketPath: string,
): Promise<number> {
  const dir = vaultDirKey(ctx.keyringOptions().fileDir);
  const out = ctx.deps.io.stdout;
  /** Reports the agent that answers at the socket, if one does; true when it serves `dir`. */
  const reportRunning = async (): Promise<boolean> => {
    const running = await agentStatus(ctx, socketPath);
    if (!running) return false;
    const where = `(pid ${running.pid}) at ${q(socketPath)}`;
    if (running.dir !== dir) {
      throw agentError(
        `An agent for another vault, ${q(running.dir)}, is already running ${where}`,
      );
    }
    out.write(`An agent is already running ${where}\n`);
    return true;
  };
  if (await reportRunning()) return 0;
  try {
    ensurePrivateDir(parentDir(socketPath));
  } catch (error) {
    throw agentError(`Cannot use the agent's directory: ${messageOf(error)}`);
  }
  const { env, terminal } = ctx.deps;
  const passphrase = await filePassphraseSource({ dir, env, terminal, log: ctx.log })();
  const checked = await checkPassphrase(ctx, dir, passphrase);
  // One start at a time: a start that ran in parallel may have an agent listening by now.
  return await processLock(ctx)(`agent start ${socketPath}`, "agent start", async () => {
    if (await reportRunning()) return 0;
    return await spawnAgent(ctx, opts, { dir, socketPath, passphrase, checked });
  });
}

/** Starts the agent in the background and says where it listens; returns the exit code. */
async function spawnAgent(
  ctx: CommandContext,
  opts: StartOptions,
  agent: { dir: string; socketPath: string; passphrase: string; checked: string | undefined },
): Promise<number> {
  const { dir, socketPath, passphrase, checked } = agent;
  const out = ctx.deps.io.stdout;
  const env = ctx.deps.env;
  const [cmd, ...pre] = selfCommand();
  const args = [
    ...pre,
    `--file-dir=${dir}`,
    "agent",
    "start",
    `--idle-timeout=${opts.idleTimeout}`,
    `--lifetime=${opts.lifetime}`,
    "--serve",
  ];
  ctx.log.debug(`agent: starting ${[cmd, ...args].join(" ")} (the passphrase on its stdin)`);
  const started = await startDetached(cmd, { args, env: helperEnv(env), input: passphrase });
  if (!started.firstLine.startsWith("ready ")) {
    const detail = started.firstLine.replace(/^error /, "") || "it ended without a word";
    throw agentError(`The agent did not start: ${detail}`);
  }
  const status = JSON.parse(started.firstLine.slice("ready ".length)) as AgentStatus;
  ctx.log.debug(`agent: ready (pid ${status.pid})`);
  if (checked === undefined) {
    out.write(`The vault ${q(dir)} is empty: there was nothing to check the passphrase against\n`);
  }
  out.write(
    `Agent started (pid ${status.pid}), listening at ${q(socketPath)}\n` +
      `It forgets the passphrase after ${opts.idleTimeout} without use, ` +
      `and at ${rfc3339(new Date(status.startedAt + parseGoDuration(opts.lifetime)!))} ` +
      `at the latest\n`,
  );
  return 0;
}

/** The agent itself (`agent start --serve`): serves until stopped, then removes its socket. */
export async function runServe(
  ctx: CommandContext,
  opts: StartOptions,
  socketPath: string,
): Promise<number> {
  const passphrase = await readAllStdin();
  let listener;
  try {
    ensurePrivateDir(parentDir(socketPath));
    const found = await probeSocket(socketPath);
    if (found === "live") throw new Error(`an agent is already listening at ${q(socketPath)}`);
    if (found === "other") throw new Error(`${q(socketPath)} exists and is not a socket`);
    if (found === "stale") removeSocketFile(socketPath);
    listener = listenUnix(socketPath);
  } catch (error) {
    await reportAndDetach(`error ${messageOf(error).split("\n")[0]}`);
    return 1;
  }
  const agent = serveAgent({
    listener,
    dir: vaultDirKey(ctx.keyringOptions().fileDir),
    passphrase,
    idleMs: parseGoDuration(opts.idleTimeout)!,
    lifetimeMs: parseGoDuration(opts.lifetime)!,
    pid: ownPid(),
  });
  onStopSignals(() => agent.stop("signal"));
  await reportAndDetach(`ready ${JSON.stringify(agent.status())}`);
  await agent.stopped;
  removeSocketFile(socketPath);
  return 0;
}
