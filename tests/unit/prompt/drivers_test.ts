/**
 * Which prompt drivers are offered (`--prompt`), and which one asks when none
 * is requested (spec §3.5, §12, checklist 7 and 88).
 */

import { run } from "../../../src/cli/run.ts";
import { CredentialsError } from "../../../src/errors.ts";
import type { Logger, OsName } from "../../../src/platform/types.ts";
import {
  availablePromptDrivers,
  choosePromptDriver,
  PROMPT_DRIVERS,
  promptDriverLister,
} from "../../../src/prompt/drivers.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { fakeDeps, fakeIo, FakeProcessRunner, FakeTerminal } from "../../helpers/fakes.ts";

function world(options: {
  onPath?: string[];
  os?: OsName;
  vars?: Record<string, string>;
  stdoutIsTerminal?: boolean;
  terminal?: boolean;
} = {}) {
  const proc = new FakeProcessRunner(() => 0, options.onPath ?? []);
  const { io } = fakeIo({ stdoutIsTerminal: options.stdoutIsTerminal ?? true });
  const terminal = new FakeTerminal(options.terminal === false ? undefined : []);
  const { deps } = fakeDeps({ proc, os: options.os ?? "linux", vars: options.vars, io, terminal });
  const logged: string[] = [];
  const log: Logger = { enabled: true, debug: (m) => logged.push(m) };
  return { deps, log, logged, proc };
}

const GUI_ON_PATH = ["kdialog", "osascript", "ykman", "zenity"];
const X11 = { DISPLAY: ":0" };

Deno.test("the drivers are listed in alphabetical order", () => {
  const names = PROMPT_DRIVERS.map((d) => d.name);
  assertEquals(names, ["kdialog", "osascript", "terminal", "wincredui", "ykman", "zenity"]);
});

Deno.test("terminal is always offered; the others when their program is on PATH", () => {
  assertEquals(availablePromptDrivers(world().deps), ["terminal"]);
  assertEquals(availablePromptDrivers(world({ onPath: ["zenity", "ykman"] }).deps), [
    "terminal",
    "ykman",
    "zenity",
  ]);
  assertEquals(availablePromptDrivers(world({ onPath: GUI_ON_PATH, os: "darwin" }).deps), [
    "kdialog",
    "osascript",
    "terminal",
    "ykman",
    "zenity",
  ]);
});

Deno.test("wincredui is offered on Windows only", () => {
  assertEquals(availablePromptDrivers(world({ os: "windows" }).deps), ["terminal", "wincredui"]);
  assertEquals(availablePromptDrivers(world({ os: "darwin" }).deps), ["terminal"]);
});

Deno.test("promptDriverLister looks the programs up once, on first use", () => {
  const { deps } = world({ onPath: ["ykman"] });
  let lookups = 0;
  const whichSync = deps.proc.whichSync.bind(deps.proc);
  deps.proc.whichSync = (cmd) => (lookups++, whichSync(cmd));
  const list = promptDriverLister(deps);
  assertEquals(lookups, 0);
  assertEquals(list(), ["terminal", "ykman"]);
  assertEquals(list(), ["terminal", "ykman"]);
  assertEquals(lookups, 4);
});

Deno.test("--prompt accepts only the drivers available here", async () => {
  const { deps, proc } = world({ onPath: ["ykman"] });
  const { io, stderr } = fakeIo();
  const code = await run(["--prompt=zenity", "list"], { ...deps, io, proc });
  assertEquals(code, 1);
  assertEquals(
    stderr.text,
    "aws-vault: error: --prompt value must be one of terminal,ykman, got 'zenity', try --help\n",
  );
});

Deno.test("a requested driver is used whatever stdout is", () => {
  const { deps, log, logged } = world({ stdoutIsTerminal: false, onPath: GUI_ON_PATH });
  assertEquals(choosePromptDriver(deps, log, { requested: "terminal" }).name, "terminal");
  assertEquals(choosePromptDriver(deps, log, { requested: "ykman" }).name, "ykman");
  assertEquals(logged, ["Using prompt driver: terminal", "Using prompt driver: ykman"]);
});

