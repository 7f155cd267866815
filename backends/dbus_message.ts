/**
 * D-Bus messages: header and body, encoded and decoded whole. Pure code.
 *
 * @module
 */

import { DbusVariant, DbusWireError, marshal, unmarshal } from "./dbus_marshal.ts";

/** The protocol's maximum message size (128 MiB). */
const MAX_MESSAGE_LENGTH = 134_217_728;

/** Message types. */
export const MESSAGE_TYPE = { methodCall: 1, methodReturn: 2, error: 3, signal: 4 } as const;

/** Header flag: the caller does not want a reply. */
export const FLAG_NO_REPLY_EXPECTED = 0x1;

/** One D-Bus message. */
export interface DbusMessage {
  type: number;
  flags: number;
  serial: number;
  path?: string;
  interface?: string;
  member?: string;
  errorName?: string;
  replySerial?: number;
  destination?: string;
  sender?: string;
  /** The body's signature; "" for no body. */
  signature: string;
  body: unknown[];
}

const FIELD = {
  path: 1,
  interface: 2,
  member: 3,
  errorName: 4,
  replySerial: 5,
  destination: 6,
  sender: 7,
  signature: 8,
} as const;
const FIELD_TYPE: Record<number, string> = {
  1: "o",
  2: "s",
  3: "s",
  4: "s",
  5: "u",
  6: "s",
  7: "s",
  8: "g",
};

/** Encodes a whole message (little-endian, protocol version 1). */
export function encodeMessage(msg: DbusMessage): Uint8Array {
  const body = msg.signature === "" ? new Uint8Array() : marshal(msg.signature, msg.body);
  const fields: [number, DbusVariant][] = [];
  for (const [name, code] of Object.entries(FIELD)) {
    const value = msg[name as keyof typeof FIELD];
    if (value === undefined || (name === "signature" && value === "")) continue;
    fields.push([code, new DbusVariant(FIELD_TYPE[code], value)]);
  }
  const header = marshal("yyyyuua(yv)", [
    0x6c,
    msg.type,
    msg.flags,
    1,
    body.length,
    msg.serial,
    fields,
  ]);
  const bodyStart = header.length + ((8 - (header.length % 8)) % 8);
  const out = new Uint8Array(bodyStart + body.length);
  out.set(header);
  out.set(body, bodyStart);
  return out;
}

/** The total length of the message at the start of `buf`, or undefined when not yet known. */
export function messageLength(buf: Uint8Array): number | undefined {
  if (buf.length < 16) return undefined;
  const little = buf[0] === 0x6c;
  if (!little && buf[0] !== 0x42) throw new DbusWireError("bad D-Bus endianness marker");
  const view = new DataView(buf.buffer, buf.byteOffset, 16);
  const bodyLength = view.getUint32(4, little);
  const fieldsLength = view.getUint32(12, little);
  const headerEnd = 16 + fieldsLength;
  const total = headerEnd + ((8 - (headerEnd % 8)) % 8) + bodyLength;
  if (total > MAX_MESSAGE_LENGTH) {
    throw new DbusWireError(`D-Bus message of ${total} bytes is over the limit`);
  }
  return total;
}

/** Decodes one whole message. */
export function decodeMessage(bytes: Uint8Array): DbusMessage {
  const length = messageLength(bytes);
  if (length === undefined || bytes.length < length) {
    throw new DbusWireError("truncated D-Bus message");
  }
  const little = bytes[0] === 0x6c;
  const [, type, flags, , bodyLength, serial, fields] = unmarshal("yyyyuua(yv)", bytes, little) as [
    number,
    number,
    number,
    number,
    number,
    number,
    [number, DbusVariant][],
  ];
  const msg: DbusMessage = { type, flags, serial, signature: "", body: [] };
  const names = Object.entries(FIELD);
  for (const [code, variant] of fields) {
    const name = names.find(([, c]) => c === code)?.[0];
    if (name !== undefined) (msg as unknown as Record<string, unknown>)[name] = variant.value;
  }
  const body = bytes.subarray(length - bodyLength, length);
  if (msg.signature !== "") msg.body = unmarshal(msg.signature, body, little);
  return msg;
}
