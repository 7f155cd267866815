/**
 * The file backend's side of `aws-vault agent`: asks a running agent for the
 * passphrase, or for the plaintext of an item, over its Unix socket. Any
 * failure (no socket, nobody listening, an agent for another vault, no answer
 * in time) means "no agent": the caller goes on as if there were none, and
 * later calls in the process do not try again.
 *
 * @module
 */

import { messageOf } from "../src/errors.ts";
import { startDeadline } from "../src/platform/deadline.ts";
import { type ByteStream, connectUnixSocket } from "../src/platform/deno_unix_socket.ts";
import type { Logger } from "../src/platform/types.ts";
import {
  type AgentAnswer,
  type AgentRequest,
  readLine,
  vaultDirKey,
  writeLine,
} from "./agent_protocol.ts";

/** How long an agent has to answer before it counts as absent (a stopped agent must not hang us). */
const ANSWER_TIMEOUT_MS = 1500;

/** Options of {@linkcode FileAgentClient}. */
export interface FileAgentClientOptions {
  /** The agent's socket path. */
  socketPath: string;
  /** The vault directory (`~` expanded) whose passphrase is asked for. */
  dir: string;
  log?: Logger;
  connect?: (path: string) => Promise<ByteStream>;
  timeoutMs?: number;
}

/** Asks a running agent; every method resolves to `undefined` when no agent answers. */
export class FileAgentClient {
  readonly #options: FileAgentClientOptions;
  /** Set once an attempt failed: the rest of the process does without the agent. */
  #absent = false;

  /** Creates the client; nothing is touched until a method is called. */
  constructor(options: FileAgentClientOptions) {
    this.#options = options;
  }

  /** The passphrase the agent holds for this vault, if one answers. */
  async passphrase(): Promise<string | undefined> {
    const answer = await this.#ask({ op: "passphrase", dir: vaultDirKey(this.#options.dir) });
    return typeof answer?.passphrase === "string" ? answer.passphrase : undefined;
  }

  /**
   * The plaintext of the item whose file holds `jwe`, decrypted by the agent
   * (from its memory when it has decrypted this exact text before), if one answers.
   */
  async decrypt(jwe: string): Promise<string | undefined> {
    const dir = vaultDirKey(this.#options.dir);
    const answer = await this.#ask({ op: "decrypt", dir, jwe });
    return typeof answer?.plaintext === "string" ? answer.plaintext : undefined;
  }

  async #ask(request: AgentRequest): Promise<(AgentAnswer & { ok: true }) | undefined> {
    if (this.#absent) return undefined;
    const { socketPath, log } = this.#options;
    log?.debug(`file backend: asking the agent at ${JSON.stringify(socketPath)}`);
    let answer: AgentAnswer;
    try {
      answer = await askAgent(socketPath, request, this.#options);
    } catch (error) {
      this.#absent = true;
      log?.debug(`file backend: no agent at ${JSON.stringify(socketPath)}: ${messageOf(error)}`);
      return undefined;
    }
    if (!answer.ok) {
      // An agent for another vault is no agent for this one; a failed decryption is retried here.
      if (request.op === "passphrase") this.#absent = true;
      log?.debug(`file backend: the agent did not answer: ${answer.reason}`);
      return undefined;
    }
    log?.debug(`file backend: the agent answered`);
    return answer;
  }
}

/**
 * Sends one request to the agent at `socketPath` and returns its answer; throws when
 * nothing listens there or no answer comes within the time limit.
 */
export async function askAgent(
  socketPath: string,
  request: AgentRequest,
  options: { connect?: (path: string) => Promise<ByteStream>; timeoutMs?: number } = {},
): Promise<AgentAnswer> {
  const connect = options.connect ?? connectUnixSocket;
  let conn: ByteStream | undefined;
  let expired = false;
  let rejectTimeout: (error: Error) => void = () => {};
  const timeout = new Promise<never>((_, reject) => rejectTimeout = reject);
  const cancel = startDeadline(options.timeoutMs ?? ANSWER_TIMEOUT_MS, () => {
    expired = true;
    conn?.close();
    rejectTimeout(new Error("it did not answer in time"));
  });
  const exchange = async () => {
    conn = await connect(socketPath);
    if (expired) conn.close();
    await writeLine(conn, request);
    const line = await readLine(conn, { buffered: new Uint8Array() });
    if (line === undefined) throw new Error("it closed the connection");
    return JSON.parse(line) as AgentAnswer;
  };
  try {
    const answer = await Promise.race([exchange(), timeout]);
    if (typeof answer !== "object" || answer === null) throw new Error("it answered nonsense");
    return answer;
  } finally {
    cancel();
    if (!expired) conn?.close();
  }
}