Deno.test("an unknown driver name is an error", async () => {
  const { deps, log } = world();
  await assertRejects(
    () => choosePromptDriver(deps, log, { requested: "pinentry" }),
    CredentialsError,
    'Unknown prompt driver "pinentry"',
  );
});

Deno.test("automatic: terminal when stdout is a terminal, even with GUI drivers around", () => {
  const { deps, log, logged } = world({ onPath: GUI_ON_PATH, vars: X11 });
  assertEquals(choosePromptDriver(deps, log, { requested: "" }).name, "terminal");
  assertEquals(logged, ["Using prompt driver: terminal"]);
});

Deno.test("automatic: the first GUI driver alphabetically when stdout is not a terminal", () => {
  const cases: Array<[string[], string]> = [
    [GUI_ON_PATH, "kdialog"],
    [["zenity", "osascript", "ykman"], "osascript"],
    [["zenity", "ykman"], "ykman"],
    [["zenity"], "zenity"],
    [[], "terminal"],
  ];
  for (const [onPath, expected] of cases) {
    const { deps, log, logged } = world({ onPath, vars: X11, stdoutIsTerminal: false });
    assertEquals(choosePromptDriver(deps, log, { requested: "" }).name, expected, `${onPath}`);
    assertEquals(logged.at(-1), `Using prompt driver: ${expected}`);
  }
});

Deno.test("automatic: a server mode prefers a GUI driver even with a terminal on stdout", () => {
  const { deps, log } = world({ onPath: ["zenity"], vars: X11 });
  assertEquals(choosePromptDriver(deps, log, { requested: "", serverMode: true }).name, "zenity");
});

Deno.test("automatic: GUI drivers are tried when there is no controlling terminal", () => {
  const { deps, log } = world({ onPath: ["zenity"], vars: X11, terminal: false });
  assertEquals(choosePromptDriver(deps, log, { requested: "" }).name, "zenity");
});

Deno.test("automatic: without DISPLAY or WAYLAND_DISPLAY, Linux passes over kdialog and zenity", () => {
  const headless = world({ onPath: ["kdialog", "zenity", "ykman"], stdoutIsTerminal: false });
  assertEquals(choosePromptDriver(headless.deps, headless.log, { requested: "" }).name, "ykman");
  assertEquals(headless.logged, [
    "Passing over prompt driver kdialog: neither DISPLAY nor WAYLAND_DISPLAY is set",
    "Using prompt driver: ykman",
  ]);
  const onlyDialogs = world({ onPath: ["kdialog", "zenity"], stdoutIsTerminal: false });
  assertEquals(
    choosePromptDriver(onlyDialogs.deps, onlyDialogs.log, { requested: "" }).name,
    "terminal",
  );
  assertEquals(onlyDialogs.logged.length, 3);
  const wayland = world({
    onPath: ["zenity"],
    stdoutIsTerminal: false,
    vars: { WAYLAND_DISPLAY: "wayland-0" },
  });
  assertEquals(choosePromptDriver(wayland.deps, wayland.log, { requested: "" }).name, "zenity");
  const mac = world({ onPath: ["zenity"], stdoutIsTerminal: false, os: "darwin" });
  assertEquals(choosePromptDriver(mac.deps, mac.log, { requested: "" }).name, "zenity");
});

Deno.test("automatic on Windows: wincredui when stdout is not a terminal", () => {
  const { deps, log } = world({ os: "windows", stdoutIsTerminal: false });
  assertEquals(choosePromptDriver(deps, log, { requested: "" }).name, "wincredui");
});

Deno.test("each driver loads its own code", async () => {
  for (const driver of PROMPT_DRIVERS) {
    assertEquals(typeof await driver.load(), "function", driver.name);
  }
});
