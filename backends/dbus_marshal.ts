/**
 * D-Bus marshalling: values to and from the wire format by signature. Pure code.
 *
 * JavaScript shapes: `y n q i u d` are numbers, `x t` bigints, `b` booleans,
 * `s o g` strings, `ay` a `Uint8Array`, other arrays JS arrays, dictionaries
 * (`a{..}`) a `Map` (an array of `[key, value]` pairs is also accepted when
 * marshalling), structs arrays of their fields, and variants {@linkcode DbusVariant}.
 *
 * @module
 */

/** A value together with its own single complete type signature (D-Bus `v`). */
export class DbusVariant {
  constructor(readonly signature: string, readonly value: unknown) {}
}

/** Thrown on malformed signatures, values or messages. */
export class DbusWireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DbusWireError";
  }
}

const FIXED_ALIGN: Record<string, number> = {
  y: 1,
  b: 4,
  n: 2,
  q: 2,
  i: 4,
  u: 4,
  h: 4,
  x: 8,
  t: 8,
  d: 8,
  s: 4,
  o: 4,
  g: 1,
  v: 1,
  a: 4,
  "(": 8,
  "{": 8,
};

function alignmentOf(type: string): number {
  const a = FIXED_ALIGN[type[0]];
  if (a === undefined) throw new DbusWireError(`unknown D-Bus type code "${type[0]}"`);
  return a;
}

/** The end index (exclusive) of the single complete type starting at `start`. */
function completeTypeEnd(sig: string, start: number): number {
  const c = sig[start];
  if (c === undefined) throw new DbusWireError(`truncated signature "${sig}"`);
  if (c === "a") return completeTypeEnd(sig, start + 1);
  if (c === "(" || c === "{") {
    const close = c === "(" ? ")" : "}";
    let i = start + 1;
    while (sig[i] !== close) {
      if (i >= sig.length) throw new DbusWireError(`unbalanced signature "${sig}"`);
      i = completeTypeEnd(sig, i);
    }
    return i + 1;
  }
  alignmentOf(c);
  return start + 1;
}

/** Splits a signature into its single complete types. */
export function splitSignature(sig: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < sig.length) {
    const end = completeTypeEnd(sig, i);
    out.push(sig.slice(i, end));
    i = end;
  }
  return out;
}

/** A growable little-endian buffer; alignment is relative to its start. */
class Writer {
  #buf = new Uint8Array(256);
  #view = new DataView(this.#buf.buffer);
  length = 0;

