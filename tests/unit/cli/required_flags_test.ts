import { type AppSpec } from "../../../src/cli/cli_spec.ts";
import { renderUsage } from "../../../src/cli/help.ts";
import { parseArgs } from "../../../src/cli/parser.ts";
import { UsageError } from "../../../src/errors.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";

// A command with kingpin `Required()` flags, as ByteNess's migrate-backend declares them.
const SPEC: AppSpec = {
  name: "app",
  help: "",
  flags: [],
  commands: [{
    name: "move",
    help: "Move things.",
    flags: [
      { name: "from", kind: "enum", help: "Source.", required: true, values: ["a", "b"] },
      { name: "to", kind: "string", help: "Destination.", required: true, envar: "APP_TO" },
      { name: "quiet", kind: "bool", help: "Say less." },
    ],
    args: [{ name: "what", help: "What.", required: true }],
  }],
};

const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseArgs(SPEC, argv, (name) => env[name]);

Deno.test("a missing required flag is a usage error, checked before required arguments", async () => {
  await assertRejects(() => parse(["move"]), UsageError, "required flag --from not provided");
  await assertRejects(
    () => parse(["move", "--from=a", "x"]),
    UsageError,
    "required flag --to not provided",
  );
  await assertRejects(
    () => parse(["move", "--from=a", "--to=b"]),
    UsageError,
    "required argument 'what' not provided",
  );
});

Deno.test("a required flag is satisfied by the command line or its environment variable", () => {
  assertEquals(parse(["move", "--from=a", "--to=b", "x"]).values.to, "b");
  assertEquals(parse(["move", "--from=a", "x"], { APP_TO: "c" }).values.to, "c");
});

Deno.test("help lists required flags before [<flags>] in the usage line, as kingpin does", () => {
  const usage = renderUsage(SPEC, "move");
  assertEquals(usage.split("\n")[0], "usage: app move --from=FROM --to=TO [<flags>] <what>");
});
