import { assertEquals } from "../../helpers/assert.ts";
import { createLogger } from "../../../src/cli/logger.ts";

Deno.test("the --debug logger writes Go log lines, control characters of values escaped", () => {
  let written = "";
  const stderr = { write: (text: string) => void (written += text), isTerminal: () => false };
  const clock = { now: () => new Date(2026, 11, 2, 9, 5, 7), sleep: () => Promise.resolve() };
  const log = createLogger(true, stderr, clock);
  log.debug("profile p: using GetSessionToken with MFA arn\x1b]0;x\x07\u202e");
  log.debug("two lines\n\tkept");
  assertEquals(
    written,
    "2026/12/02 09:05:07 profile p: using GetSessionToken with MFA arn\\x1b]0;x\\a\\u202e\n" +
      "2026/12/02 09:05:07 two lines\n\tkept\n",
  );
  written = "";
  createLogger(false, stderr, clock).debug("x");
  assertEquals(written, "");
});