  #ensure(n: number): void {
    if (this.length + n <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.#buf.subarray(0, this.length));
    this.#buf = next;
    this.#view = new DataView(next.buffer);
  }
  align(n: number): void {
    const pad = (n - (this.length % n)) % n;
    this.#ensure(pad);
    this.#buf.fill(0, this.length, this.length + pad);
    this.length += pad;
  }
  bytes(data: Uint8Array): void {
    this.#ensure(data.length);
    this.#buf.set(data, this.length);
    this.length += data.length;
  }
  fixed(type: string, value: number | bigint): void {
    const size = alignmentOf(type);
    this.align(size);
    this.#ensure(size);
    const at = this.length;
    const v = this.#view;
    switch (type) {
      case "y":
        v.setUint8(at, Number(value));
        break;
      case "n":
        v.setInt16(at, Number(value), true);
        break;
      case "q":
        v.setUint16(at, Number(value), true);
        break;
      case "i":
        v.setInt32(at, Number(value), true);
        break;
      case "b":
      case "u":
      case "h":
        v.setUint32(at, Number(value), true);
        break;
      case "x":
        v.setBigInt64(at, BigInt(value), true);
        break;
      case "t":
        v.setBigUint64(at, BigInt(value), true);
        break;
      case "d":
        v.setFloat64(at, Number(value), true);
        break;
    }
    this.length += size;
  }
  patchU32(at: number, value: number): void {
    this.#view.setUint32(at, value, true);
  }
  result(): Uint8Array {
    return this.#buf.slice(0, this.length);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function writeValue(w: Writer, type: string, value: unknown): void {
  const c = type[0];
  switch (c) {
    case "s":
    case "o": {
      if (typeof value !== "string") throw new DbusWireError(`expected a string for "${c}"`);
      const data = encoder.encode(value);
      w.fixed("u", data.length);
      w.bytes(data);
      w.bytes(new Uint8Array(1));
      return;
    }
    case "g": {
      if (typeof value !== "string") throw new DbusWireError(`expected a signature string`);
      w.fixed("y", value.length);
      w.bytes(encoder.encode(value));
      w.bytes(new Uint8Array(1));
      return;
    }
    case "b":
      w.fixed("b", value ? 1 : 0);
      return;
    case "v": {
      if (!(value instanceof DbusVariant)) throw new DbusWireError(`expected a DbusVariant`);
      writeValue(w, "g", value.signature);
      writeValue(w, value.signature, value.value);
      return;
    }
    case "a":
      writeArray(w, type.slice(1), value);
      return;
    case "(": {
      const fields = splitSignature(type.slice(1, -1));
      if (!Array.isArray(value) || value.length !== fields.length) {
        throw new DbusWireError(`expected a struct of ${fields.length} fields for "${type}"`);
      }
      w.align(8);
      fields.forEach((f, i) => writeValue(w, f, value[i]));
      return;
    }
    default:
      if (typeof value !== "number" && typeof value !== "bigint") {
        throw new DbusWireError(`expected a number for "${c}"`);
      }
      w.fixed(c, value);
  }
}

function writeArray(w: Writer, elem: string, value: unknown): void {
  w.align(4);
  const lengthAt = w.length;
  w.fixed("u", 0);
  w.align(alignmentOf(elem));
  const start = w.length;
  if (elem === "y" && value instanceof Uint8Array) {
    w.bytes(value);
  } else if (elem[0] === "{") {
    const [kt, vt] = splitSignature(elem.slice(1, -1));
    const entries = value instanceof Map ? [...value.entries()] : value;
    if (!Array.isArray(entries)) throw new DbusWireError(`expected a Map for "a${elem}"`);
    for (const [k, v] of entries as [unknown, unknown][]) {
      w.align(8);
      writeValue(w, kt, k);
      writeValue(w, vt, v);
    }
  } else {
    if (!Array.isArray(value)) throw new DbusWireError(`expected an array for "a${elem}"`);
    for (const v of value) writeValue(w, elem, v);
  }
  w.patchU32(lengthAt, w.length - start);
}

/** Marshals `values` by `signature` (alignment relative to an 8-aligned start). */
export function marshal(signature: string, values: unknown[]): Uint8Array {
  const types = splitSignature(signature);
  if (types.length !== values.length) {
    throw new DbusWireError(
      `signature "${signature}" needs ${types.length} values, got ${values.length}`,
    );
  }
  const w = new Writer();
  types.forEach((t, i) => writeValue(w, t, values[i]));
  return w.result();
}

/** Reads values from a message buffer; offsets are relative to the message start. */
class Reader {
  readonly view: DataView;
  pos: number;
  constructor(readonly bytes: Uint8Array, readonly little: boolean, pos = 0) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = pos;
  }
  align(n: number): void {
    this.pos += (n - (this.pos % n)) % n;
  }
  need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new DbusWireError("truncated D-Bus message");
  }
  fixed(type: string): number | bigint {
    const size = alignmentOf(type);
    this.align(size);
    this.need(size);
    const at = this.pos;
    this.pos += size;
    const v = this.view;
    const le = this.little;
    switch (type) {
      case "y":
        return v.getUint8(at);
      case "n":
        return v.getInt16(at, le);
      case "q":
        return v.getUint16(at, le);
      case "i":
        return v.getInt32(at, le);
      case "x":
        return v.getBigInt64(at, le);
      case "t":
        return v.getBigUint64(at, le);
      case "d":
        return v.getFloat64(at, le);
      default:
        return v.getUint32(at, le);
    }
  }
  take(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

function readValue(r: Reader, type: string): unknown {
  const c = type[0];
  switch (c) {
    case "s":
    case "o": {
      const n = r.fixed("u") as number;
      const s = decoder.decode(r.take(n));
      r.take(1);
      return s;
    }
    case "g": {
      const n = r.fixed("y") as number;
      const s = decoder.decode(r.take(n));
      r.take(1);
      return s;
    }
    case "b":
      return r.fixed("b") !== 0;
    case "v": {
      const sig = readValue(r, "g") as string;
      if (splitSignature(sig).length !== 1) {
        throw new DbusWireError(`bad variant signature "${sig}"`);
      }
      return new DbusVariant(sig, readValue(r, sig));
    }
    case "a": {
      const elem = type.slice(1);
      const n = r.fixed("u") as number;
      r.align(alignmentOf(elem));
      const end = r.pos + n;
      r.need(n);
      if (elem === "y") return r.take(n);
      if (elem[0] === "{") {
        const [kt, vt] = splitSignature(elem.slice(1, -1));
        const map = new Map<unknown, unknown>();
        while (r.pos < end) {
          r.align(8);
          const k = readValue(r, kt);
          map.set(k, readValue(r, vt));
        }
        return map;
      }
      const out: unknown[] = [];
      while (r.pos < end) out.push(readValue(r, elem));
      return out;
    }
    case "(": {
      r.align(8);
      return splitSignature(type.slice(1, -1)).map((f) => readValue(r, f));
    }
    default:
      return r.fixed(c);
  }
}

/** Unmarshals a body that starts at an 8-aligned offset (little-endian unless told). */
export function unmarshal(signature: string, bytes: Uint8Array, littleEndian = true): unknown[] {
  const r = new Reader(bytes, littleEndian);
  return splitSignature(signature).map((t) => readValue(r, t));
}
