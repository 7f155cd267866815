/**
 * The dialog drivers (zenity, kdialog, osascript) driving stand-ins that
 * record their argv (tests/helpers/stand_ins), through the real process runner.
 */

import { CredentialsError } from "../../../src/errors.ts";
import { kdialogPrompt } from "../../../src/prompt/kdialog.ts";
import { osascriptPrompt, osascriptSource } from "../../../src/prompt/osascript.ts";
import { zenityPrompt } from "../../../src/prompt/zenity.ts";
import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import { SERIAL, standInWorld } from "./stand_in_world.ts";

const PROMPT = `Enter MFA code for ${SERIAL}: `;

Deno.test("zenity runs `zenity --entry --title aws-vault --text <prompt>` and trims the answer", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ANSWER: "  654321\t " } });
  assertEquals(await zenityPrompt(world.ctx, SERIAL), "654321");
  const [run] = world.runs();
  assertEquals(run.name, "zenity");
  assertEquals(run.argv, ["--entry", "--title", "aws-vault", "--text", PROMPT]);
  assertEquals(run.stdin, "");
  assertEquals(world.runs().length, 1);
});

Deno.test("zenity reports Cancel as a one-line error naming the driver", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ACTION: "cancel" } });
  const error = await assertRejects(() => zenityPrompt(world.ctx, SERIAL), CredentialsError);
  assertEquals(error.message, "zenity: exit status 1 (the dialog was cancelled)");
  assertEquals(error.code, "MFA");
});

Deno.test("zenity's failure shows the last line it wrote to stderr", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ACTION: "fail" } });
  const error = await assertRejects(() => zenityPrompt(world.ctx, SERIAL), CredentialsError);
  assertEquals(
    error.message,
    "zenity: exit status 1: (zenity:4242): Gtk-WARNING **: 12:00:00.000: cannot open display:",
  );
});

Deno.test("a dialog nobody answers is closed after the time limit", async () => {
  await using world = await standInWorld({
    vars: { PROMPT_STANDIN_ACTION: "hang" },
    timeoutMs: 400,
  });
  const started = Date.now();
  const error = await assertRejects(() => zenityPrompt(world.ctx, SERIAL), CredentialsError);
  assertEquals(error.message, "zenity: no answer within 400ms");
  assert(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

Deno.test("dialog helpers get our environment without credential variables", async () => {
  await using world = await standInWorld({ vars: { YKMAN_OATH_CREDENTIAL_NAME: "kept" } });
  await kdialogPrompt(world.ctx, SERIAL);
  const [run] = world.runs();
  assertEquals(run.env.AWS_SECRET_ACCESS_KEY, undefined);
  assertEquals(run.env.AWS_SESSION_TOKEN, undefined);
  assertEquals(run.env.YKMAN_OATH_CREDENTIAL_NAME, "kept");
});

Deno.test("kdialog runs `kdialog --inputbox <prompt> --title aws-vault` and trims the answer", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ANSWER: " 000111 " } });
  assertEquals(await kdialogPrompt(world.ctx, SERIAL), "000111");
  assertEquals(world.runs()[0].argv, ["--inputbox", PROMPT, "--title", "aws-vault"]);
});

Deno.test("kdialog reports Cancel", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ACTION: "cancel" } });
  await assertRejects(
    () => kdialogPrompt(world.ctx, SERIAL),
    CredentialsError,
    "kdialog: exit status 1 (the dialog was cancelled)",
  );
});

Deno.test("osascript runs aws-vault's AppleScript with the prompt Go-quoted", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ANSWER: "222333\n" } });
  assertEquals(await osascriptPrompt(world.ctx, SERIAL), "222333");
  const [run] = world.runs();
  assertEquals(run.argv, [
    "-e",
    '\n\t\tdisplay dialog "Enter MFA code for arn:aws:iam::111111111111:mfa/jonsmith: " ' +
    'default answer "" buttons {"OK", "Cancel"} default button 1\n' +
    "        text returned of the result\n" +
    "        return result",
  ]);
});

Deno.test("osascript escapes quotes and backslashes in the serial", () => {
  assertEquals(
    osascriptSource('odd"serial\\x').split("\n")[1],
    '\t\tdisplay dialog "Enter MFA code for odd\\"serial\\\\x: " default answer "" ' +
      'buttons {"OK", "Cancel"} default button 1',
  );
});

Deno.test("osascript reports Cancel with AppleScript's message", async () => {
  await using world = await standInWorld({ vars: { PROMPT_STANDIN_ACTION: "cancel" } });
  await assertRejects(
    () => osascriptPrompt(world.ctx, SERIAL),
    CredentialsError,
    "osascript: exit status 1: 0:117: execution error: User canceled. (-128)",
  );
});

Deno.test("a dialog program missing from PATH fails with Go's not-found message", async () => {
  await using world = await standInWorld({ pathFirst: [], vars: { PATH: "/nonexistent" } });
  await assertRejects(
    () => zenityPrompt(world.ctx, SERIAL),
    CredentialsError,
    'zenity: exec: "zenity": executable file not found in $PATH',
  );
});
