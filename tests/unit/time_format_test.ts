import { parseRfc3339, rfc3339, rfc3339Nano } from "../../src/time_format.ts";
import { assertEquals } from "../helpers/assert.ts";

Deno.test("rfc3339() writes UTC seconds with a Z, as Go's time.RFC3339", () => {
  assertEquals(rfc3339(new Date("2023-05-25T08:30:06.789Z")), "2023-05-25T08:30:06Z");
  assertEquals(rfc3339(new Date("1999-12-31T23:59:59.999Z")), "1999-12-31T23:59:59Z");
  assertEquals(rfc3339(new Date("2024-02-29T00:00:00+01:00")), "2024-02-28T23:00:00Z");
  const early = new Date(Date.UTC(2000, 0, 2, 3, 4, 5));
  early.setUTCFullYear(5);
  assertEquals(rfc3339(early), "0005-01-02T03:04:05Z");
});

Deno.test("rfc3339() agrees with toISOString() without the milliseconds, over many dates", () => {
  const edges = [0, -1, 253402300799000, -62167219200000, Date.UTC(2038, 0, 19, 3, 14, 8)];
  const dates = [
    ...edges,
    ...Array.from({ length: 2000 }, (_, i) => ((i * 7919 + 13) * 1_299_709_000) % 4e14 - 1e14),
  ];
  for (const t of dates) {
    const date = new Date(t);
    assertEquals(rfc3339(date), date.toISOString().replace(/\.\d{3}Z$/, "Z"), String(t));
  }
});

Deno.test("rfc3339() keeps the extended year form outside years 0-9999", () => {
  assertEquals(rfc3339(new Date(Date.UTC(10000, 0, 1))), "+010000-01-01T00:00:00Z");
  assertEquals(rfc3339(new Date(Date.UTC(-1, 5, 1, 12))), "-000001-06-01T12:00:00Z");
});

Deno.test("rfc3339Nano() trims trailing zeros of the fraction and parseRfc3339() reads both back", () => {
  const date = new Date("2023-05-25T08:30:06.120Z");
  assertEquals(rfc3339Nano(date), "2023-05-25T08:30:06.12Z");
  assertEquals(rfc3339Nano(new Date("2023-05-25T08:30:06Z")), "2023-05-25T08:30:06Z");
  assertEquals(parseRfc3339(rfc3339Nano(date))?.getTime(), date.getTime());
  assertEquals(parseRfc3339(rfc3339(date))?.getTime(), Date.parse("2023-05-25T08:30:06Z"));
  assertEquals(parseRfc3339("2023-05-25 08:30:06Z"), undefined);
});
