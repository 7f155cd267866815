/**
 * Go `time.Duration` text: parsing as `time.ParseDuration` does and
 * formatting as `Duration.String()` does. Durations travel through the
 * program as milliseconds (possibly fractional); the arithmetic here is done
 * in whole nanoseconds with `bigint` so that overflow and rounding behave as
 * in Go.
 *
 * @module
 */

const NANOS_PER_MS = 1_000_000n;
/** 1 << 63, the magnitude limit Go checks against. */
const LIMIT = 1n << 63n;

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  "\u00b5s": 1_000n, // U+00B5 micro sign
  "\u03bcs": 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= "0" && c <= "9";
}

/**
 * Parses Go duration text into nanoseconds, or `undefined` when Go would
 * return an error. Grammar: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`, or `0`.
 */
export function parseGoDurationNanos(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0n;
  if (s === "") return undefined;
  let total = 0n;
  while (s !== "") {
    if (!(s[0] === "." || isDigit(s[0]))) return undefined;
    // Integer part.
    let i = 0;
    let whole = 0n;
    while (isDigit(s[i])) {
      if (whole > LIMIT / 10n) return undefined;
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > LIMIT) return undefined;
      i++;
    }
    const hasWhole = i > 0;
    s = s.slice(i);
    // Fraction part: digits beyond int64 precision are consumed but dropped.
    let fraction = 0n;
    let scale = 1;
    let hasFraction = false;
    if (s[0] === ".") {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      while (isDigit(s[j])) {
        if (!overflow) {
          if (fraction > (LIMIT - 1n) / 10n) {
            overflow = true;
          } else {
            const next = fraction * 10n + BigInt(s.charCodeAt(j) - 48);
            if (next > LIMIT) {
              overflow = true;
            } else {
              fraction = next;
              scale *= 10;
            }
          }
        }
        j++;
      }
      hasFraction = j > 0;
      s = s.slice(j);
    }
    if (!hasWhole && !hasFraction) return undefined;
    // Unit: everything up to the next digit or dot.
    let k = 0;
    while (k < s.length && s[k] !== "." && !isDigit(s[k])) k++;
    if (k === 0) return undefined;
    const unit = UNITS[s.slice(0, k)];
    if (unit === undefined) return undefined;
    s = s.slice(k);
    if (whole > LIMIT / unit) return undefined;
    let value = whole * unit;
    if (fraction > 0n) {
      // Go does this step in float64; so do we.
      value += BigInt(Math.trunc(Number(fraction) * (Number(unit) / scale)));
      if (value > LIMIT) return undefined;
    }
    total += value;
    if (total > LIMIT) return undefined;
  }
  if (negative) return -total;
  if (total > LIMIT - 1n) return undefined;
  return total;
}

/**
 * Parses Go duration text (`1h30m`, `90m`, `3600s`, `1.5h`, `-2m`, `0`) into
 * milliseconds, or `undefined` when Go's `time.ParseDuration` would fail
 * (for example a bare number other than `0`, an unknown unit, spaces).
 */
export function parseGoDuration(text: string): number | undefined {
  const nanos = parseGoDurationNanos(text);
  if (nanos === undefined) return undefined;
  const wholeMs = nanos / NANOS_PER_MS;
  return Number(wholeMs) + Number(nanos % NANOS_PER_MS) / 1e6;
}

/** Digits of `v` below `prec` decimal places, without trailing zeros, with a leading dot. */
function fraction(v: bigint, prec: number): string {
  const digits = (v % 10n ** BigInt(prec)).toString().padStart(prec, "0").replace(/0+$/, "");
  return digits === "" ? "" : `.${digits}`;
}

/** Formats nanoseconds exactly like Go's `Duration.String()`. */
export function formatGoDurationNanos(nanos: bigint): string {
  const sign = nanos < 0n ? "-" : "";
  const u = nanos < 0n ? -nanos : nanos;
  if (u === 0n) return "0s";
  if (u < 1_000_000_000n) {
    if (u < 1_000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${u / 1_000n}${fraction(u, 3)}\u00b5s`;
    return `${sign}${u / 1_000_000n}${fraction(u, 6)}ms`;
  }
  let out = `${fraction(u, 9)}s`;
  let rest = u / 1_000_000_000n;
  out = `${rest % 60n}${out}`;
  rest /= 60n;
  if (rest > 0n) {
    out = `${rest % 60n}m${out}`;
    rest /= 60n;
    if (rest > 0n) out = `${rest}h${out}`;
  }
  return sign + out;
}

/**
 * Formats milliseconds like Go's `Duration.String()`: `7h59m12s`, `45m3s`,
 * `1h0m0s`, `0s`, `-2m5s`, `1.5s`, `250ms`. Sub-nanosecond parts are rounded.
 */
export function formatGoDuration(ms: number): string {
  const whole = Math.trunc(ms);
  const nanos = BigInt(whole) * NANOS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
  return formatGoDurationNanos(nanos);
}
