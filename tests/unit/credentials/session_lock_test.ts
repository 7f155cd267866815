/**
 * The session lock's failure sharing: a holder whose call fails because of the
 * endpoint records the error; callers that waited for it report that error
 * instead of making the same call; other failures and old records are not shared.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { CredentialsError } from "../../../src/errors.ts";
import {
  createSessionLock,
  failureFileName,
  lockFileName,
  type SessionLock,
} from "../../../src/credentials/session_lock.ts";
import { FakeClock, MemoryFileLocks, MemoryFs } from "../../helpers/fakes.ts";

const LABEL = "sts.GetSessionToken for profile p";
const TIMEOUT = 'profile p: sts.GetSessionToken failed: no answer from "http://h" in time';

/** A fake clock whose sleeps also let timers and other tasks run. */
class YieldingClock extends FakeClock {
  override async sleep(ms: number): Promise<void> {
    await super.sleep(ms);
    await new Promise((r) => setTimeout(r, 0));
  }
}

function world() {
  const locks = new MemoryFileLocks();
  const fs = new MemoryFs();
  const clock = new YieldingClock();
  const lines: string[] = [];
  const make = (): SessionLock =>
    createSessionLock({
      locks,
      fs,
      clock,
      log: { enabled: true, debug: (m) => lines.push(m) },
      dir: "/l",
    });
  return { locks, fs, clock, lines, make };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Starts a holder whose call ends when the test says, and a waiter behind it. */
async function holderAndWaiter(w: ReturnType<typeof world>) {
  const call = deferred<string>();
  const holder = w.make()("k", LABEL, () => call.promise);
  while (w.locks.held.size === 0) await new Promise((r) => setTimeout(r, 0));
  let waiterCalls = 0;
  const waiter = w.make()("k", LABEL, () => {
    waiterCalls++;
    return Promise.resolve("own");
  });
  while (!w.lines.some((l) => l.startsWith("Waiting for another aws-vault process"))) {
    await new Promise((r) => setTimeout(r, 0));
  }
  return { call, holder, waiter, waiterCalls: () => waiterCalls };
}

Deno.test("session lock: waiters report the holder's endpoint failure without calling", async () => {
  const w = world();
  const { call, holder, waiter, waiterCalls } = await holderAndWaiter(w);
  call.reject(new CredentialsError(TIMEOUT, { code: "AWS_TIMEOUT" }));
  await assertRejects(() => holder, CredentialsError, TIMEOUT);
  const e = await assertRejects(() => waiter, CredentialsError, TIMEOUT);
  assertEquals(e.message, TIMEOUT);
  assertEquals(e.code, "AWS_TIMEOUT");
  assertEquals(waiterCalls(), 0);
  assertEquals(
    w.lines.includes(`The other aws-vault process failed to get ${LABEL}; reporting its error`),
    true,
  );
  const record = `/l/${failureFileName(await lockFileName("k"))}`;
  assertEquals(w.fs.files.get(record)?.mode, 0o600);
  assertEquals(Object.keys(JSON.parse(w.fs.text(record)!)).sort(), ["at", "code", "message"]);
  assertEquals(w.locks.held.size, 0);
});

Deno.test("session lock: a failure that depends on the caller is not shared", async () => {
  for (const code of ["AWS_API", "NO_TERMINAL", "CREDENTIALS"]) {
    const w = world();
    const { call, holder, waiter, waiterCalls } = await holderAndWaiter(w);
    call.reject(new CredentialsError("AccessDenied: MFA code invalid", { code }));
    await assertRejects(() => holder, CredentialsError);
    assertEquals(await waiter, "own", code);
    assertEquals(waiterCalls(), 1);
  }
});

Deno.test("session lock: a failure recorded before the wait began is ignored, then removed", async () => {
  const w = world();
  const record = `/l/${failureFileName(await lockFileName("k"))}`;
  w.fs.put(
    record,
    JSON.stringify({ at: w.clock.now().getTime() - 1, code: "AWS_TIMEOUT", message: TIMEOUT }),
  );
  const { call, holder, waiter, waiterCalls } = await holderAndWaiter(w);
  call.resolve("holder's");
  assertEquals(await holder, "holder's");
  assertEquals(await waiter, "own");
  assertEquals(waiterCalls(), 1);
  assertEquals(w.fs.files.has(record), false, "a success removes the record");
});

Deno.test("session lock: a caller that did not wait makes its own call", async () => {
  const w = world();
  const record = `/l/${failureFileName(await lockFileName("k"))}`;
  w.fs.put(record, JSON.stringify({ at: Date.now() * 2, code: "AWS_TIMEOUT", message: TIMEOUT }));
  assertEquals(await w.make()("k", LABEL, () => Promise.resolve(1)), 1);
});
