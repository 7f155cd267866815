import { buildAppSpec, COMMANDS, findCommand } from "../../../src/cli/app_spec.ts";
import { appCommands, appFlags, type FlagSpec } from "../../../src/cli/cli_spec.ts";
import { checkGoDuration } from "../../../src/cli/duration_flag.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { isLazy } from "../../../src/cli/command.ts";
import { allCommands, errorOf, SPEC } from "./spec_fixture.ts";

const SOURCES = { backends: () => ["file"], prompts: () => ["terminal"], profileHints: () => [] };

// Each row: duration text, time.ParseDuration's error ("" when valid).
const DURATIONS: [string, string][] = [
  ["1h", ""],
  ["1h30m", ""],
  ["1.5h", ""],
  [".5s", ""],
  ["1.s", ""],
  ["-1h", ""],
  ["+1h", ""],
  ["1µs", ""],
  ["0", ""],
  ["-0", ""],
  ["9999999999999999999h", 'time: invalid duration "9999999999999999999h"'],
  ["99999999999999999999h", 'time: invalid duration "99999999999999999999h"'],
  ["", 'time: invalid duration ""'],
  ["-", 'time: invalid duration "-"'],
  ["x", 'time: invalid duration "x"'],
  [".s", 'time: invalid duration ".s"'],
  ["=1h", 'time: invalid duration "=1h"'],
  ["1", 'time: missing unit in duration "1"'],
  ["1h2", 'time: missing unit in duration "1h2"'],
  ["1x", 'time: unknown unit "x" in duration "1x"'],
  ["1hh", 'time: unknown unit "hh" in duration "1hh"'],
  ["1é", 'time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"'],
];

for (const [text, message] of DURATIONS) {
  Deno.test(`checkGoDuration() ${message ? "rejects" : "accepts"} ${JSON.stringify(text)}`, () => {
    if (message === "") checkGoDuration(text);
    else assertEquals(errorOf(() => checkGoDuration(text)).message, message);
  });
}

Deno.test("buildAppSpec() lists aws-vault's commands in its order", async () => {
  const spec = buildAppSpec(SOURCES, await allCommands());
  assertEquals(
    appCommands(spec).map((c) => c.name),
    [
      "help",
      "add",
      "remove",
      "migrate-backend",
      "list",
      "rotate",
      "exec",
      "export",
      "clear",
      "login",
      "plan",
      "proxy",
      "import",
      "agent",
    ],
  );
  // The declaration the help fixtures were made from has no rotate, login or the additions.
  assertEquals(appCommands(SPEC).map((c) => c.name), [
    "help",
    "add",
    "remove",
    "list",
    "exec",
    "export",
    "clear",
    "proxy",
  ]);
});

Deno.test("findCommand() finds each loaded command of the declaration by its canonical name", async () => {
  const commands = await allCommands();
  for (
    const name of [
      "add",
      "remove",
      "list",
      "rotate",
      "exec",
      "export",
      "clear",
      "login",
      "plan",
      "proxy",
    ]
  ) {
    assertEquals(findCommand(commands, name)?.spec(SOURCES).name, name);
  }
  assertEquals(findCommand(commands, "agent start")?.spec(SOURCES).name, "agent");
  assertEquals(findCommand(commands, "rm"), undefined, "aliases are resolved by the parser");
  assertEquals(findCommand(COMMANDS, "add"), undefined, "a command not loaded yet is not run");
  assertEquals(findCommand(COMMANDS, "export")?.spec(SOURCES).name, "export");
});

Deno.test("a command loaded on first use is known by the names, aliases and hiding it declares", async () => {
  const lazy = COMMANDS.filter(isLazy);
  assertEquals(lazy.map((c) => c.name), [
    "add",
    "remove",
    "migrate-backend",
    "rotate",
    "clear",
    "login",
    "plan",
    "proxy",
    "import",
    "agent",
  ]);
  for (const entry of lazy) {
    const { name, aliases, hidden } = (await entry.load()).spec(SOURCES);
    assertEquals(
      { name: entry.name, aliases: entry.aliases, hidden: entry.hidden },
      { name, aliases, hidden },
    );
  }
});

Deno.test("buildAppSpec() computes backends and prompt drivers only when asked", () => {
  let calls = 0;
  buildAppSpec({
    backends: () => [String(++calls)],
    prompts: () => [String(++calls)],
    profileHints: () => [],
  });
  assertEquals(calls, 0);
});

Deno.test("aws-vault's declaration has no duplicate flag names or short flags in any command", () => {
  for (const cmd of appCommands(SPEC)) {
    const flags: FlagSpec[] = [...appFlags(SPEC), ...(cmd.flags ?? [])];
    const longs = flags.map((f) => f.name);
    const shorts = flags.flatMap((f) => f.short ? [f.short] : []);
    assertEquals(new Set(longs).size, longs.length, `${cmd.name} long flags`);
    assertEquals(new Set(shorts).size, shorts.length, `${cmd.name} short flags`);
    const args = cmd.args ?? [];
    assert(args.every((a, i) => !a.variadic || i === args.length - 1), `${cmd.name} variadic last`);
  }
});

Deno.test("proxy is hidden from help, answers to server, and takes --stop", async () => {
  const { parseArgs } = await import("../../../src/cli/parser.ts");
  const { renderUsage } = await import("../../../src/cli/help.ts");
  const spec = buildAppSpec(SOURCES, await allCommands());
  for (const argv of [["proxy", "--stop"], ["server", "--stop"]]) {
    const parsed = parseArgs(spec, argv, () => undefined);
    assert(parsed.kind === "command", argv.join(" "));
    assertEquals([parsed.command, parsed.values["stop"]], ["proxy", true], argv.join(" "));
  }
  const parsed = parseArgs(spec, ["proxy"], () => undefined);
  assert(parsed.kind === "command" && parsed.values["stop"] === false);
  assert(!renderUsage(spec).includes("proxy"), "not listed in the help");
  assert(
    renderUsage(spec, "proxy").includes("Start a proxy for the ec2 instance role server locally."),
  );
});
