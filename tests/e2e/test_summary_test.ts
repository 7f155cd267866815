/**
 * scripts/test_summary, the closing lines of scripts/test, on verbatim `deno test` output (with
 * and without --parallel): counts, ignored tests counted as skipped with the reasons their names
 * end with, and a run that never finished counted as a failure. The last line keeps the form
 * "N passed, N failed[, N skipped]" that CI reads.
 */
import { assertEquals } from "../helpers/assert.ts";

const SCRIPT = new URL("../../scripts/test_summary", import.meta.url).pathname;

async function summary(log: string, passed: number, failed: number) {
  const child = new Deno.Command(SCRIPT, {
    args: [String(passed), String(failed)],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(log));
  await w.close();
  const out = await child.output();
  return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
}

const PARALLEL = `./a_test.ts => a ... ok (439µs)
./a_test.ts => keychain round trip [macOS only] ... ignored (0ms)
./b_test.ts => pass stores [needs Linux keystores] ... ignored (0ms)
./b_test.ts => kwallet works [needs Linux keystores] ... ignored (0ms)
./a_test.ts => d ... s [Windows only] ... ignored (0ms)
./a_test.ts => d ... ok (601µs)
./c_test.ts => forgotten ... ignored (0ms)

ok | 2 passed | 0 failed | 4 ignored (1 step) (15ms)
`;

Deno.test("test_summary adds the checks' counts, and says why tests were skipped", async () => {
  assertEquals(await summary(PARALLEL, 4, 0), {
    code: 0,
    stdout: "4 skipped: 1 macOS only, 2 needs Linux keystores, 1 no reason given\n" +
      "6 passed, 0 failed, 4 skipped\n",
  });
});

Deno.test("test_summary reads deno test's serial output, and fails when a check failed", async () => {
  const serial = `running 3 tests from ./a_test.ts
a ... ok (740µs)
b [Windows only] ... ignored (0ms)
d ...
  s [macOS only] ... ignored (0ms)
d ... FAILED (1ms)

FAILED | 1 passed | 1 failed | 1 ignored (1 step) (13ms)
`;
  assertEquals(await summary(serial, 3, 1), {
    code: 1,
    stdout: "1 skipped: 1 Windows only\n4 passed, 2 failed, 1 skipped\n",
  });
});

Deno.test("test_summary prints no skipped part when nothing was ignored", async () => {
  assertEquals(await summary("ok | 5 passed | 0 failed (2s)\n", 4, 0), {
    code: 0,
    stdout: "9 passed, 0 failed\n",
  });
});

Deno.test("test_summary counts a run without deno test's summary line as one failure", async () => {
  assertEquals(await summary("./a_test.ts => a ... ok (1ms)\nerror: Module not found\n", 4, 0), {
    code: 1,
    stdout: "deno test did not finish (no summary line): counted as one failure\n" +
      "4 passed, 1 failed\n",
  });
});
