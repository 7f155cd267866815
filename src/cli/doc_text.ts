/**
 * Plain-text paragraph wrapping as Go's `go/doc.ToText` does it (Go 1.19+,
 * `go/doc/comment`): paragraphs are split into words and broken into lines
 * minimising the sum of squared leftover widths, with a penalty for lines
 * that do not end in `.`, `,`, `:` or `;`. Kingpin renders every help text
 * through it, so line breaks in `--help` output depend on it.
 *
 * Only paragraphs are interpreted: Go's headings, lists, code blocks and doc
 * links never occur in aws-vault's help texts and are rendered as plain words.
 *
 * @module
 */

type Score = readonly [hi: number, lo: number];

function add(a: Score, b: Score): Score {
  return [a[0] + b[0], a[1] + b[1]];
}

function cmp(a: Score, b: Score): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  if (a[1] !== b[1]) return a[1] < b[1] ? -1 : 1;
  return 0;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function penalty(word: string): number {
  return /[.,:;]$/.test(word) ? 0 : 64;
}

/** Smallest `i` in `[0, n)` with `pred(i)`, or `n` (Go's `sort.Search`). */
function search(n: number, pred: (i: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!pred(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Line-break positions for `words` within `max` columns: the indexes of the
 * first word of each line, then `words.length`. Uses the least-weight
 * subsequence algorithm of Hirschberg and Larmore, as Go does, so ties are
 * broken the same way.
 */
export function wrapWords(words: readonly string[], max: number): number[] {
  const n = words.length;
  const total = [0];
  for (let i = 0; i < n; i++) total.push(total[i] + runeCount(words[i]) + 1);
  const weight = (i: number, j: number): Score => {
    const len = total[j] - 1 - total[i];
    if (j === n && len <= max) return [0, 0];
    const p = penalty(words[j - 1]);
    const v = (max - len) * (max - len);
    return len > max ? [v, p] : [0, v + p];
  };
  const f: Score[] = [[0, 0]];
  const g = (i: number, j: number): Score => add(f[i], weight(i, j));
  const bridge = (a: number, b: number, c: number): boolean => {
    const k = c + search(n + 1 - c, (x) => cmp(g(a, x + c), g(b, x + c)) > 0);
    if (k > n) return true;
    return cmp(g(c, k), g(b, k)) <= 0;
  };
  let d = [0];
  const bestLeft = [-1];
  for (let m = 1; m < n; m++) {
    f.push(g(d[0], m));
    bestLeft.push(d[0]);
    while (d.length > 1 && cmp(g(d[1], m + 1), g(d[0], m + 1)) <= 0) d = d.slice(1);
    while (d.length > 1 && bridge(d[d.length - 2], d[d.length - 1], m)) d.pop();
    if (cmp(g(m, n), g(d[d.length - 1], n)) < 0) {
      d.push(m);
      if (d.length === 2 && cmp(g(d[1], m + 1), g(d[0], m + 1)) <= 0) d = d.slice(1);
    }
  }
  bestLeft.push(d[0]);
  const seq: number[] = [];
  for (let m = n; m > 0; m = bestLeft[m]) seq.unshift(m);
  seq.unshift(0);
  return seq;
}

/**
 * Formats `text` as `doc.ToText(w, text, prefix, codePrefix, width)` does
 * for plain paragraphs: every line starts with `prefix`, paragraphs are
 * separated by an empty line, each line ends with `\n`. A `width` of 0
 * means `80 - prefix length`; a negative width means no wrapping.
 */
export function docToText(text: string, prefix: string, width: number): string {
  const limit = width === 0 ? 80 - runeCount(prefix) : width;
  const paragraphs = text.split(/\n[ \t]*\n/).map((p) => p.split(/\s+/).filter((w) => w !== ""))
    .filter((words) => words.length > 0);
  const out: string[] = [];
  for (const words of paragraphs) {
    if (out.length > 0) out.push("\n");
    const seq = limit < 0 ? [0, words.length] : wrapWords(words, limit);
    for (let i = 0; i + 1 < seq.length; i++) {
      out.push(prefix + words.slice(seq[i], seq[i + 1]).join(" ") + "\n");
    }
  }
  return out.join("");
}
