/**
 * The servers' in-memory credentials: when they are refreshed (a fake clock),
 * what a cached session must have left to replace them, one refresh for many
 * callers, and what a failed refresh hands out.
 */

import type { Credentials } from "../../../src/aws_credentials.ts";
import { CredentialsError } from "../../../src/errors.ts";
import type { Logger } from "../../../src/platform/types.ts";
import {
  RefreshingCredentials,
  refreshWindowMs,
} from "../../../src/server/refreshing_credentials.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { FakeClock } from "../../helpers/fakes.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A fetch whose answers the test sets, recording each call's minimum TTL. */
function world(lifetimeMs = HOUR) {
  const clock = new FakeClock();
  const minTtls: number[] = [];
  const lines: string[] = [];
  const log: Logger = { enabled: true, debug: (m) => lines.push(m) };
  const failures: Error[] = [];
  let lifetime = lifetimeMs;
  let gate: Promise<void> | undefined;
  const fetch = async (minTtlMs: number): Promise<Credentials> => {
    minTtls.push(minTtlMs);
    if (gate) await gate;
    const failure = failures.shift();
    if (failure) throw failure;
    return {
      accessKeyId: `ASIA${minTtls.length}`,
      secretAccessKey: "s",
      sessionToken: "t",
      expiration: new Date(clock.now().getTime() + lifetime),
    };
  };
  const creds = new RefreshingCredentials({ fetch, clock, log, label: "profile p" });
  return {
    creds,
    clock,
    minTtls,
    lines,
    failures,
    setLifetime: (ms: number) => lifetime = ms,
    /** Holds every fetch until the returned function is called. */
    hold(): () => void {
      let release = () => {};
      gate = new Promise<void>((resolve) => release = resolve);
      return () => {
        gate = undefined;
        release();
      };
    },
  };
}

Deno.test("refreshWindowMs(): 15 minutes, half of a shorter life, 5 minutes at least unless shorter", () => {
  const cases: [number, number][] = [
    [12 * HOUR, 15 * MINUTE],
    [HOUR, 15 * MINUTE],
    [25 * MINUTE, 12.5 * MINUTE],
    [15 * MINUTE, 7.5 * MINUTE],
    [8 * MINUTE, 5 * MINUTE],
    [6 * MINUTE, 5 * MINUTE],
    [4 * MINUTE, 2 * MINUTE],
    [6 * SECOND, 3 * SECOND],
  ];
  assertEquals(cases.map(([left]) => [left, refreshWindowMs(left)]), cases);
});

Deno.test("credentials are kept until 15 minutes before they expire, then fetched anew", async () => {
  const w = world();
  const first = await w.creds.get();
  w.clock.advance(45 * MINUTE - SECOND);
  assertEquals(await w.creds.get(), first);
  assertEquals(w.minTtls.length, 1);
  w.clock.advance(SECOND);
  const second = await w.creds.get();
  assertEquals(second.accessKeyId, "ASIA2");
  // The first fetch takes any session with 5 minutes left; a refresh asks for twice the window.
  assertEquals(w.minTtls, [5 * MINUTE, 30 * MINUTE]);
  assertEquals(w.lines.includes("profile p: refreshing credentials"), true);
});

Deno.test("a 15-minute session is refreshed at half time, never served under 5 minutes", async () => {
  const w = world(15 * MINUTE);
  await w.creds.get();
  w.clock.advance(7.5 * MINUTE - SECOND);
  assertEquals((await w.creds.get()).accessKeyId, "ASIA1");
  w.clock.advance(SECOND);
  assertEquals((await w.creds.get()).accessKeyId, "ASIA2");
  assertEquals(w.minTtls, [5 * MINUTE, 15 * MINUTE]);
});

Deno.test("32 callers during a refresh share one fetch and its answer", async () => {
  const w = world();
  await w.creds.get();
  w.clock.advance(50 * MINUTE);
  const release = w.hold();
  const waiting = Array.from({ length: 32 }, () => w.creds.get());
  release();
  const answers = await Promise.all(waiting);
  assertEquals(new Set(answers.map((c) => c.accessKeyId)), new Set(["ASIA2"]));
  assertEquals(w.minTtls.length, 2);
  // Once it is over, the next refresh is a new fetch.
  w.clock.advance(50 * MINUTE);
  assertEquals((await w.creds.get()).accessKeyId, "ASIA3");
});

Deno.test("a failed refresh hands out usable credentials and waits a minute to try again", async () => {
  const w = world();
  const first = await w.creds.get();
  w.clock.advance(50 * MINUTE);
  w.failures.push(new CredentialsError("no way to ask for the MFA code"));
  assertEquals(await w.creds.get(), first);
  assertEquals(
    w.lines.at(-1),
    "profile p: refreshing failed, handing out the current credentials for now: " +
      "no way to ask for the MFA code",
  );
  w.clock.advance(59 * SECOND);
  assertEquals(await w.creds.get(), first);
  assertEquals(w.minTtls.length, 2);
  w.clock.advance(SECOND);
  assertEquals((await w.creds.get()).accessKeyId, "ASIA3");
});

Deno.test("with under 5 minutes left, a failed refresh is the answer", async () => {
  const w = world();
  await w.creds.get();
  w.clock.advance(55 * MINUTE + SECOND);
  w.failures.push(new CredentialsError("no way to ask for the MFA code"));
  const error = await assertRejects(() => w.creds.get(), CredentialsError);
  assertEquals(error.message, "no way to ask for the MFA code");
  // Every later request tries again.
  assertEquals((await w.creds.get()).accessKeyId, "ASIA3");
});

Deno.test("the first fetch's failure is the answer, and the next request tries again", async () => {
  const w = world();
  w.failures.push(new CredentialsError("STS is down"));
  await assertRejects(() => w.creds.get(), CredentialsError);
  assertEquals((await w.creds.get()).accessKeyId, "ASIA2");
});

Deno.test("credentials that never expire are fetched once", async () => {
  const clock = new FakeClock();
  let fetches = 0;
  const creds = new RefreshingCredentials({
    fetch: () => {
      fetches++;
      return Promise.resolve({ accessKeyId: "AKIA", secretAccessKey: "s" });
    },
    clock,
    log: { enabled: false, debug: () => {} },
    label: "profile p",
  });
  await creds.get();
  clock.advance(100 * HOUR);
  await creds.get();
  assertEquals(fetches, 1);
});

Deno.test("credentials that arrive expired are refused", async () => {
  const w = world();
  w.setLifetime(0);
  const error = await assertRejects(() => w.creds.get(), CredentialsError);
  assertEquals(error.message, "profile p: the new credentials had already expired");
});
