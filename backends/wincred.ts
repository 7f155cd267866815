/**
 * The `wincred` backend: Windows Credential Manager, stored exactly where
 * aws-vault v7.2.0 stores it — generic credentials named
 * `aws-vault:aws-vault:<key>`, blob = the raw credential JSON (UTF-8),
 * persisted on the local machine, empty user name, label and description not
 * kept.
 *
 * The Cred* functions are called by PowerShell (`backends/wincred.ps1`, with
 * Add-Type P/Invoke). The script and the request (operations, names, blobs)
 * both travel on PowerShell's standard input; argv holds only a constant
 * bootstrap that reads stdin, so no secret is ever in argv.
 *
 * Blobs are limited to 2,560 bytes (`CRED_MAX_CREDENTIAL_BLOB_SIZE`). A larger
 * value is split: `aws-vault:aws-vault:<key>` holds the first 2,560 bytes and
 * the comment `aws-vault:parts=<n>`; parts 1..n-1 live in
 * `aws-vault:aws-vault-part:<key>:<i>`, a prefix that aws-vault (and our
 * `keys()`) never lists. A value that fits is stored exactly as aws-vault
 * stores it, with no comment; aws-vault could not have stored a larger one.
 * Writing or removing a key deletes its leftover parts.
 *
 * @module
 */

import {
  type Env,
  ExecutableNotFoundError,
  type Logger,
  type ProcessRunner,
} from "../src/platform/types.ts";
import type { BackendDescriptor, Keyring, KeyringItem } from "./types.ts";
import { KeyringError } from "../src/errors.ts";
import { decodeBase64, encodeBase64, fromUtf8, utf8 } from "../src/encoding.ts";
import { helperEnv } from "../src/platform/helper_env.ts";
import { POWERSHELL_ARGS, POWERSHELLS } from "../src/platform/powershell.ts";

/** The target-name prefix of every aws-vault credential (`<prefix>:<service>:`). */
export const WINCRED_PREFIX = "aws-vault:aws-vault:";
/** The target-name prefix of the continuation parts of a value larger than one blob. */
export const WINCRED_PART_PREFIX = "aws-vault:aws-vault-part:";
/** `CRED_MAX_CREDENTIAL_BLOB_SIZE`. */
export const WINCRED_MAX_BLOB = 2_560;

const PREFIX = 'Keyring backend "wincred"';
/** Time limit for one PowerShell run; Add-Type compiles C# on every run. */
const DEFAULT_TIMEOUT_MS = 60_000;
const PARTS_COMMENT = /^aws-vault:parts=(\d+)$/;
const FUNCTION_OF: Record<string, string> = {
  read: "CredReadW",
  write: "CredWriteW",
  delete: "CredDeleteW",
  purge: "CredDeleteW",
  list: "CredEnumerateW",
};

/** One operation of a request to wincred.ps1; strings are sent as base64 of UTF-8. */
export type WincredOp =
  | { op: "read"; target: string }
  | { op: "write"; target: string; blob: Uint8Array; comment: string }
  | { op: "delete"; target: string }
  | { op: "purge"; prefix: string; from: number }
  | { op: "list"; filter: string };

/** The answer to one operation. */
export type WincredResult =
  | { status: "ok"; fields: string[] }
  | { status: "missing" };

/** What a {@linkcode WincredKeyring} needs. */
export interface WincredKeyringOptions {
  proc: ProcessRunner;
  /** The environment that helpers get, minus secrets (see `helperEnv`). */
  env: Env;
  log: Logger;
  /** The text of `backends/wincred.ps1`. */
  script: string;
  /** Time limit for one PowerShell run (default 60 s). */
  timeoutMs?: number;
}

const b64Text = (text: string) => encodeBase64(utf8(text));
const fromB64Text = (b64: string) => fromUtf8(decodeBase64(b64));

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The credential name (or prefix, or filter) an operation is about. */
function nameOf(op: WincredOp): string {
  return "target" in op ? op.target : "prefix" in op ? op.prefix : op.filter;
}

