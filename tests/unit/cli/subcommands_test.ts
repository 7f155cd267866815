import { assertEquals } from "../../helpers/assert.ts";
import type { AppSpec } from "../../../src/cli/cli_spec.ts";
import { parseArgs } from "../../../src/cli/parser.ts";
import { renderUsage } from "../../../src/cli/help.ts";

/** A small application with one command that has subcommands, and one that has none. */
const SPEC: AppSpec = {
  name: "app",
  help: "An application.",
  flags: [{ name: "debug", kind: "bool", help: "Debug" }],
  commands: [
    { name: "plain", help: "A plain command.", args: [{ name: "x", help: "X" }] },
    {
      name: "agent",
      help: "Runs an agent.",
      commands: [
        {
          name: "start",
          help: "Starts it.",
          flags: [{ name: "idle", kind: "string", help: "Idle time", default: "15m" }],
        },
        { name: "stop", help: "Stops it." },
        { name: "child", help: "Internal.", hidden: true },
      ],
    },
  ],
};

function outcome(argv: string[]): unknown[] {
  try {
    const r = parseArgs(SPEC, argv, () => undefined);
    if (r.kind === "command") return [r.kind, r.command, r.values["agent"], r.values["idle"]];
    if (r.kind === "help" || r.kind === "completion") {
      return [r.kind, "command" in r ? r.command : r.candidates];
    }
    return [r.kind];
  } catch (error) {
    return ["error", (error as Error).message];
  }
}

// Each row: argv, expected outcome.
const ROWS: [string[], unknown[]][] = [
  [["agent", "start"], ["command", "agent start", "start", "15m"]],
  [["agent", "start", "--idle=1m"], ["command", "agent start", "start", "1m"]],
  [["agent", "stop", "--debug"], ["command", "agent stop", "stop", undefined]],
  [["plain", "y"], ["command", "plain", undefined, undefined]],
  [["agent"], ["error", "must select a subcommand of 'agent'"]],
  [["agent", "bogus"], ["error", `expected command but got "bogus"`]],
  [["agent", "stop", "--idle=1m"], ["error", "unknown long flag '--idle'"]],
  [["agent", "start", "extra"], ["error", "unexpected extra"]],
  [["agent", "--help"], ["help", "agent"]],
  [["agent", "start", "--help"], ["help", "agent start"]],
  [["help", "agent", "stop"], ["help", "agent stop"]],
  [["--completion-bash", "agent", ""], ["completion", ["start", "stop"]]],
];

for (const [argv, expected] of ROWS) {
  Deno.test(`parseArgs() with subcommands: ${JSON.stringify(argv)}`, () => {
    assertEquals(outcome(argv), expected);
  });
}

Deno.test("renderUsage() lists subcommands by their full names, hidden ones left out", () => {
  const top = renderUsage(SPEC);
  assertEquals(top.includes("agent start [<flags>]\n    Starts it.\n"), true, top);
  assertEquals(top.includes("agent stop\n    Stops it.\n"), true, top);
  assertEquals(top.includes("child"), false, top);
  assertEquals(top.includes("\nagent\n"), false, "the parent is not listed on its own");
  const parent = renderUsage(SPEC, "agent");
  assertEquals(parent.startsWith("usage: app agent <command> [<args> ...]\n"), true, parent);
  assertEquals(parent.includes("Subcommands:\nagent start [<flags>]\n"), true, parent);
  const leaf = renderUsage(SPEC, "agent start");
  assertEquals(leaf.startsWith("usage: app agent start [<flags>]\n\nStarts it.\n"), true, leaf);
  assertEquals(leaf.includes('--idle="15m"'), true, leaf);
});
