/**
 * Replacing this process with another program: POSIX `execve(2)`, called in
 * the C library through Deno's FFI (Linux and macOS). The program keeps our
 * pid, parent, process group, terminal and standard streams, so its exit
 * status and the signals sent to us are its own, with no process in between.
 *
 * @module
 */

import type { ReplaceRequest } from "./types.ts";

/** Where the C library is, per OS: glibc, then the generic and musl names; macOS's libSystem. */
function libcCandidates(): string[] {
  if (Deno.build.os === "darwin") return ["/usr/lib/libSystem.B.dylib"];
  return ["libc.so.6", "libc.so", `libc.musl-${Deno.build.arch}.so.1`];
}

const SIGPIPE = 13; // the same number on Linux and macOS

/** The functions used; errno's location is `__errno_location` on Linux, `__error` on macOS. */
const SYMBOLS = {
  execve: { parameters: ["buffer", "buffer", "buffer"], result: "i32" },
  signal: { parameters: ["i32", "pointer"], result: "pointer" },
  strerror: { parameters: ["i32"], result: "pointer" },
  __errno_location: { parameters: [], result: "pointer", optional: true },
  __error: { parameters: [], result: "pointer", optional: true },
} as const;

type Libc = Deno.DynamicLibrary<typeof SYMBOLS>;

function openLibc(): Libc {
  const failures: string[] = [];
  for (const path of libcCandidates()) {
    try {
      return Deno.dlopen(path, SYMBOLS);
    } catch (error) {
      failures.push(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  throw new Error(`cannot load the C library (${failures.join("; ")})`);
}

/**
 * NUL-terminated copies of `strings` in one block, and a NULL-terminated
 * table of pointers to them. The block is an ArrayBuffer of its own (never
 * moved by the garbage collector); the caller keeps both alive across the call.
 */
function cStrings(strings: string[]): { block: Uint8Array; table: BigUint64Array } {
  const encoder = new TextEncoder();
  const encoded = strings.map((s) => encoder.encode(s));
  const size = encoded.reduce((n, e) => n + e.length + 1, 0);
  const block = new Uint8Array(new ArrayBuffer(Math.max(size, 1)));
  const table = new BigUint64Array(new ArrayBuffer(8 * (strings.length + 1)));
  const base = Deno.UnsafePointer.value(Deno.UnsafePointer.of(block));
  let at = 0;
  encoded.forEach((bytes, i) => {
    block.set(bytes, at);
    table[i] = base + BigInt(at);
    at += bytes.length + 1; // the byte after each string stays 0
  });
  return { block, table };
}

/**
 * Replaces this process with `req.path`, run with `req.argv` and exactly
 * `req.env`. Returns only when that failed, with the reason; nothing has
 * changed then, and the caller may run the program as a child instead.
 *
 * Nothing of ours reaches the program: every descriptor Deno opens (files,
 * lock files, sockets such as the keyring's D-Bus connection) is close-on-exec,
 * and our writes to stdout and stderr are unbuffered. Deno ignores SIGPIPE for
 * itself; the program gets the default action back, as a child started by
 * Deno would, while signals we listen to return to their defaults by `execve`.
 */
export function replaceProcess(req: ReplaceRequest): string {
  const all = [req.path, ...req.argv, ...Object.entries(req.env).map(([k, v]) => `${k}=${v}`)];
  if (all.some((s) => s.includes("\0"))) return "an argument or variable contains a NUL byte";
  let libc: Libc;
  try {
    libc = openLibc();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  try {
    const path = cStrings([req.path]);
    const argv = cStrings(req.argv);
    const envp = cStrings(all.slice(1 + req.argv.length));
    const previous = libc.symbols.signal(SIGPIPE, null);
    libc.symbols.execve(path.block, argv.table, envp.table);
    // Still here: execve failed. Read errno before anything else can change it.
    const errnoAt = (libc.symbols.__errno_location ?? libc.symbols.__error)?.() ?? null;
    const errno = errnoAt ? new Deno.UnsafePointerView(errnoAt).getInt32() : 0;
    libc.symbols.signal(SIGPIPE, previous);
    const text = libc.symbols.strerror(errno);
    const reason = text ? Deno.UnsafePointerView.getCString(text) : "unknown error";
    // Keep the buffers alive until execve has returned.
    void [argv.block, envp.block];
    return `execve failed: ${reason} (errno ${errno})`;
  } finally {
    libc.close();
  }
}
