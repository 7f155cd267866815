import assert from "node:assert/strict";
import {
  decryptJwe,
  encryptJwe,
  formatGoTime,
  JWE_MAX_P2C,
  JweError,
  type JweErrorCode,
  parseJweHeader,
} from "../../../backends/jwe.ts";
import { decodeBase64Url, encodeBase64Url, fromUtf8, utf8 } from "../../../src/encoding.ts";
import { KeyringError } from "../../../src/errors.ts";
import { ITEM_FIELDS } from "../../helpers/aws_vault_items.ts";

const FIXTURES = new URL("../../fixtures/aws-vault-v7.2.0-file/keys/", import.meta.url);
const FIXED_NOW = () => new Date(Date.UTC(2026, 10, 23, 16, 9, 0, 120));

/** A deterministic random source that records the lengths asked for. */
function countingRandom(calls: number[]): (n: number) => Uint8Array {
  let seed = 1;
  return (n) => {
    calls.push(n);
    return Uint8Array.from({ length: n }, () => (seed = (seed * 73 + 41) % 251));
  };
}

/** Awaits a promise that must reject with an instance of `type` and returns the error. */
async function rejection<T>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error}`);
    return error;
  }
  return assert.fail(`expected a ${type.name}`);
}

function segments(token: string): string[] {
  return token.split(".");
}

/** Replaces the protected header (the ciphertext no longer matches it). */
function withHeader(token: string, header: Record<string, unknown>): string {
  const parts = segments(token);
  parts[0] = encodeBase64Url(JSON.stringify(header));
  return parts.join(".");
}

function headerOf(token: string): Record<string, unknown> {
  return JSON.parse(fromUtf8(decodeBase64Url(segments(token)[0])));
}

async function assertJweError(promise: Promise<unknown>, code: JweErrorCode, message?: RegExp) {
  const error = await rejection(promise, JweError);
  assert.deepEqual(error.code, code);
  assert.ok(error instanceof KeyringError, "a JweError is a KeyringError");
  if (message) assert.match(error.message, message);
}

Deno.test("encryptJwe() output decrypts back to the same bytes", async () => {
  const cases: [Uint8Array | string, string][] = [
    ['{"Key":"demo"}', "secret"],
    [new Uint8Array([0, 1, 2, 255]), "pässwörd ✓"],
    ["", ""],
    ["x".repeat(10_000), "long plaintext"],
  ];
  for (const [plaintext, passphrase] of cases) {
    const token = await encryptJwe(plaintext, passphrase);
    const expected = typeof plaintext === "string" ? utf8(plaintext) : plaintext;
    assert.deepEqual(await decryptJwe(token, passphrase), expected);
  }
});

Deno.test("encryptJwe() writes jose2go's header: sorted keys, no spaces, p2c 8192, 12-byte p2s", async () => {
  const token = await encryptJwe("payload", "pw");
  const parts = segments(token);
  assert.deepEqual(parts.length, 5);
  const headerText = fromUtf8(decodeBase64Url(parts[0]));
  assert.match(
    headerText,
    /^\{"alg":"PBES2-HS256\+A128KW","created":"[^"]+","enc":"A256GCM","p2c":8192,"p2s":"[A-Za-z0-9_-]{16}"\}$/,
  );
  assert.deepEqual(decodeBase64Url(headerOf(token).p2s as string).length, 12);
  assert.deepEqual(decodeBase64Url(parts[1]).length, 40, "wrapped 32-byte content key");
  assert.deepEqual(decodeBase64Url(parts[2]).length, 12, "GCM IV");
  assert.deepEqual(decodeBase64Url(parts[3]).length, "payload".length, "GCM ciphertext");
  assert.deepEqual(decodeBase64Url(parts[4]).length, 16, "GCM tag");
  for (const part of parts) assert.match(part, /^[A-Za-z0-9_-]*$/, "base64url without padding");
});

Deno.test("encryptJwe() uses the injected clock and randomness (p2s, key, IV in that order)", async () => {
  const calls: number[] = [];
  const token = await encryptJwe("same", "pw", { now: FIXED_NOW, random: countingRandom(calls) });
  assert.deepEqual(calls, [12, 32, 12]);
  assert.deepEqual(headerOf(token).created, "2026-11-23 16:09:00.12 +0000 UTC");
  const again = await encryptJwe("same", "pw", { now: FIXED_NOW, random: countingRandom([]) });
  assert.deepEqual(again, token, "same inputs give the same token");
  const fresh = await encryptJwe("same", "pw", { now: FIXED_NOW });
  assert.notDeepEqual(fresh, token, "the default randomness differs");
});

Deno.test("encryptJwe() gives every token its own salt, key and IV", async () => {
  const a = segments(await encryptJwe("same", "pw"));
  const b = segments(await encryptJwe("same", "pw"));
  for (const i of [1, 2, 3, 4]) assert.notDeepEqual(a[i], b[i]);
  assert.notDeepEqual(a[0], b[0]);
});

Deno.test("formatGoTime() matches Go's time.String() for UTC, trailing zeros dropped", () => {
  assert.deepEqual(
    formatGoTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 0))),
    "2026-01-02 03:04:05 +0000 UTC",
  );
  assert.deepEqual(
    formatGoTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 5))),
    "2026-01-02 03:04:05.005 +0000 UTC",
  );
  assert.deepEqual(
    formatGoTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 500))),
    "2026-01-02 03:04:05.5 +0000 UTC",
  );
  assert.deepEqual(
    formatGoTime(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 123))),
    "2026-01-02 03:04:05.123 +0000 UTC",
  );
});

Deno.test("decryptJwe() with a wrong passphrase fails with jose2go's key-unwrap message", async () => {
  const token = await encryptJwe("payload", "right");
  await assertJweError(
    decryptJwe(token, "wrong"),
    "JWE_KEY_UNWRAP",
    /^aes\.KeyUnwrap\(\): integrity check failed\.$/,
  );
});

Deno.test("decryptJwe() detects tampering with the ciphertext, tag, IV, key and header", async () => {
  const token = await encryptJwe("some payload to protect", "pw");
  const flip = (index: number) => {
    const parts = segments(token);
    const raw = decodeBase64Url(parts[index]);
    raw[0] ^= 1;
    parts[index] = encodeBase64Url(raw);
    return parts.join(".");
  };
  await assertJweError(decryptJwe(flip(3), "pw"), "JWE_DECRYPT", /message authentication failed/);
  await assertJweError(decryptJwe(flip(4), "pw"), "JWE_DECRYPT");
  await assertJweError(decryptJwe(flip(2), "pw"), "JWE_DECRYPT");
  await assertJweError(decryptJwe(flip(1), "pw"), "JWE_KEY_UNWRAP");
  // Same header values, another key order: still valid JSON, but the AAD differs.
  const h = headerOf(token);
  const reordered = withHeader(token, {
    p2s: h.p2s,
    p2c: h.p2c,
    enc: h.enc,
    alg: h.alg,
    created: h.created,
  });
  await assertJweError(decryptJwe(reordered, "pw"), "JWE_DECRYPT");
});

Deno.test("decryptJwe() rejects p2c above 1,300,000 before deriving any key", async () => {
  const token = await encryptJwe("payload", "pw");
  const h = headerOf(token);
  await assertJweError(
    decryptJwe(withHeader(token, { ...h, p2c: JWE_MAX_P2C + 1 }), "pw"),
    "JWE_P2C_LIMIT",
    /expected 'p2c' to be less than 1300000 but got 1300001/,
  );
  await assertJweError(decryptJwe(withHeader(token, { ...h, p2c: 1e12 }), "pw"), "JWE_P2C_LIMIT");
  await assertJweError(decryptJwe(withHeader(token, { ...h, p2c: 0 }), "pw"), "JWE_P2C_LIMIT");
  await assertJweError(decryptJwe(withHeader(token, { ...h, p2c: 8192.5 }), "pw"), "JWE_P2C_LIMIT");
});

Deno.test("decryptJwe() accepts p2c of exactly 1,300,000", async () => {
  const token = await encryptJwe("at the limit", "pw", { p2c: JWE_MAX_P2C });
  assert.deepEqual(headerOf(token).p2c, JWE_MAX_P2C);
  assert.deepEqual(fromUtf8(await decryptJwe(token, "pw")), "at the limit");
});

Deno.test("encryptJwe() refuses a p2c the reader would reject", async () => {
  await assertJweError(encryptJwe("x", "pw", { p2c: JWE_MAX_P2C + 1 }), "JWE_P2C_LIMIT");
});

Deno.test("decryptJwe() requires p2c to be a number and p2s a string", async () => {
  const token = await encryptJwe("payload", "pw");
  const { p2c: _c, ...noP2c } = headerOf(token);
  const { p2s: _s, ...noP2s } = headerOf(token);
  await assertJweError(decryptJwe(withHeader(token, noP2c), "pw"), "JWE_BAD_HEADER", /'p2c'/);
  await assertJweError(
    decryptJwe(withHeader(token, { ...noP2c, p2c: "8192" }), "pw"),
    "JWE_BAD_HEADER",
  );
  await assertJweError(decryptJwe(withHeader(token, noP2s), "pw"), "JWE_BAD_HEADER", /'p2s'/);
  await assertJweError(
    decryptJwe(withHeader(token, { ...noP2s, p2s: 12 }), "pw"),
    "JWE_BAD_HEADER",
  );
});

Deno.test("decryptJwe() accepts only PBES2-HS256+A128KW with A256GCM and no compression", async () => {
  const token = await encryptJwe("payload", "pw");
  const h = headerOf(token);
  await assertJweError(
    decryptJwe(withHeader(token, { ...h, alg: "dir" }), "pw"),
    "JWE_UNSUPPORTED",
    /"alg" "dir"/,
  );
  await assertJweError(
    decryptJwe(withHeader(token, { ...h, enc: "A128GCM" }), "pw"),
    "JWE_UNSUPPORTED",
    /"enc"/,
  );
  await assertJweError(
    decryptJwe(withHeader(token, { ...h, zip: "DEF" }), "pw"),
    "JWE_UNSUPPORTED",
    /"zip"/,
  );
});

Deno.test("decryptJwe() reports malformed tokens with a one-line reason", async () => {
  const token = await encryptJwe("payload", "pw");
  const parts = segments(token);
  const cases: [string, RegExp][] = [
    ["", /expected 5 dot-separated parts, found 1/],
    [parts.slice(0, 4).join("."), /found 4/],
    [token + ".x", /found 6/],
    [["!!!", ...parts.slice(1)].join("."), /header is not base64url/],
    [[encodeBase64Url("not json"), ...parts.slice(1)].join("."), /header is not JSON/],
    [[encodeBase64Url("[1]"), ...parts.slice(1)].join("."), /header is not a JSON object/],
    [
      [parts[0], parts[1].slice(0, 20), ...parts.slice(2)].join("."),
      /encrypted key is 15 bytes, expected 40/,
    ],
    [
      [...parts.slice(0, 4), parts[4].slice(0, 10)].join("."),
      /authentication tag is 7 bytes, expected 16/,
    ],
    [
      [...parts.slice(0, 2), "", ...parts.slice(3)].join("."),
      /initialisation vector is 0 bytes, expected 12/,
    ],
  ];
  for (const [input, message] of cases) {
    const error = await rejection(decryptJwe(input, "pw"), JweError);
    assert.deepEqual(error.code, "JWE_MALFORMED", input);
    assert.match(error.message, message);
    assert.ok(!error.message.includes("\n"));
  }
});

Deno.test("decryptJwe() ignores surrounding whitespace such as a trailing newline", async () => {
  const token = await encryptJwe("payload", "pw");
  assert.deepEqual(fromUtf8(await decryptJwe(`${token}\n`, "pw")), "payload");
});

Deno.test("parseJweHeader() reads aws-vault's fixture headers, including Go's created time", async () => {
  for await (const entry of Deno.readDir(FIXTURES)) {
    const token = await Deno.readTextFile(new URL(encodeURIComponent(entry.name), FIXTURES));
    const header = parseJweHeader(token);
    assert.deepEqual(header.alg, "PBES2-HS256+A128KW");
    assert.deepEqual(header.enc, "A256GCM");
    assert.deepEqual(header.p2c, 8192);
    assert.deepEqual(decodeBase64Url(header.p2s).length, 12);
    assert.match(header.created ?? "", /^2026-11-23 15:52:\d\d\.\d+ \+0000 UTC m=\+0\.\d+$/);
  }
});

Deno.test("decryptJwe() opens every file aws-vault v7.2.0 wrote", async () => {
  const names: string[] = [];
  for await (const entry of Deno.readDir(FIXTURES)) {
    names.push(entry.name);
    const token = await Deno.readTextFile(new URL(encodeURIComponent(entry.name), FIXTURES));
    const item = JSON.parse(fromUtf8(await decryptJwe(token, "fixture-passphrase")));
    assert.deepEqual(Object.keys(item), ITEM_FIELDS);
    await assertJweError(decryptJwe(token, "not-the-passphrase"), "JWE_KEY_UNWRAP");
  }
  assert.deepEqual(names.length, 3);
});
