/**
 * A minimal D-Bus client connection over a byte stream: SASL EXTERNAL
 * authentication, `Hello`, method calls matched to replies by serial (each with
 * a time limit), and signal delivery. One connection serves one short task and
 * is then closed.
 *
 * @module
 */

import type { Env } from "../src/platform/types.ts";
import type { ByteStream, UnixSocketConnector } from "../src/platform/deno_unix_socket.ts";
import { startDeadline } from "../src/platform/deadline.ts";
import { sessionBusAddress } from "./dbus_address.ts";
import {
  type DbusMessage,
  decodeMessage,
  encodeMessage,
  FLAG_NO_REPLY_EXPECTED,
  MESSAGE_TYPE,
  messageLength,
} from "./dbus_message.ts";

/** A D-Bus error reply (`org.freedesktop.DBus.Error.ServiceUnknown`, ...). */
export class DbusError extends Error {
  /** The D-Bus error name. */
  readonly errorName: string;
  constructor(errorName: string, message: string) {
    super(message === "" ? errorName : message);
    this.name = "DbusError";
    this.errorName = errorName;
  }
}

/** A method call to make. */
export interface DbusCall {
  destination: string;
  path: string;
  interface: string;
  member: string;
  signature?: string;
  body?: unknown[];
  /** Time limit for the reply, in milliseconds (default: the connection's). */
  timeoutMs?: number;
}

/** What the Secret Service code needs from a bus connection (fakes implement it too). */
export interface DbusClient {
  /** Calls a method and resolves to the reply's body; rejects with {@linkcode DbusError}. */
  call(call: DbusCall): Promise<unknown[]>;
  /** Registers a signal listener; returns a function that removes it. */
  onSignal(listener: (message: DbusMessage) => void): () => void;
  close(): Promise<void>;
}

const BUS = {
  destination: "org.freedesktop.DBus",
  path: "/org/freedesktop/DBus",
  interface: "org.freedesktop.DBus",
};

interface Pending {
  resolve(body: unknown[]): void;
  reject(error: Error): void;
  cancel(): void;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** A connection to a message bus. Create with {@linkcode DbusConnection.open}. */
export class DbusConnection implements DbusClient {
  readonly #stream: ByteStream;
  readonly #timeoutMs: number;
  #serial = 0;
  #pending = new Map<number, Pending>();
  #listeners = new Set<(message: DbusMessage) => void>();
  #buffer: Uint8Array = new Uint8Array();
  #writing: Promise<void> = Promise.resolve();
  #closed = false;
  #failure: Error | undefined;
  #pump: Promise<void> = Promise.resolve();
  /** Our unique bus name (`:1.42`). */
  uniqueName = "";

  private constructor(stream: ByteStream, timeoutMs: number) {
    this.#stream = stream;
    this.#timeoutMs = timeoutMs;
  }

  /**
   * Authenticates on `stream` (EXTERNAL, identity taken from the socket) and
   * says `Hello`, all within `timeoutMs`. Closes the stream on failure.
   */
  static async open(stream: ByteStream, options: { timeoutMs: number }): Promise<DbusConnection> {
    const conn = new DbusConnection(stream, options.timeoutMs);
    let expired = false;
    const cancel = startDeadline(options.timeoutMs, () => {
      expired = true;
      stream.close();
    });
    try {
      await conn.#authenticate();
    } catch (error) {
      cancel();
      try {
        stream.close();
      } catch {
        // already closed when the time ran out
      }
      const why = expired ? `no answer within ${options.timeoutMs / 1000} s` : describe(error);
      throw new DbusError(
        "org.freedesktop.DBus.Error.AuthFailed",
        `D-Bus authentication failed: ${why}`,
      );
    }
    cancel();
    conn.#pump = conn.#readLoop();
    try {
      const [name] = await conn.call({ ...BUS, member: "Hello" });
      conn.uniqueName = String(name);
    } catch (error) {
      await conn.close();
      throw error;
    }
    return conn;
  }

  async #readLine(): Promise<string> {
    const chunk = new Uint8Array(512);
    while (true) {
      const end = this.#buffer.indexOf(0x0a);
      if (end >= 0) {
        const line = new TextDecoder().decode(this.#buffer.subarray(0, end)).replace(/\r$/, "");
        this.#buffer = this.#buffer.slice(end + 1);
        return line;
      }
      if (this.#buffer.length > 16384) throw new Error("authentication line too long");
      const n = await this.#stream.read(chunk);
      if (n === null) throw new Error("the bus closed the connection");
      this.#buffer = concat(this.#buffer, chunk.subarray(0, n));
    }
  }

  async #authenticate(): Promise<void> {
    const enc = new TextEncoder();
    await this.#writeAll(concat(new Uint8Array([0]), enc.encode("AUTH EXTERNAL\r\n")));
    let line = await this.#readLine();
    if (line.startsWith("DATA")) {
      await this.#writeAll(enc.encode("DATA\r\n"));
      line = await this.#readLine();
    }
    if (!line.startsWith("OK ")) throw new Error(`the bus answered "${line}"`);
    await this.#writeAll(enc.encode("BEGIN\r\n"));
  }

  #writeAll(data: Uint8Array): Promise<void> {
    const run = async () => {
      let done = 0;
      while (done < data.length) done += await this.#stream.write(data.subarray(done));
    };
    const next = this.#writing.then(run);
    this.#writing = next.catch(() => {});
    return next;
  }

