import type { Credentials } from "../../../src/aws_credentials.ts";
import { CredentialCache } from "../../../src/server/credential_cache.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { FakeClock } from "../../helpers/fakes.ts";

function session(n: number, expiration: Date | undefined): Credentials {
  return { accessKeyId: `ASIA${n}`, secretAccessKey: "s", sessionToken: "t", expiration };
}

Deno.test("CredentialCache keeps credentials until they are within the window of expiring", async () => {
  const clock = new FakeClock(new Date("2026-01-01T00:00:00Z"));
  let calls = 0;
  const cache = new CredentialCache({
    retrieve: () => {
      calls++;
      return Promise.resolve(session(calls, new Date(clock.now().getTime() + 60 * 60_000)));
    },
  }, clock);
  assertEquals((await cache.retrieve()).accessKeyId, "ASIA1");
  clock.advance(54 * 60_000);
  assertEquals((await cache.retrieve()).accessKeyId, "ASIA1");
  clock.advance(60_000);
  assertEquals((await cache.retrieve()).accessKeyId, "ASIA2", "renewed 5 minutes before expiry");
  assertEquals(calls, 2);
});

Deno.test("CredentialCache shares one retrieval between concurrent requests and forgets failures", async () => {
  const clock = new FakeClock();
  let calls = 0;
  let fail = true;
  const cache = new CredentialCache({
    retrieve: async () => {
      calls++;
      await Promise.resolve();
      if (fail) throw new Error("no MFA code");
      return session(calls, undefined);
    },
  }, clock);
  const first = cache.retrieve();
  await assertRejects(() => cache.retrieve(), Error, "no MFA code");
  await assertRejects(() => first, Error, "no MFA code");
  assertEquals(calls, 1);
  fail = false;
  const [a, b] = await Promise.all([cache.retrieve(), cache.retrieve()]);
  assertEquals([a.accessKeyId, b.accessKeyId, calls], ["ASIA2", "ASIA2", 2]);
  assertEquals(
    (await cache.retrieve()).accessKeyId,
    "ASIA2",
    "credentials without expiry are kept",
  );
});
