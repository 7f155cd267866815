import { assertEquals } from "../../helpers/assert.ts";
import { startDeadline } from "../../../src/platform/deadline.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("startDeadline() calls back once when the time is up", async () => {
  let calls = 0;
  const cancel = startDeadline(10, () => calls++);
  await sleep(60);
  cancel(); // after expiry: harmless
  assertEquals(calls, 1);
});

Deno.test("startDeadline() never calls back once cancelled", async () => {
  let calls = 0;
  const cancel = startDeadline(10, () => calls++);
  cancel();
  await sleep(60);
  assertEquals(calls, 0);
});
