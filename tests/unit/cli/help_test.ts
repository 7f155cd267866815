import { renderLongHelp, renderManPage, renderUsage } from "../../../src/cli/help.ts";
import { assertEquals } from "../../helpers/assert.ts";
import * as expected from "./help_fixtures.ts";
import { errorOf, SPEC } from "./spec_fixture.ts";

// Each row: the command (undefined: the application), the expected usage text.
const USAGES: [string | undefined, string][] = [
  [undefined, expected.APP_USAGE],
  ["help", expected.HELP_USAGE],
  ["add", expected.ADD_USAGE],
  ["remove", expected.REMOVE_USAGE],
  ["rm", expected.REMOVE_USAGE],
  ["list", expected.LIST_USAGE],
  ["ls", expected.LIST_USAGE],
  ["exec", expected.EXEC_USAGE],
  ["export", expected.EXPORT_USAGE],
  ["clear", expected.CLEAR_USAGE],
];

for (const [command, text] of USAGES) {
  Deno.test(`renderUsage() prints kingpin's help for ${command ?? "the application"}`, () => {
    assertEquals(renderUsage(SPEC, command), text);
  });
}

Deno.test("renderUsage() wraps help texts to the given width", () => {
  assertEquals(renderUsage(SPEC, undefined, { width: 40 }), expected.APP_USAGE_40);
});

Deno.test("renderUsage() rejects an unknown command name", () => {
  assertEquals(errorOf(() => renderUsage(SPEC, "nope")).message, 'Unknown command "nope"');
});

Deno.test("renderLongHelp() lists every command with its own flags", () => {
  assertEquals(renderLongHelp(SPEC), expected.LONG_HELP);
});

Deno.test("renderManPage() prints the roff page with the version", () => {
  assertEquals(renderManPage(SPEC, "v7.2.0"), expected.MAN_PAGE);
});
