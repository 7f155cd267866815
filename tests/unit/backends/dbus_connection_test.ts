import assert from "node:assert/strict";
import { parseBusAddress, sessionBusAddress } from "../../../backends/dbus_address.ts";
import { DbusConnection, DbusError, openSessionBus } from "../../../backends/dbus_connection.ts";
import {
  type DbusMessage,
  decodeMessage,
  encodeMessage,
  MESSAGE_TYPE,
} from "../../../backends/dbus_message.ts";
import type { ByteStream } from "../../../src/platform/deno_unix_socket.ts";
import { fakeEnv } from "../../helpers/fakes.ts";

Deno.test("parseBusAddress() reads unix path and abstract sockets, unescaping values", () => {
  assert.deepEqual(parseBusAddress("unix:path=/run/user/1000/bus"), {
    sockets: [{ path: "/run/user/1000/bus", abstract: false }],
    skipped: [],
  });
  assert.deepEqual(
    parseBusAddress("unix:abstract=/tmp/dbus-x,guid=ab;tcp:host=h,port=1;unix:path=/a%20b"),
    {
      sockets: [{ path: "/tmp/dbus-x", abstract: true }, { path: "/a b", abstract: false }],
      skipped: ["tcp"],
    },
  );
});

Deno.test("sessionBusAddress() falls back to $XDG_RUNTIME_DIR/bus and explains a missing bus", () => {
  assert.deepEqual(sessionBusAddress(fakeEnv({ XDG_RUNTIME_DIR: "/run/user/7/" })), {
    sockets: [{ path: "/run/user/7/bus", abstract: false }],
    source: '"/run/user/7/bus"',
  });
  assert.equal(
    sessionBusAddress(fakeEnv({})).problem,
    "no session bus: DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are not set",
  );
  assert.equal(
    sessionBusAddress(fakeEnv({ DBUS_SESSION_BUS_ADDRESS: "tcp:host=x,port=1" })).problem,
    'DBUS_SESSION_BUS_ADDRESS "tcp:host=x,port=1" names no Unix socket: unsupported transport "tcp"',
  );
});

