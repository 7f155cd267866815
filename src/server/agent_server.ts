/**
 * `aws-vault agent`'s server: holds the file backend's passphrase in memory and
 * answers, over its Unix socket, only four requests: the passphrase (for its own
 * vault), an item's plaintext (remembered for unexpired sessions), its status,
 * and stop. Anything else, a malformed line or one too long, closes the
 * connection. It forgets everything and ends after an idle time without
 * requests, or at the end of its lifetime, whichever comes first.
 *
 * @module
 */

import {
  type AgentAnswer,
  type AgentRequest,
  type AgentStatus,
  readLine,
  vaultDirKey,
  writeLine,
} from "../../backends/agent_protocol.ts";
import type { ByteStream } from "../platform/deno_unix_socket.ts";
import type { UnixListener } from "../platform/unix_listener.ts";
import { SessionMemory } from "./agent_sessions.ts";

/** How long a connection may stay silent before it is closed. */
const CONNECTION_IDLE_MS = 5000;

/** Options of {@linkcode serveAgent}. */
export interface AgentServerOptions {
  listener: UnixListener;
  /** The vault directory it holds the passphrase of. */
  dir: string;
  passphrase: string;
  idleMs: number;
  lifetimeMs: number;
  now?: () => number;
  pid: number;
}

/** Serves until stopped (a `stop` request, a time limit, or {@linkcode RunningAgent.stop}). */
export interface RunningAgent {
  /** Resolves with why the agent stopped, once its listener is closed. */
  readonly stopped: Promise<string>;
  stop(reason: string): void;
  /** What `status` answers. */
  status(): AgentStatus;
}

function isRequest(value: unknown): value is AgentRequest {
  if (typeof value !== "object" || value === null) return false;
  const r = value as Record<string, unknown>;
  switch (r.op) {
    case "passphrase":
      return typeof r.dir === "string";
    case "decrypt":
      return typeof r.dir === "string" && typeof r.jwe === "string";
    case "status":
    case "stop":
      return true;
    default:
      return false;
  }
}

/** Starts serving on `options.listener`. */
export function serveAgent(options: AgentServerOptions): RunningAgent {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const ownDir = vaultDirKey(options.dir);
  const sessions = new SessionMemory(options.passphrase, now);
  let lastUse = startedAt;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let resolveStopped: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => resolveStopped = resolve);
  let done = false;

  const forgetsAt = () => Math.min(lastUse + options.idleMs, startedAt + options.lifetimeMs);
  const stop = (reason: string) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    sessions.clear();
    options.listener.close();
    resolveStopped(reason);
  };
  const schedule = () => {
    clearTimeout(timer);
    const left = forgetsAt() - now();
    if (left <= 0) {
      stop(lastUse + options.idleMs <= startedAt + options.lifetimeMs ? "idle" : "lifetime");
    } else timer = setTimeout(schedule, Math.min(left, 2 ** 30));
  };

  const status = (): AgentStatus => ({
    pid: options.pid,
    dir: ownDir,
    startedAt,
    forgetsAt: forgetsAt(),
    sessions: sessions.size(),
    fromMemory: sessions.hits,
  });

  const answer = async (request: AgentRequest): Promise<AgentAnswer> => {
    if (request.op === "status") return { ok: true, status: status() };
    if (request.op === "stop") return { ok: true };
    if (vaultDirKey(request.dir) !== ownDir) {
      return { ok: false, reason: "it serves another vault" };
    }
    if (now() >= forgetsAt()) return { ok: false, reason: "it has expired" };
    lastUse = now();
    schedule();
    if (request.op === "passphrase") return { ok: true, passphrase: options.passphrase };
    const plaintext = await sessions.plaintext(request.jwe);
    return plaintext === undefined
      ? { ok: false, reason: "it cannot decrypt the item" }
      : { ok: true, plaintext };
  };

  const handle = async (conn: ByteStream) => {
    const state = { buffered: new Uint8Array() };
    let closeTimer: ReturnType<typeof setTimeout> | undefined;
    const arm = () => {
      clearTimeout(closeTimer);
      closeTimer = setTimeout(() => conn.close(), CONNECTION_IDLE_MS);
    };
    try {
      for (;;) {
        arm();
        const line = await readLine(conn, state);
        if (line === undefined || done) break;
        const request: unknown = JSON.parse(line);
        if (!isRequest(request)) break;
        await writeLine(conn, await answer(request));
        if (request.op === "stop") {
          stop("stop");
          break;
        }
      }
    } catch {
      // a malformed or oversized line, or a client that went away: only this connection ends
    } finally {
      clearTimeout(closeTimer);
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };

  (async () => {
    try {
      for await (const conn of options.listener) handle(conn);
    } catch {
      // the listener was closed
    }
    stop("closed");
  })();
  schedule();
  return { stopped, stop, status };
}