/** An operation as wincred.ps1 reads it: names and blobs in base64. */
function encodeOp(op: WincredOp): Record<string, string | number> {
  switch (op.op) {
    case "write":
      return {
        op: op.op,
        target: b64Text(op.target),
        blob: encodeBase64(op.blob),
        comment: b64Text(op.comment),
      };
    case "purge":
      return { op: op.op, prefix: b64Text(op.prefix), from: op.from };
    case "list":
      return { op: op.op, filter: b64Text(op.filter) };
    default:
      return { op: op.op, target: b64Text(op.target) };
  }
}

/** Reads wincred.ps1's answer lines; an `error` line becomes a {@linkcode KeyringError}. */
function parseResults(ops: WincredOp[], lines: string[]): WincredResult[] {
  const results: WincredResult[] = [];
  for (const [i, line] of lines.entries()) {
    const [status, ...fields] = line.split(" ");
    if (status === "ok") results.push({ status: "ok", fields });
    else if (status === "missing") results.push({ status: "missing" });
    else if (status === "error" && i < ops.length) {
      const [code, message] = [fields[0], fromB64Text(fields[1] ?? "").replace(/\.$/, "")];
      const what = `${FUNCTION_OF[ops[i].op]} failed for "${nameOf(ops[i])}"`;
      throw new KeyringError(`${PREFIX}: ${what}: ${message} (error ${code})`);
    }
  }
  return results;
}

/** Windows Credential Manager as a {@linkcode Keyring}, through PowerShell. */
export class WincredKeyring implements Keyring {
  readonly backend = "wincred";
  readonly #options: WincredKeyringOptions;
  #shell: string | undefined;

  constructor(options: WincredKeyringOptions) {
    this.#options = options;
  }

  /** {@inheritDoc Keyring.get} */
  async get(key: string): Promise<KeyringItem | undefined> {
    const [head] = await this.#request([{ op: "read", target: WINCRED_PREFIX + key }]);
    if (head.status === "missing") return undefined;
    const parts = [decodeBase64(head.fields[0] ?? "")];
    const chunked = fromB64Text(head.fields[1] ?? "").match(PARTS_COMMENT);
    if (chunked !== null) {
      const count = Number(chunked[1]);
      const reads: WincredOp[] = [];
      for (let i = 1; i < count; i++) {
        reads.push({ op: "read", target: `${WINCRED_PART_PREFIX}${key}:${i}` });
      }
      const rest = await this.#request(reads);
      rest.forEach((r, i) => {
        if (r.status === "missing") {
          throw new KeyringError(`${PREFIX}: part ${i + 2} of ${count} of "${key}" is missing`);
        }
        parts.push(decodeBase64(r.fields[0] ?? ""));
      });
    }
    return {
      key,
      data: concat(parts),
      label: "",
      description: "",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    };
  }

