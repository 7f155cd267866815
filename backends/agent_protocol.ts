/**
 * What the file backend's agent (`aws-vault agent`) and its clients say to each
 * other: where its socket is, and newline-delimited JSON over it, one request
 * and one answer per line, each line at most {@linkcode MAX_AGENT_LINE} bytes.
 *
 * @module
 */

import type { ByteStream } from "../src/platform/deno_unix_socket.ts";
import type { Env, OsName } from "../src/platform/types.ts";

/** The variable that names the agent's socket. */
export const AGENT_SOCK_ENV = "AWS_VAULT_AGENT_SOCK";

/** The longest line either side reads; a longer one ends the connection. */
export const MAX_AGENT_LINE = 64 * 1024;

/** A request to the agent. */
export type AgentRequest =
  | { op: "passphrase"; dir: string }
  | { op: "decrypt"; dir: string; jwe: string }
  | { op: "status" }
  | { op: "stop" };

/** The agent's answer to `status`. */
export interface AgentStatus {
  pid: number;
  dir: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** When the agent forgets the passphrase and exits, if not used again (ms since the epoch). */
  forgetsAt: number;
  /** How many decrypted sessions it holds. */
  sessions: number;
  /** How many item requests it answered from memory, without decrypting. */
  fromMemory: number;
}

/** An answer: `ok` with the request's result, or `ok: false` with a reason that holds no secret. */
export type AgentAnswer =
  | { ok: true; passphrase?: string; plaintext?: string; status?: AgentStatus }
  | { ok: false; reason: string };

/**
 * The agent's socket: `AWS_VAULT_AGENT_SOCK`, else `$XDG_RUNTIME_DIR/aws-vault/agent.sock`,
 * else `<home>/.awsvault/agent/agent.sock`.
 */
export function agentSocketPath(env: Env, home: () => string): string {
  const given = env.get(AGENT_SOCK_ENV);
  if (given) return given;
  const runtime = env.get("XDG_RUNTIME_DIR");
  if (runtime) return `${runtime.replace(/\/+$/, "")}/aws-vault/agent.sock`;
  return `${home().replace(/\/+$/, "")}/.awsvault/agent/agent.sock`;
}

/** Whether the agent can run here: Deno has Unix sockets everywhere but on Windows. */
export function agentSupported(os: OsName): boolean {
  return os !== "windows";
}

/** The form of a vault directory both sides compare (trailing slashes removed). */
export function vaultDirKey(dir: string): string {
  return dir.length > 1 ? dir.replace(/\/+$/, "") : dir;
}

/** Reads one line (without its newline); `undefined` at end of stream; throws when it is too long. */
export async function readLine(
  stream: ByteStream,
  state: { buffered: Uint8Array },
): Promise<string | undefined> {
  let data = state.buffered;
  for (;;) {
    const end = data.indexOf(10);
    if (end >= 0) {
      state.buffered = data.slice(end + 1);
      return new TextDecoder("utf-8", { fatal: true }).decode(data.subarray(0, end));
    }
    if (data.length > MAX_AGENT_LINE) throw new RangeError("The line is too long");
    const chunk = new Uint8Array(16 * 1024);
    const n = await stream.read(chunk);
    if (n === null) return undefined;
    const joined = new Uint8Array(data.length + n);
    joined.set(data);
    joined.set(chunk.subarray(0, n), data.length);
    data = joined;
  }
}

/** Writes `value` as one JSON line. */
export async function writeLine(stream: ByteStream, value: unknown): Promise<void> {
  let bytes = new TextEncoder().encode(JSON.stringify(value) + "\n");
  while (bytes.length > 0) bytes = bytes.subarray(await stream.write(bytes));
}
