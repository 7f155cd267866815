import assert from "node:assert/strict";
import {
  formatGoDuration,
  formatGoDurationNanos,
  parseGoDuration,
  parseGoDurationNanos,
} from "../../../src/config/duration.ts";

const SECOND = 1_000_000_000n;
const MINUTE = 60n * SECOND;
const HOUR = 60n * MINUTE;

// Rows taken from the behaviour of Go's time.ParseDuration.
const VALID: Array<[string, bigint]> = [
  ["0", 0n],
  ["-0", 0n],
  ["+0", 0n],
  ["5s", 5n * SECOND],
  ["30s", 30n * SECOND],
  ["1478s", 1478n * SECOND],
  ["-5s", -5n * SECOND],
  ["+5s", 5n * SECOND],
  ["-0s", 0n],
  ["5.0s", 5n * SECOND],
  ["5.6s", 5600_000_000n],
  ["5.s", 5n * SECOND],
  [".5s", 500_000_000n],
  ["1.004s", 1_004_000_000n],
  ["100.00100s", 100_001_000_000n],
  ["10ns", 10n],
  ["11us", 11_000n],
  ["12\u00b5s", 12_000n],
  ["12\u03bcs", 12_000n],
  ["13ms", 13_000_000n],
  ["15m", 15n * MINUTE],
  ["16h", 16n * HOUR],
  ["1h30m", HOUR + 30n * MINUTE],
  ["1.5h", HOUR + 30n * MINUTE],
  ["90m", 90n * MINUTE],
  ["3600s", HOUR],
  ["10.5s4m", 4n * MINUTE + 10_500_000_000n],
  ["-2m3.4s", -(2n * MINUTE + 3_400_000_000n)],
  ["1h2m3s4ms5us6ns", HOUR + 2n * MINUTE + 3n * SECOND + 4_005_006n],
  ["39h9m14.425s", 39n * HOUR + 9n * MINUTE + 14_425_000_000n],
  ["52763797000ns", 52_763_797_000n],
  ["0.3333333333333333333h", 20n * MINUTE],
  ["9223372036854775807ns", 9223372036854775807n],
  ["9223372036854775.807us", 9223372036854775807n],
  ["9223372036s854ms775us807ns", 9223372036854775807n],
  ["-9223372036854775808ns", -9223372036854775808n],
  ["-9223372036854775.808us", -9223372036854775808n],
  ["0.100000000000000000000h", 6n * MINUTE],
  ["0.830103483285477580700h", 49n * MINUTE + 48_372_539_827n],
];

const INVALID = [
  "",
  "3",
  "3600",
  "-",
  "s",
  ".",
  "-.",
  ".s",
  "+.s",
  "1d",
  "1hr",
  "1h 30m",
  " 1h",
  "1h ",
  "1e3s",
  "\x85\x85",
  "9223372036854775808ns",
  "9223372036854775.808us",
  "9223372036854ms775us808ns",
  "-9223372036854775809ns",
];

Deno.test("parseGoDurationNanos() accepts Go duration syntax exactly as time.ParseDuration", () => {
  for (const [text, nanos] of VALID) {
    assert.equal(parseGoDurationNanos(text), nanos, text);
  }
});

Deno.test("parseGoDuration() rejects what time.ParseDuration rejects, including bare numbers", () => {
  for (const text of INVALID) {
    assert.equal(parseGoDuration(text), undefined, JSON.stringify(text));
    assert.equal(parseGoDurationNanos(text), undefined, JSON.stringify(text));
  }
});

Deno.test("parseGoDuration() returns milliseconds, fractional below one millisecond", () => {
  const rows: Array<[string, number]> = [
    ["1h", 3_600_000],
    ["90m", 5_400_000],
    ["43200s", 43_200_000],
    ["1h30m", 5_400_000],
    ["-2m5s", -125_000],
    ["250ms", 250],
    ["1500us", 1.5],
    ["0", 0],
  ];
  for (const [text, ms] of rows) assert.equal(parseGoDuration(text), ms, text);
});

Deno.test("formatGoDuration() prints whole seconds like Go's Duration.String()", () => {
  const rows: Array<[number, string]> = [
    [0, "0s"],
    [1000, "1s"],
    [59_000, "59s"],
    [60_000, "1m0s"],
    [(45 * 60 + 3) * 1000, "45m3s"],
    [3_600_000, "1h0m0s"],
    [((7 * 60 + 59) * 60 + 12) * 1000, "7h59m12s"],
    [8 * 3_600_000, "8h0m0s"],
    [36 * 3_600_000, "36h0m0s"],
    [-125_000, "-2m5s"],
    [-1000, "-1s"],
  ];
  for (const [ms, text] of rows) assert.equal(formatGoDuration(ms), text, String(ms));
});

Deno.test("formatGoDuration() prints fractions and sub-second units like Go", () => {
  const rows: Array<[number, string]> = [
    [1500, "1.5s"],
    [61_500, "1m1.5s"],
    [250, "250ms"],
    [2.2, "2.2ms"],
    [0.5, "500\u00b5s"],
    [0.0011, "1.1\u00b5s"],
    [0.000001, "1ns"],
    [-0.5, "-500\u00b5s"],
  ];
  for (const [ms, text] of rows) assert.equal(formatGoDuration(ms), text, String(ms));
});

Deno.test("formatGoDurationNanos() handles the int64 extremes", () => {
  assert.equal(formatGoDurationNanos(9223372036854775807n), "2562047h47m16.854775807s");
  assert.equal(formatGoDurationNanos(-9223372036854775808n), "-2562047h47m16.854775808s");
  assert.equal(formatGoDurationNanos(8n * MINUTE + 1n), "8m0.000000001s");
  assert.equal(formatGoDurationNanos(5n * HOUR + 6n * MINUTE + 7_001_000_000n), "5h6m7.001s");
});

Deno.test("formatGoDuration() and parseGoDuration() round-trip whole seconds", () => {
  for (const ms of [0, 1000, 45_000, 3_600_000, 28_800_000, 129_600_000, -65_000]) {
    assert.equal(parseGoDuration(formatGoDuration(ms)), ms);
  }
});
