/**
 * `rotate` (spec §14) on fakes: the sequence, the messages, the retries, and
 * the state left behind when a step fails.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import type { IamApi } from "../../../src/aws/iam.ts";
import { rotateAccessKey } from "../../../src/credentials/rotate.ts";
import { CredentialsError } from "../../../src/errors.ts";
import { chainWorld } from "./chain_world.ts";

const CONFIG = "[profile jon]\n[profile admin]\nsource_profile = jon\n" +
  "role_arn = arn:aws:iam::1:role/Admin\n";

interface FakeIam {
  calls: string[];
  deleteFailures: number;
  failCreate?: boolean;
}

function world(iamState: FakeIam, opts: { failStore?: boolean } = {}) {
  const w = chainWorld({ config: CONFIG, stored: ["jon"] });
  const printed: string[] = [];
  const iam = (target: { credentials?: { accessKeyId: string } }): IamApi => ({
    getUserName: () => Promise.resolve("jon"),
    createAccessKey: (userName) => {
      iamState.calls.push(`create ${userName ?? "-"} as ${target.credentials?.accessKeyId}`);
      if (iamState.failCreate) return Promise.reject(new Error("LimitExceeded: too many keys"));
      return Promise.resolve({ accessKeyId: "AKIANEWKEY0000NEW1", secretAccessKey: "new-secret" });
    },
    deleteAccessKey: (id, userName) => {
      iamState.calls.push(`delete ${id} ${userName ?? "-"}`);
      if (iamState.deleteFailures-- > 0) return Promise.reject(new Error("InvalidClientTokenId"));
      return Promise.resolve();
    },
  });
  if (opts.failStore) {
    w.store.set = () => Promise.reject(new Error("disk full"));
  }
  const run = async (profile: string, noSession: boolean) => {
    await w.retrieve("jon"); // leaves a session to be deleted
    await rotateAccessKey(
      { chain: w.ctx, iam, print: (l) => printed.push(l) },
      w.resolve(profile),
      { noSession },
    );
  };
  return { w, printed, run };
}

Deno.test("rotate: the documented sequence and messages, with masked key ids", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 0 };
  const { w, printed, run } = world(state);
  await run("jon", false);
  assertEquals(printed, [
    "Rotating credentials stored for profile 'jon' using a session from profile 'jon' (takes 10-20 seconds)",
    "Creating a new access key",
    "Created new access key ****************NEW1",
    "Deleted 1 sessions for jon",
    "Deleting old access key ****************AJON",
    "Deleted old access key ****************AJON",
    "Finished rotating access key",
  ]);
  assertEquals((await w.store.get("jon"))?.accessKeyId, "AKIANEWKEY0000NEW1");
  // A fresh session (cache disabled) signed the IAM calls.
  assertEquals(state.calls, [
    "create - as ASIAGETSESSIONTOKEN0002",
    "delete AKIAJON -",
  ]);
});

Deno.test("rotate --no-session signs with the stored keys", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 0 };
  const { printed, run } = world(state);
  await run("jon", true);
  assertEquals(
    printed[0],
    "Rotating credentials stored for profile 'jon' using master credentials (takes 10-20 seconds)",
  );
  assertEquals(state.calls[0], "create - as AKIAJON");
});

Deno.test("rotate through a role profile finds the source's keys and names the IAM user", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 0 };
  const { w, run } = world(state);
  w.ctx.sts = (target) => ({
    ...chainWorld({ config: CONFIG }).ctx.sts(target),
    getCallerIdentity: () =>
      Promise.resolve({ account: "1", arn: "arn:aws:iam::1:user/team/jon", userId: "AIDA" }),
  });
  await run("admin", false);
  assertEquals(state.calls[0].startsWith("create jon as ASIA"), true, state.calls[0]);
  assertEquals(state.calls[1], "delete AKIAJON jon");
});

Deno.test("rotate retries DeleteAccessKey every 2s for up to 20s", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 3 };
  const { w, run } = world(state);
  const start = w.clock.now().getTime();
  await run("jon", false);
  assertEquals(state.calls.filter((c) => c.startsWith("delete")).length, 4);
  assertEquals(w.clock.now().getTime() - start, 6_000);
});

Deno.test("rotate: when the old key cannot be deleted, the vault keeps the new key and says so", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 100 };
  const { w, run } = world(state);
  const e = await assertRejects(() => run("jon", false), CredentialsError);
  assertEquals(
    e.message,
    "Can't delete old access key ****************AJON: After 12 attempts, last error: " +
      "InvalidClientTokenId. The vault holds the new access key ****************NEW1, which works; " +
      "the old key ****************AJON is still active in AWS: delete it with `aws iam delete-access-key`",
  );
  assertEquals((await w.store.get("jon"))?.accessKeyId, "AKIANEWKEY0000NEW1");
});

Deno.test("rotate: when CreateAccessKey fails, nothing changes", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 0, failCreate: true };
  const { w, run } = world(state);
  await assertRejects(
    () => run("jon", false),
    CredentialsError,
    "Can't create a new access key: LimitExceeded: too many keys; nothing was changed: the vault still holds access key ****************AJON",
  );
  assertEquals((await w.store.get("jon"))?.accessKeyId, "AKIAJON");
});

Deno.test("rotate: when the vault cannot store the new key, it is deleted from AWS again", async () => {
  const state: FakeIam = { calls: [], deleteFailures: 0 };
  const { w, run } = world(state, { failStore: true });
  await assertRejects(
    () => run("jon", false),
    CredentialsError,
    "Can't store the new access key ****************NEW1 in the vault: disk full; it was deleted from AWS again and the vault still holds the old access key ****************AJON, which works",
  );
  assertEquals(state.calls.at(-1), "delete AKIANEWKEY0000NEW1 -");
  assertEquals((await w.store.get("jon"))?.accessKeyId, "AKIAJON");
});

Deno.test("rotate: a profile without stored keys anywhere in its chain is an error", async () => {
  const w = chainWorld({ config: "[profile lone]\n" });
  await assertRejects(
    () =>
      rotateAccessKey(
        { chain: w.ctx, iam: () => ({}) as IamApi, print: () => {} },
        w.resolve("lone"),
        { noSession: false },
      ),
    CredentialsError,
    "Error determining credential name for 'lone': No master credentials found",
  );
});
