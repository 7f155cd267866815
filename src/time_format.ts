/**
 * Time formats shared by stored JSON and output (Go's RFC 3339 encodings).
 *
 * @module
 */

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** RFC 3339 in UTC without fractional seconds, e.g. `2023-05-25T08:30:06Z` (Go `time.RFC3339`). */
export function rfc3339(date: Date): string {
  const year = date.getUTCFullYear();
  // Built from the fields: a process's first toISOString() costs far more than this.
  if (!(year >= 0 && year <= 9999)) return date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return `${String(year).padStart(4, "0")}-${pad2(date.getUTCMonth() + 1)}-${
    pad2(date.getUTCDate())
  }T${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}:${pad2(date.getUTCSeconds())}Z`;
}

/**
 * RFC 3339 in UTC with fractional seconds only when non-zero, trailing zeros
 * trimmed (Go `time.RFC3339Nano`, what `json.Marshal(time.Time)` writes for UTC times).
 */
export function rfc3339Nano(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, (_, ms: string) => {
    const trimmed = ms.replace(/0+$/, "");
    return trimmed === "" ? "Z" : `.${trimmed}Z`;
  });
}

const RFC3339_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Parses RFC 3339 with any offset and any number of fractional digits
 * (digits beyond milliseconds are dropped). `undefined` when malformed.
 */
export function parseRfc3339(text: string): Date | undefined {
  const m = RFC3339_RE.exec(text);
  if (!m) return undefined;
  const frac = m[7] ? m[7].slice(1, 4).padEnd(3, "0") : "000";
  const zone = m[8].toUpperCase() === "Z" ? "Z" : m[8];
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${frac}${zone}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
