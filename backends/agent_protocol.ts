/**
 * What the file backend's agent (`aws-vault agent`) and its clients say to each
 * other: where its socket is, and newline-delimited JSON over it, one request
 * and one answer per line, each line at most {@linkcode MAX_AGENT_LINE} bytes.
 *
 * @module
 */

import { ConfigError } from "../src/errors.ts";
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
 * The most bytes of a Unix socket's path: `sun_path` holds 108 bytes on Linux
 * and 104 on macOS and the BSDs, the terminating NUL included.
 */
export function maxSocketPathBytes(os: OsName): number {
  return os === "linux" ? 107 : 103;
}

/**
 * The agent's socket: `AWS_VAULT_AGENT_SOCK`, else `$XDG_RUNTIME_DIR/aws-vault/agent.sock`
 * (an absolute `XDG_RUNTIME_DIR` only, as its specification says), else
 * `<home>/.awsvault/agent/agent.sock`. Throws {@linkcode ConfigError} when the
 * path is relative or too long for a Unix socket.
 */
export function agentSocketPath(env: Env, home: () => string, os: OsName): string {
  const given = env.get(AGENT_SOCK_ENV);
  const runtime = env.get("XDG_RUNTIME_DIR");
  let path: string;
  if (given) {
    if (!given.startsWith("/")) {
      throw new ConfigError(`${AGENT_SOCK_ENV} ${JSON.stringify(given)} is not an absolute path`);
    }
    path = given;
  } else if (runtime?.startsWith("/")) {
    path = `${runtime.replace(/\/+$/, "")}/aws-vault/agent.sock`;
  } else {
    path = `${home().replace(/\/+$/, "")}/.awsvault/agent/agent.sock`;
  }
  const bytes = new TextEncoder().encode(path).length;
  if (bytes > maxSocketPathBytes(os)) {
    throw new ConfigError(
      `The agent's socket path ${JSON.stringify(path)} is ${bytes} bytes long, more than the ` +
        `${maxSocketPathBytes(os)} a Unix socket may have: set ${AGENT_SOCK_ENV} to a shorter one`,
    );
  }
  return path;
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