  /** {@inheritDoc Keyring.set} */
  async set(item: KeyringItem): Promise<void> {
    const { key, data } = item;
    const count = Math.max(1, Math.ceil(data.length / WINCRED_MAX_BLOB));
    const chunk = (i: number) => data.subarray(i * WINCRED_MAX_BLOB, (i + 1) * WINCRED_MAX_BLOB);
    const ops: WincredOp[] = [];
    for (let i = 1; i < count; i++) {
      ops.push({
        op: "write",
        target: `${WINCRED_PART_PREFIX}${key}:${i}`,
        blob: chunk(i),
        comment: "",
      });
    }
    // The head last, so that its parts comment never points at parts not written yet.
    ops.push({
      op: "write",
      target: WINCRED_PREFIX + key,
      blob: chunk(0),
      comment: count > 1 ? `aws-vault:parts=${count}` : "",
    });
    ops.push({ op: "purge", prefix: `${WINCRED_PART_PREFIX}${key}:`, from: count });
    if (count > 1) {
      this.#options.log.debug(
        `wincred: "${key}" is ${data.length} bytes, stored in ${count} parts`,
      );
    }
    await this.#request(ops);
  }

  /** {@inheritDoc Keyring.remove} */
  async remove(key: string): Promise<boolean> {
    const [head] = await this.#request([
      { op: "delete", target: WINCRED_PREFIX + key },
      { op: "purge", prefix: `${WINCRED_PART_PREFIX}${key}:`, from: 1 },
    ]);
    return head.status === "ok";
  }

  /** {@inheritDoc Keyring.keys} */
  async keys(): Promise<string[]> {
    const [list] = await this.#request([{ op: "list", filter: `${WINCRED_PREFIX}*` }]);
    if (list.status !== "ok") return [];
    return list.fields.map(fromB64Text)
      .filter((target) => target.toLowerCase().startsWith(WINCRED_PREFIX))
      .map((target) => target.slice(WINCRED_PREFIX.length));
  }

  /** Runs `ops` in one PowerShell process and returns one result per operation. */
  async #request(ops: WincredOp[]): Promise<WincredResult[]> {
    if (ops.length === 0) return [];
    const shell = await this.#findShell();
    const timeoutMs = this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#options.log.debug(
      `wincred: ${shell} ${ops.map((op) => `${op.op} ${nameOf(op)}`).join(", ")}`,
    );
    let result;
    try {
      result = await this.#options.proc.run({
        cmd: shell,
        args: [...POWERSHELL_ARGS],
        env: helperEnv(this.#options.env),
        stdin: `${this.#options.script}\0${JSON.stringify({ ops: ops.map(encodeOp) })}`,
        timeoutMs,
      });
    } catch (error) {
      if (error instanceof ExecutableNotFoundError) throw missingPowerShell(error);
      throw error;
    }
    const lines = new TextDecoder().decode(result.stdout).split(/\r?\n/).filter((line) =>
      line !== ""
    );
    const results = parseResults(ops, lines);
    if (result.timedOut) {
      throw new KeyringError(`${PREFIX}: ${shell} did not finish within ${timeoutMs / 1000} s`);
    }
    if (!result.success || results.length !== ops.length) {
      const stderr = new TextDecoder().decode(result.stderr).split(/\r?\n/).map((l) => l.trim());
      const first = stderr.find((l) => l !== "") ?? lines[0] ?? "no output";
      throw new KeyringError(`${PREFIX}: ${shell} failed (exit status ${result.code}): ${first}`);
    }
    return results;
  }

  async #findShell(): Promise<string> {
    if (this.#shell !== undefined) return this.#shell;
    for (const shell of POWERSHELLS) {
      if (await this.#options.proc.which(shell) !== undefined) return this.#shell = shell;
    }
    throw missingPowerShell();
  }
}

function missingPowerShell(cause?: unknown): KeyringError {
  return new KeyringError(
    `${PREFIX}: PowerShell was not found ("powershell" or "pwsh" on PATH); Windows PowerShell is part of ` +
      `Windows (%SystemRoot%\\System32\\WindowsPowerShell\\v1.0), or install PowerShell 7`,
    { cause },
  );
}

/** The text of `backends/wincred.ps1`, loaded only when the backend is opened. */
export async function loadWincredScript(): Promise<string> {
  const module = await import("./wincred.ps1", { with: { type: "text" } });
  return module.default;
}

/** The `wincred` backend: offered on Windows, usable when PowerShell is on PATH. */
export const WINCRED_BACKEND: BackendDescriptor = {
  name: "wincred",
  os: ["windows"],
  async probe(ctx) {
    for (const shell of POWERSHELLS) {
      const path = await ctx.deps.proc.which(shell);
      if (path !== undefined) return { usable: true, reason: `${path} is there` };
    }
    return { usable: false, reason: 'neither "powershell" nor "pwsh" was found on PATH' };
  },
  async open(ctx) {
    return new WincredKeyring({
      proc: ctx.deps.proc,
      env: ctx.deps.env,
      log: ctx.log,
      script: await loadWincredScript(),
    });
  },
};
