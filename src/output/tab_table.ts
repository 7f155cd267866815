/**
 * The table `list` prints: Go `text/tabwriter` with minwidth 25, padding 2,
 * space padding, every cell tab-terminated (so every cell, including the
 * last, is right-padded).
 *
 * @module
 */

const MIN_WIDTH = 25;
const PADDING = 2;

/** Width in runes, as tabwriter counts it. */
function runeWidth(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Renders rows of cells as aws-vault's `list` table. */
export function renderTable(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? MIN_WIDTH, runeWidth(cell) + PADDING);
    });
  }
  return rows.map((row) =>
    row.map((cell, i) => cell + " ".repeat(widths[i] - runeWidth(cell))).join("") + "\n"
  ).join("");
}