  async #readLoop(): Promise<void> {
    const chunk = new Uint8Array(65536);
    try {
      while (true) {
        let length = messageLength(this.#buffer);
        while (length !== undefined && this.#buffer.length >= length) {
          const message = decodeMessage(this.#buffer.subarray(0, length));
          this.#buffer = this.#buffer.slice(length);
          this.#dispatch(message);
          length = messageLength(this.#buffer);
        }
        const n = await this.#stream.read(chunk);
        if (n === null) throw new Error("the bus closed the connection");
        this.#buffer = concat(this.#buffer, chunk.subarray(0, n));
      }
    } catch (error) {
      this.#fail(this.#closed ? new Error("the D-Bus connection was closed") : asError(error));
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const [serial, pending] of this.#pending) {
      pending.cancel();
      this.#pending.delete(serial);
      pending.reject(this.#failure);
    }
  }

  #dispatch(message: DbusMessage): void {
    if (message.type === MESSAGE_TYPE.methodReturn || message.type === MESSAGE_TYPE.error) {
      const pending = message.replySerial === undefined
        ? undefined
        : this.#pending.get(message.replySerial);
      if (pending === undefined) return;
      this.#pending.delete(message.replySerial!);
      pending.cancel();
      if (message.type === MESSAGE_TYPE.methodReturn) pending.resolve(message.body);
      else {
        const text = typeof message.body[0] === "string" ? message.body[0] : "";
        pending.reject(
          new DbusError(message.errorName ?? "org.freedesktop.DBus.Error.Failed", text),
        );
      }
    } else if (message.type === MESSAGE_TYPE.signal) {
      for (const listener of [...this.#listeners]) listener(message);
    } else if (
      message.type === MESSAGE_TYPE.methodCall && !(message.flags & FLAG_NO_REPLY_EXPECTED)
    ) {
      this.#send({
        type: MESSAGE_TYPE.error,
        flags: FLAG_NO_REPLY_EXPECTED,
        serial: 0,
        errorName: "org.freedesktop.DBus.Error.UnknownMethod",
        replySerial: message.serial,
        destination: message.sender,
        signature: "s",
        body: ["this client exports no objects"],
      }).catch(() => {});
    }
  }

  #send(message: DbusMessage): Promise<void> {
    message.serial = ++this.#serial;
    return this.#writeAll(encodeMessage(message));
  }

  /** {@inheritDoc DbusClient.call} */
  call(call: DbusCall): Promise<unknown[]> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    const message: DbusMessage = {
      type: MESSAGE_TYPE.methodCall,
      flags: 0,
      serial: 0,
      path: call.path,
      interface: call.interface,
      member: call.member,
      destination: call.destination,
      signature: call.signature ?? "",
      body: call.body ?? [],
    };
    const timeoutMs = call.timeoutMs ?? this.#timeoutMs;
    return new Promise<unknown[]>((resolve, reject) => {
      let serial = 0;
      const cancel = startDeadline(timeoutMs, () => {
        this.#pending.delete(serial);
        reject(
          new DbusError(
            "org.freedesktop.DBus.Error.NoReply",
            `no reply to ${call.interface}.${call.member} within ${timeoutMs / 1000} s`,
          ),
        );
      });
      const send = this.#send(message);
      serial = message.serial;
      this.#pending.set(serial, { resolve, reject, cancel });
      send.catch((error) => {
        if (!this.#pending.delete(serial)) return;
        cancel();
        reject(asError(error));
      });
    });
  }

  /** {@inheritDoc DbusClient.onSignal} */
  onSignal(listener: (message: DbusMessage) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes the connection and waits until its reader has stopped. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      try {
        this.#stream.close();
      } catch {
        // already closed
      }
    }
    await this.#pump;
    this.#fail(new Error("the D-Bus connection was closed"));
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0];
}

/** Calls `org.freedesktop.DBus` methods (`NameHasOwner`, `AddMatch`, ...) on the bus itself. */
export async function callBus(
  client: DbusClient,
  member: string,
  signature = "",
  body: unknown[] = [],
) {
  return await client.call({ ...BUS, member, signature, body });
}

/**
 * Connects to the session bus named by the environment (trying each Unix socket
 * of the address in turn), authenticates and says `Hello`, within `timeoutMs`
 * per socket. Throws a {@linkcode DbusError} named `org.freedesktop.DBus.Error.NoServer`.
 */
export async function openSessionBus(
  env: Env,
  connect: UnixSocketConnector,
  options: { timeoutMs: number },
): Promise<DbusConnection> {
  const address = sessionBusAddress(env);
  const noServer = (detail: string) => new DbusError("org.freedesktop.DBus.Error.NoServer", detail);
  if (address.sockets.length === 0) throw noServer(address.problem ?? "no session bus address");
  let last = "";
  for (const socket of address.sockets) {
    let stream: ByteStream;
    try {
      stream = await withTimeout(
        connect(socket.path, { abstract: socket.abstract }),
        options.timeoutMs,
      );
    } catch (error) {
      last = describe(error);
      continue;
    }
    try {
      return await DbusConnection.open(stream, options);
    } catch (error) {
      last = describe(error);
    }
  }
  throw noServer(`cannot connect to the session bus at ${address.source}: ${last}`);
}

async function withTimeout(pending: Promise<ByteStream>, timeoutMs: number): Promise<ByteStream> {
  let cancel = () => {};
  let late = false;
  const expired = new Promise<never>((_, reject) => {
    cancel = startDeadline(timeoutMs, () => {
      late = true;
      reject(new Error(`no connection within ${timeoutMs / 1000} s`));
    });
  });
  pending.then((stream) => {
    if (late) stream.close();
  }, () => {});
  try {
    return await Promise.race([pending, expired]);
  } finally {
    cancel();
  }
}