/** An in-memory stream with a scripted bus on the other end. */
class FakeBus implements ByteStream {
  #queue: Uint8Array[] = [];
  #wake: (() => void) | undefined;
  closed = false;
  calls: DbusMessage[] = [];
  constructor(
    readonly auth: "ok" | "reject" | "silent",
    readonly answer: (m: DbusMessage) => DbusMessage | undefined,
  ) {}
  #push(data: Uint8Array) {
    this.#queue.push(data);
    this.#wake?.();
  }
  async read(buffer: Uint8Array): Promise<number | null> {
    while (this.#queue.length === 0) {
      if (this.closed) return null;
      await new Promise<void>((r) => (this.#wake = r));
    }
    const next = this.#queue.shift()!;
    const n = Math.min(buffer.length, next.length);
    buffer.set(next.subarray(0, n));
    if (n < next.length) this.#queue.unshift(next.subarray(n));
    return n;
  }
  write(data: Uint8Array): Promise<number> {
    const text = new TextDecoder().decode(data);
    if (text.includes("AUTH EXTERNAL")) {
      if (this.auth === "ok") this.#push(new TextEncoder().encode("DATA\r\n"));
      if (this.auth === "reject") this.#push(new TextEncoder().encode("REJECTED EXTERNAL\r\n"));
    } else if (text === "DATA\r\n") {
      this.#push(new TextEncoder().encode("OK 0123456789abcdef\r\n"));
    } else if (text !== "BEGIN\r\n") {
      const m = decodeMessage(data);
      this.calls.push(m);
      const reply = m.member === "Hello"
        ? { signature: "s", body: [":1.5"], type: MESSAGE_TYPE.methodReturn }
        : this.answer(m);
      if (reply) {
        // Split the reply in two chunks to exercise reassembly.
        const bytes = encodeMessage({
          flags: 0,
          serial: 100 + m.serial,
          replySerial: m.serial,
          ...reply,
        });
        this.#push(bytes.subarray(0, 5));
        this.#push(bytes.subarray(5));
      }
    }
    return Promise.resolve(data.length);
  }
  close(): void {
    this.closed = true;
    this.#wake?.();
  }
}

const reply = (signature: string, body: unknown[]): DbusMessage => ({
  type: MESSAGE_TYPE.methodReturn,
  flags: 0,
  serial: 0,
  signature,
  body,
});

Deno.test("DbusConnection authenticates, says Hello and matches replies to calls", async () => {
  const bus = new FakeBus("ok", (m) => reply("s", [`echo ${m.member}`]));
  const conn = await DbusConnection.open(bus, { timeoutMs: 1000 });
  assert.equal(conn.uniqueName, ":1.5");
  const [a, b] = await Promise.all([
    conn.call({ destination: "d", path: "/", interface: "i", member: "One" }),
    conn.call({ destination: "d", path: "/", interface: "i", member: "Two" }),
  ]);
  assert.deepEqual([a, b], [["echo One"], ["echo Two"]]);
  assert.deepEqual(bus.calls.map((c) => c.member), ["Hello", "One", "Two"]);
  await conn.close();
  assert.equal(bus.closed, true);
});

Deno.test("DbusConnection turns error replies into DbusError with name and message", async () => {
  const bus = new FakeBus("ok", () => ({
    type: MESSAGE_TYPE.error,
    flags: 0,
    serial: 0,
    errorName: "org.freedesktop.Secret.Error.IsLocked",
    signature: "s",
    body: ["Cannot get secret of a locked object"],
  }));
  const conn = await DbusConnection.open(bus, { timeoutMs: 1000 });
  await assert.rejects(
    () => conn.call({ destination: "d", path: "/", interface: "i", member: "M" }),
    (e: Error) => {
      assert.ok(e instanceof DbusError);
      assert.equal(e.errorName, "org.freedesktop.Secret.Error.IsLocked");
      assert.equal(e.message, "Cannot get secret of a locked object");
      return true;
    },
  );
  await conn.close();
});

Deno.test("DbusConnection gives up on an unanswered call after its time limit", async () => {
  const conn = await DbusConnection.open(new FakeBus("ok", () => undefined), { timeoutMs: 1000 });
  const start = performance.now();
  await assert.rejects(
    () => conn.call({ destination: "d", path: "/", interface: "i", member: "Slow", timeoutMs: 50 }),
    /^DbusError: no reply to i\.Slow within 0\.05 s$/,
  );
  assert.ok(performance.now() - start < 1000);
  const pending = conn.call({ destination: "d", path: "/", interface: "i", member: "Never" });
  await conn.close();
  await assert.rejects(() => pending, /the D-Bus connection was closed/);
});

Deno.test("DbusConnection.open() fails on a rejected or silent authentication, within its time limit", async () => {
  await assert.rejects(
    () => DbusConnection.open(new FakeBus("reject", () => undefined), { timeoutMs: 1000 }),
    /^DbusError: D-Bus authentication failed: the bus answered "REJECTED EXTERNAL"$/,
  );
  const silent = new FakeBus("silent", () => undefined);
  const start = performance.now();
  await assert.rejects(
    () => DbusConnection.open(silent, { timeoutMs: 60 }),
    /^DbusError: D-Bus authentication failed: no answer within 0\.06 s$/,
  );
  assert.ok(performance.now() - start < 1000);
  assert.equal(silent.closed, true);
});

Deno.test("openSessionBus() tries each socket of the address and reports the last failure", async () => {
  const tried: string[] = [];
  const env = fakeEnv({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/first;unix:abstract=/second" });
  await assert.rejects(
    () =>
      openSessionBus(env, (path, o) => {
        tried.push(`${path}${o?.abstract ? " (abstract)" : ""}`);
        return Promise.reject(new Error(`refused ${path}`));
      }, { timeoutMs: 100 }),
    (e: Error) => {
      assert.ok(e instanceof DbusError);
      assert.equal(e.errorName, "org.freedesktop.DBus.Error.NoServer");
      assert.equal(
        e.message,
        'cannot connect to the session bus at DBUS_SESSION_BUS_ADDRESS "unix:path=/first;unix:abstract=/second": ' +
          "refused /second",
      );
      return true;
    },
  );
  assert.deepEqual(tried, ["/first", "/second (abstract)"]);
  const conn = await openSessionBus(
    env,
    () => Promise.resolve(new FakeBus("ok", () => undefined)),
    {
      timeoutMs: 100,
    },
  );
  assert.equal(conn.uniqueName, ":1.5");
  await conn.close();
});
