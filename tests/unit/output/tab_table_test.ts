import { assertEquals } from "../../helpers/assert.ts";
import { renderTable } from "../../../src/output/tab_table.ts";

Deno.test("renderTable() counts a character outside the BMP as one rune when padding", () => {
  const key = "\u{1F511}"; // two UTF-16 units, one rune
  assertEquals(renderTable([[key, "x"]]), key + " ".repeat(24) + "x" + " ".repeat(24) + "\n");
});

Deno.test("renderTable() widens a column to its longest cell in runes plus two", () => {
  const long = "\u{1F511}".repeat(30);
  assertEquals(
    renderTable([[long, "a"], ["b", "c"]]),
    long + "  " + "a" + " ".repeat(24) + "\n" + "b" + " ".repeat(31) + "c" + " ".repeat(24) + "\n",
  );
});

Deno.test("renderTable() pads rows of different lengths by column", () => {
  assertEquals(
    renderTable([["a"], ["b", "c"]]),
    "a" + " ".repeat(24) + "\n" + "b" + " ".repeat(24) + "c" + " ".repeat(24) + "\n",
  );
});
