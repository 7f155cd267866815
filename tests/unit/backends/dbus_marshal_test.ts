import assert from "node:assert/strict";
import {
  DbusVariant,
  DbusWireError,
  marshal,
  splitSignature,
  unmarshal,
} from "../../../backends/dbus_marshal.ts";
import {
  decodeMessage,
  encodeMessage,
  MESSAGE_TYPE,
  messageLength,
} from "../../../backends/dbus_message.ts";

const bytes = (...b: number[]) => new Uint8Array(b);

Deno.test("splitSignature() splits into single complete types", () => {
  assert.deepEqual(splitSignature("a{sv}(oayays)bs"), ["a{sv}", "(oayays)", "b", "s"]);
  assert.deepEqual(splitSignature("aa(ii)v"), ["aa(ii)", "v"]);
  assert.deepEqual(splitSignature(""), []);
  assert.throws(() => splitSignature("a{sv"), DbusWireError);
  assert.throws(() => splitSignature("z"), DbusWireError);
});

Deno.test("marshal() writes strings with a length prefix and a NUL, padded to 4", () => {
  assert.deepEqual(marshal("s", ["abc"]), bytes(3, 0, 0, 0, 0x61, 0x62, 0x63, 0));
  assert.deepEqual(marshal("ys", [1, "a"]), bytes(1, 0, 0, 0, 1, 0, 0, 0, 0x61, 0));
  assert.deepEqual(marshal("g", ["a{sv}"]), bytes(5, 0x61, 0x7b, 0x73, 0x76, 0x7d, 0));
  assert.deepEqual(marshal("s", ["é"]), bytes(2, 0, 0, 0, 0xc3, 0xa9, 0));
});

Deno.test("marshal() pads array contents to the element's alignment, excluded from the length", () => {
  assert.deepEqual(marshal("at", [[]]), bytes(0, 0, 0, 0, 0, 0, 0, 0));
  assert.deepEqual(
    marshal("a{sv}", [new Map([["k", new DbusVariant("u", 7)]])]),
    bytes(16, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x6b, 0, 1, 0x75, 0, 0, 0, 0, 7, 0, 0, 0),
  );
  assert.deepEqual(marshal("ay", [bytes(1, 2, 3)]), bytes(3, 0, 0, 0, 1, 2, 3));
  assert.deepEqual(marshal("(yu)", [[1, 2]]), bytes(1, 0, 0, 0, 2, 0, 0, 0));
  assert.deepEqual(marshal("b", [true]), bytes(1, 0, 0, 0));
  assert.deepEqual(marshal("x", [-1n]), bytes(255, 255, 255, 255, 255, 255, 255, 255));
});

Deno.test("unmarshal() reads back what marshal() wrote, for nested signatures", () => {
  const values = [
    new Map([["org.freedesktop.Secret.Item.Label", new DbusVariant("s", "k")], [
      "org.freedesktop.Secret.Item.Attributes",
      new DbusVariant("a{ss}", new Map([["profile", "k"]])),
    ]]),
    ["/org/freedesktop/secrets/session/s1", bytes(), bytes(123, 125), "application/json"],
    true,
    -5n,
    18446744073709551615n,
    2.5,
    -3,
    65535,
    "a(ii)",
    [["x", 1], ["y", 2]],
    new DbusVariant("ay", bytes(9, 8)),
  ];
  const sig = "a{sv}(oayays)bxtdnqga(si)v";
  assert.deepEqual(unmarshal(sig, marshal(sig, values)), values);
});

Deno.test("unmarshal() reads big-endian data and rejects truncated data", () => {
  assert.deepEqual(unmarshal("u", bytes(0, 0, 1, 2), false), [258]);
  assert.throws(() => unmarshal("s", bytes(9, 0, 0, 0, 0x61)), DbusWireError);
});

Deno.test("marshal() rejects values of the wrong shape", () => {
  assert.throws(() => marshal("s", [1]), DbusWireError);
  assert.throws(() => marshal("v", ["x"]), DbusWireError);
  assert.throws(() => marshal("(ss)", [["only one"]]), DbusWireError);
  assert.throws(() => marshal("ss", ["one"]), DbusWireError);
});

Deno.test("encodeMessage() and decodeMessage() round-trip a method call", () => {
  const encoded = encodeMessage({
    type: MESSAGE_TYPE.methodCall,
    flags: 0,
    serial: 7,
    path: "/org/freedesktop/secrets",
    interface: "org.freedesktop.Secret.Service",
    member: "OpenSession",
    destination: "org.freedesktop.secrets",
    signature: "sv",
    body: ["plain", new DbusVariant("s", "")],
  });
  assert.deepEqual([...encoded.subarray(0, 4)], [0x6c, 1, 0, 1]);
  assert.equal(messageLength(encoded), encoded.length);
  assert.equal(messageLength(encoded.subarray(0, 15)), undefined);
  const decoded = decodeMessage(encoded);
  assert.equal(decoded.serial, 7);
  assert.equal(decoded.member, "OpenSession");
  assert.equal(decoded.destination, "org.freedesktop.secrets");
  assert.equal(decoded.signature, "sv");
  assert.deepEqual(decoded.body, ["plain", new DbusVariant("s", "")]);
  const [, , , , bodyLength] = unmarshal("yyyyu", encoded);
  assert.equal(bodyLength, marshal("sv", ["plain", new DbusVariant("s", "")]).length);
});

Deno.test("decodeMessage() reads a big-endian error reply", () => {
  const body = marshal("s", ["nope"]);
  const bigEndianBody = bytes(0, 0, 0, 4, ...body.subarray(4));
  // header: 'B', error, flags 0, version 1, body length, serial 9, fields a(yv)
  const fields = [
    [4, "s", "org.example.Error.Failed"],
    [5, "u", 3],
    [8, "g", "s"],
  ] as const;
  const out: number[] = [0x42, 3, 0, 1, 0, 0, 0, bigEndianBody.length, 0, 0, 0, 9];
  const f: number[] = [];
  const pad = (arr: number[], base: number, n: number) => {
    while ((base + arr.length) % n) arr.push(0);
  };
  for (const [code, sig, value] of fields) {
    pad(f, 16, 8);
    f.push(code, 1, sig.charCodeAt(0), 0);
    if (sig === "s") {
      pad(f, 16, 4);
      const t = new TextEncoder().encode(value as string);
      f.push(0, 0, 0, t.length, ...t, 0);
    } else if (sig === "u") {
      pad(f, 16, 4);
      f.push(0, 0, 0, value as number);
    } else f.push(1, (value as string).charCodeAt(0), 0);
  }
  out.push(0, 0, 0, f.length, ...f);
  pad(out, 0, 8);
  out.push(...bigEndianBody);
  const message = decodeMessage(new Uint8Array(out));
  assert.equal(message.type, MESSAGE_TYPE.error);
  assert.equal(message.errorName, "org.example.Error.Failed");
  assert.equal(message.replySerial, 3);
  assert.deepEqual(message.body, ["nope"]);
});
