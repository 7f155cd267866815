/**
 * The session cache (spec §6.3, §7.4) and the lock around cache misses.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { CredentialsError } from "../../../src/errors.ts";
import { createSessionLock, lockFileName } from "../../../src/credentials/session_lock.ts";
import { FakeClock, MemoryFileLocks, MemoryFs } from "../../helpers/fakes.ts";
import { chainWorld } from "./chain_world.ts";

const CONFIG = "[profile plain]\n[profile role]\nsource_profile = plain\n" +
  "role_arn = arn:aws:iam::1:role/R\nmfa_serial = arn:aws:iam::1:mfa/u\n";
const MINUTE = 60_000;

Deno.test("cache: a session is reused while at least AWS_MIN_TTL remains", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  const first = await w.retrieve("plain");
  w.clock.advance(54 * MINUTE);
  const second = await w.retrieve("plain");
  assertEquals(second.accessKeyId, first.accessKeyId);
  assertEquals(w.calls.length, 1);
  assertEquals(
    w.lines.includes(
      "Re-using cached credentials ****************0001 from sts.GetSessionToken, expires in 6m0s",
    ),
    true,
  );
});

Deno.test("cache: a session with less than AWS_MIN_TTL left is replaced", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("plain");
  w.clock.advance(56 * MINUTE);
  const again = await w.retrieve("plain");
  assertEquals(w.calls.length, 2);
  const keys = await w.sessions.list();
  assertEquals(keys.length, 1, "the old session is replaced, not kept beside the new one");
  assertEquals(keys[0].expiration * 1000, again.expiration!.getTime());
});

Deno.test("cache: a longer AWS_MIN_TTL refreshes sooner", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("plain");
  w.ctx.minTtlMs = 2 * 60 * MINUTE;
  await w.retrieve("plain");
  assertEquals(w.calls.length, 2);
});

Deno.test("cache: expired and old-format sessions are purged before a cached read", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("role", {}); // caches sts.AssumeRole for role (1h)
  await w.keyring.set({
    key: "session,cGxhaW4,,1500000000",
    data: new Uint8Array(),
    label: "",
    description: "",
    keychainNotTrustApplication: false,
    keychainNotSynchronizable: false,
  });
  w.clock.advance(2 * 60 * MINUTE);
  await w.retrieve("plain");
  const keys = await w.keyring.keys();
  assertEquals(keys.filter((k) => k.startsWith("sts.AssumeRole")), []);
  assertEquals(keys.includes("session,cGxhaW4,,1500000000"), false);
});

Deno.test("cache: a failed refresh leaves the still-valid session in place", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("plain");
  const before = await w.keyring.keys();
  w.clock.advance(57 * MINUTE); // 3 minutes left: below AWS_MIN_TTL, still valid
  const fail = () =>
    Promise.reject(new CredentialsError("profile plain: sts.GetSessionToken failed: Throttling"));
  w.ctx.sts = () => ({
    getSessionToken: fail,
    assumeRole: fail,
    assumeRoleWithWebIdentity: fail,
    getCallerIdentity: fail,
    getFederationToken: fail,
  });
  await assertRejects(() => w.retrieve("plain"), CredentialsError, "Throttling");
  assertEquals(await w.keyring.keys(), before);
});

Deno.test("cache: rotate's chain neither reads nor writes the cache", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("plain");
  await w.retrieve("plain", { disableCache: true });
  assertEquals(w.calls.length, 2);
  assertEquals((await w.sessions.list()).length, 1);
});

Deno.test("cache: concurrent callers in one process make one STS call", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  const all = await Promise.all(Array.from({ length: 8 }, () => w.retrieve("plain")));
  assertEquals(w.calls.length, 1);
  assertEquals(new Set(all.map((c) => c.accessKeyId)).size, 1);
  assertEquals(w.locks.held.size, 0, "every lock is released");
});

Deno.test("cache: the lock is taken only on a cache miss", async () => {
  const w = chainWorld({ config: CONFIG, stored: ["plain"] });
  await w.retrieve("plain");
  await w.retrieve("plain");
  assertEquals(w.locks.acquired.length, 1);
  assertEquals(w.fs.dirs.get("/home/u/.awsvault/locks"), 0o700);
});

Deno.test("session lock: a holder that never lets go is waited for at most waitMs", async () => {
  const locks = new MemoryFileLocks();
  const clock = new FakeClock();
  const lines: string[] = [];
  const lock = createSessionLock({
    locks,
    fs: new MemoryFs(),
    clock,
    log: { enabled: true, debug: (m) => lines.push(m) },
    dir: "/l",
    waitMs: 5_000,
  });
  locks.held.add(`/l/${await lockFileName("k")}`);
  const start = clock.now().getTime();
  assertEquals(await lock("k", "sts.GetSessionToken for profile p", () => Promise.resolve(42)), 42);
  assertEquals(clock.now().getTime() - start >= 5_000, true);
  assertEquals(
    lines[0],
    "Waiting for another aws-vault process to get sts.GetSessionToken for profile p",
  );
});

Deno.test("session lock: lock file names hide the profile", async () => {
  const name = await lockFileName("sts.GetSessionToken,am9uc21pdGg,,");
  assertEquals(/^[A-Za-z0-9_-]{24}\.lock$/.test(name), true);
});
