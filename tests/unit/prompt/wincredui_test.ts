/**
 * The wincredui driver driving a stand-in `powershell`
 * (tests/helpers/stand_ins/wincredui/powershell) that checks it receives the
 * script and the request on stdin and answers as the script does. The real
 * dialog needs Windows.
 */

import { POWERSHELL_BOOTSTRAP } from "../../../src/platform/powershell.ts";
import { decodeBase64, fromUtf8 } from "../../../src/encoding.ts";
import { CredentialsError } from "../../../src/errors.ts";
import {
  CREDUI_FLAGS,
  WINCREDUI_SCRIPT,
  wincreduiPrompt,
  wincreduiUserName,
} from "../../../src/prompt/wincredui.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { fakeDeps, FakeProcessRunner } from "../../helpers/fakes.ts";
import { SERIAL, STAND_INS, standInWorld } from "./stand_in_world.ts";

const WINDOWS_STAND_INS = [`${STAND_INS}/wincredui`];
const text = (b64: string) => fromUtf8(decodeBase64(b64));

Deno.test("wincredui sends the script and request on stdin and argv only a constant bootstrap", async () => {
  await using world = await standInWorld({
    os: "windows",
    pathFirst: WINDOWS_STAND_INS,
    vars: { PROMPT_STANDIN_ANSWER: " 987654 " },
  });
  assertEquals(await wincreduiPrompt(world.ctx, SERIAL), "987654");
  const [run] = world.runs();
  assertEquals(run.argv, ["-NoProfile", "-NonInteractive", "-Command", POWERSHELL_BOOTSTRAP]);
  const [script, request] = run.stdin.split("\0");
  assertEquals(script, WINCREDUI_SCRIPT);
  const req = JSON.parse(request);
  assertEquals(text(req.caption), "Enter MFA code for aws-vault");
  assertEquals(text(req.message), `Enter MFA code for ${SERIAL}: `);
  assertEquals(text(req.target), "aws-vault");
  assertEquals(text(req.user), "111111111111/jonsmith");
  assertEquals(req.flags, 0x140080);
  assertEquals(run.env.AWS_SECRET_ACCESS_KEY, undefined);
});

Deno.test("wincredui's script asks with a 64-character code buffer and knows ERROR_CANCELLED", () => {
  assertStringIncludes(WINCREDUI_SCRIPT, "CredUIPromptForCredentialsW");
  assertStringIncludes(WINCREDUI_SCRIPT, "new StringBuilder(64)");
  assertStringIncludes(WINCREDUI_SCRIPT, "password, 64, ref save, flags");
  assertStringIncludes(WINCREDUI_SCRIPT, "($rc -eq 1223)");
  assertEquals(CREDUI_FLAGS, 0x80 | 0x40000 | 0x100000);
  const ascii = [...WINCREDUI_SCRIPT].every((c) => c === "\n" || (c >= " " && c <= "~"));
  assert(ascii, "the script is plain printable ASCII");
});

Deno.test("wincredui's user name is the serial without `arn:aws:iam::` and `:mfa`", () => {
  assertEquals(wincreduiUserName(SERIAL), "111111111111/jonsmith");
  assertEquals(wincreduiUserName("GAHT12345678"), "GAHT12345678");
});

Deno.test("wincredui reports a cancelled dialog and a failed call", async () => {
  {
    await using world = await standInWorld({
      os: "windows",
      pathFirst: WINDOWS_STAND_INS,
      vars: { PROMPT_STANDIN_ACTION: "cancel" },
    });
    await assertRejects(
      () => wincreduiPrompt(world.ctx, SERIAL),
      CredentialsError,
      "wincredui: the dialog was cancelled",
    );
  }
  await using world = await standInWorld({
    os: "windows",
    pathFirst: WINDOWS_STAND_INS,
    vars: { PROMPT_STANDIN_ACTION: "fail" },
  });
  const error = await assertRejects(() => wincreduiPrompt(world.ctx, SERIAL), CredentialsError);
  assertEquals(error.message, "wincredui: call to CredUIPromptForCredentialsW failed (error 87)");
});

Deno.test("wincredui falls back to pwsh and fails clearly without any PowerShell", async () => {
  const answer = new TextEncoder().encode(`ok ${btoa("135790")}`);
  const proc = new FakeProcessRunner(() => ({ stdout: answer }), ["pwsh"]);
  const { deps } = fakeDeps({ proc, os: "windows" });
  const silent = { enabled: false, debug: () => {} };
  assertEquals(await wincreduiPrompt({ deps, log: silent, timeoutMs: 1000 }, SERIAL), "135790");
  assertEquals(proc.calls[0].cmd, "pwsh");
  assertEquals(proc.calls[0].timeoutMs, 1000);

  const none = fakeDeps({ proc: new FakeProcessRunner(() => 0, []), os: "windows" }).deps;
  await assertRejects(
    () => wincreduiPrompt({ deps: none, log: silent, timeoutMs: 1000 }, SERIAL),
    CredentialsError,
    'wincredui: neither "powershell" nor "pwsh" was found on PATH',
  );
});
