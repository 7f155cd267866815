import { assertEquals } from "../helpers/assert.ts";
import { withoutTerminal } from "../helpers/no_terminal.ts";

/** Runs `sh -c` under `script` (a pseudo-terminal), through withoutTerminal() either way. */
async function opensTty(viaPython: boolean): Promise<string> {
  const inner = withoutTerminal([
    "sh",
    "-c",
    "(exec 3</dev/tty) 2>/dev/null && echo tty || echo none; exit 7",
  ], viaPython);
  const line = [inner.command, ...inner.args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(
    " ",
  );
  const out = await new Deno.Command("script", {
    args: ["-qec", line, "/dev/null"],
    stdin: "null",
    stdout: "piped",
  }).output();
  return `${new TextDecoder().decode(out.stdout).trim()} ${out.code}`;
}

Deno.test("withoutTerminal() runs a program with no controlling terminal and keeps its status", {
  ignore: Deno.build.os !== "linux",
}, async () => {
  // The control: under script(1) a plain child has the terminal.
  const plain = await new Deno.Command("script", {
    args: ["-qec", "(exec 3</dev/tty) && echo tty", "/dev/null"],
    stdout: "piped",
  }).output();
  assertEquals(new TextDecoder().decode(plain.stdout).trim(), "tty");
  assertEquals(await opensTty(false), "none 7");
  assertEquals(await opensTty(true), "none 7");
});
