/**
 * The table `list` prints: Go `text/tabwriter` with minwidth 25, padding 2,
 * space padding, every cell tab-terminated (so every cell, including the
 * last, is right-padded).
 *
 * @module
 */

const MIN_WIDTH = 25;
const PADDING = 2;

const SURROGATE = /[\uD800-\uDFFF]/;

/** Width in runes, as tabwriter counts it. */
function runeWidth(text: string): number {
  // Without surrogates every UTF-16 unit is one rune.
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Renders rows of cells as aws-vault's `list` table. */
export function renderTable(rows: string[][]): string {
  // Each cell's width is counted once (a surrogate test per cell is most of the cost).
  const cellWidths: number[][] = [];
  const widths: number[] = [];
  for (const row of rows) {
    const rowWidths: number[] = [];
    for (let i = 0; i < row.length; i++) {
      const w = runeWidth(row[i]);
      rowWidths.push(w);
      widths[i] = Math.max(widths[i] ?? MIN_WIDTH, w + PADDING);
    }
    cellWidths.push(rowWidths);
  }
  // One part per cell and per padding, joined once; paddings are shared by length.
  const paddings: string[] = [];
  const parts: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let i = 0; i < row.length; i++) {
      const n = widths[i] - cellWidths[r][i];
      parts.push(row[i], paddings[n] ??= " ".repeat(n));
    }
    parts.push("\n");
  }
  return parts.join("");
}
