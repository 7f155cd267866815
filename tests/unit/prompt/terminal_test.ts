/** The terminal driver: asks on the controlling terminal (deps.terminal), never stdin/stdout. */

import { NoTerminalError } from "../../../src/errors.ts";
import { terminalPrompt } from "../../../src/prompt/terminal.ts";
import { mfaPromptMessage } from "../../../src/prompt/prompt_func.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { fakeDeps, FakeTerminal } from "../../helpers/fakes.ts";

const SERIAL = "arn:aws:iam::111111111111:mfa/jonsmith";
const silent = { enabled: false, debug: () => {} };

Deno.test("terminal asks `Enter MFA code for <serial>: ` on the terminal, visibly, and trims", async () => {
  const terminal = new FakeTerminal(["  112233 \t"]);
  const { deps, stdout, stderr } = fakeDeps({ terminal });
  assertEquals(await terminalPrompt({ deps, log: silent, timeoutMs: 1 }, SERIAL), "112233");
  assertEquals(terminal.asked, [{ message: `Enter MFA code for ${SERIAL}: `, echo: true }]);
  assertEquals(stdout.text, "");
  assertEquals(stderr.text, "");
});

Deno.test("terminal without a controlling terminal fails with NoTerminalError", async () => {
  const { deps } = fakeDeps({ terminal: new FakeTerminal(undefined) });
  await assertRejects(
    () => terminalPrompt({ deps, log: silent, timeoutMs: 1 }, SERIAL),
    NoTerminalError,
  );
});

Deno.test("the MFA prompt shows control characters of the serial escaped", () => {
  assertEquals(
    mfaPromptMessage("arn:aws:iam::1:mfa/x\x1b[2J\u202e"),
    "Enter MFA code for arn:aws:iam::1:mfa/x\\x1b[2J\\u202e: ",
  );
});
