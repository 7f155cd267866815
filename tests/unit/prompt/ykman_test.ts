/**
 * The ykman driver: its argv (YKMAN_OATH_*, AWS_VAULT_YKMAN_VERSION) against
 * the recording stand-in, and how it is connected to the controlling terminal.
 */

import { CredentialsError } from "../../../src/errors.ts";
import { ATTACH_TERMINAL_SCRIPT } from "../../../src/prompt/helper_process.ts";
import { ykmanArgs, ykmanPrompt } from "../../../src/prompt/ykman.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { fakeDeps, fakeEnv, FakeProcessRunner, FakeTerminal } from "../../helpers/fakes.ts";
import { SERIAL, standInWorld } from "./stand_in_world.ts";

Deno.test("ykman runs `ykman oath accounts code --single <serial>` and trims the code", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ANSWER: " 445566 " } });
  assertEquals(await ykmanPrompt(world.ctx, SERIAL), "445566");
  const [run] = world.runs();
  assertEquals(run.name, "ykman");
  assertEquals(run.argv, ["oath", "accounts", "code", "--single", SERIAL]);
  assertEquals(run.env.AWS_SECRET_ACCESS_KEY, undefined);
  assertEquals(world.logged, [
    `Fetching MFA code using \`ykman oath accounts code --single ${SERIAL}\``,
  ]);
});

Deno.test("ykman uses YKMAN_OATH_CREDENTIAL_NAME and YKMAN_OATH_DEVICE_SERIAL", async () => {
  await using world = await standInWorld({
    vars: { YKMAN_OATH_CREDENTIAL_NAME: "aws:jonsmith", YKMAN_OATH_DEVICE_SERIAL: "12345678" },
  });
  await ykmanPrompt(world.ctx, SERIAL);
  assertEquals(world.runs()[0].argv, [
    "--device",
    "12345678",
    "oath",
    "accounts",
    "code",
    "--single",
    "aws:jonsmith",
  ]);
});

Deno.test("AWS_VAULT_YKMAN_VERSION 1 to 3 selects `oath code`; other values `oath accounts code`", () => {
  const args = (version: string) => ykmanArgs(fakeEnv({ AWS_VAULT_YKMAN_VERSION: version }), "s");
  for (const v of ["1", "2", "3"]) assertEquals(args(v), ["oath", "code", "--single", "s"]);
  for (const v of ["", "4", "5", "3.1"]) {
    assertEquals(args(v), ["oath", "accounts", "code", "--single", "s"], `version "${v}"`);
  }
});

Deno.test("empty YKMAN_OATH_* variables count as unset", () => {
  const env = fakeEnv({ YKMAN_OATH_CREDENTIAL_NAME: "", YKMAN_OATH_DEVICE_SERIAL: "" });
  assertEquals(ykmanArgs(env, "s"), ["oath", "accounts", "code", "--single", "s"]);
});

Deno.test("ykman's failure reads `ykman: exit status <n>`", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ACTION: "fail" } });
  const error = await assertRejects(() => ykmanPrompt(world.ctx, SERIAL), CredentialsError);
  // stderr went to the user ("Error: No matching account found."), not into the message
  assertEquals(error.message, "ykman: exit status 1");
});

Deno.test("without a terminal, ykman's stderr is passed through and its stdin is empty", async () => {
  const proc = new FakeProcessRunner(() => ({ stdout: new TextEncoder().encode("123456\n") }), [
    "ykman",
  ]);
  const { deps } = fakeDeps({ proc });
  const silent = { enabled: false, debug: () => {} };
  assertEquals(await ykmanPrompt({ deps, log: silent, timeoutMs: 1000 }, SERIAL), "123456");
  assertEquals(proc.calls.length, 1);
  const [call] = proc.calls;
  assertEquals(call.cmd, "ykman");
  assertEquals(call.inheritStderr, true);
  assertEquals(call.stdin, undefined);
  assertEquals(call.timeoutMs, 1000);
});

Deno.test("with a terminal, ykman gets it as stdin and stderr through a shell that execs ykman", async () => {
  const proc = new FakeProcessRunner(() => ({ stdout: new TextEncoder().encode("123456\n") }), [
    "ykman",
  ]);
  const { deps } = fakeDeps({ proc, terminal: new FakeTerminal([]) });
  const silent = { enabled: false, debug: () => {} };
  assertEquals(await ykmanPrompt({ deps, log: silent, timeoutMs: 1000 }, SERIAL), "123456");
  const [call] = proc.calls;
  assertEquals(call.cmd, "/bin/sh");
  assertEquals(call.args, [
    "-c",
    ATTACH_TERMINAL_SCRIPT,
    "ykman",
    "oath",
    "accounts",
    "code",
    "--single",
    SERIAL,
  ]);
  assertEquals(ATTACH_TERMINAL_SCRIPT, 'exec 0</dev/tty 2>/dev/tty; exec "$0" "$@"');
});

Deno.test("with a terminal but no ykman on PATH, the error is Go's not-found message", async () => {
  const proc = new FakeProcessRunner(() => 0, []);
  const { deps } = fakeDeps({ proc, terminal: new FakeTerminal([]) });
  const silent = { enabled: false, debug: () => {} };
  await assertRejects(
    () => ykmanPrompt({ deps, log: silent, timeoutMs: 1000 }, SERIAL),
    CredentialsError,
    'ykman: exec: "ykman": executable file not found in $PATH',
  );
  assertEquals(proc.calls.length, 0);
});
