/**
 * The `pass` backend descriptor (every OS but Windows): a probe that runs
 * nothing, and `open()`, which loads the implementation lazily.
 *
 * @module
 */

import { KeyringError } from "../src/errors.ts";
import type {
  BackendContext,
  BackendDescriptor,
  Keyring,
  KeyringOptions,
  ProbeResult,
} from "./types.ts";

function passCmdOf(options: KeyringOptions): string {
  return options.passCmd === "" ? "pass" : options.passCmd;
}

/** Usable when the pass program is on PATH and `<dir>/.gpg-id` exists (an initialised store). */
export async function probePass(
  ctx: BackendContext,
  options: KeyringOptions,
): Promise<ProbeResult> {
  const cmd = passCmdOf(options);
  if ((await ctx.deps.proc.which(cmd)) === undefined) {
    return { usable: false, reason: `"${cmd}" was not found on PATH` };
  }
  const marker = `${options.passDir.replace(/\/+$/, "")}/.gpg-id`;
  if ((await ctx.deps.fs.stat(marker)) === undefined) {
    return { usable: false, reason: `"${marker}" does not exist (the store is not initialised)` };
  }
  return { usable: true, reason: `"${cmd}" is on PATH and "${marker}" exists` };
}

/** Opens the keyring; fails like aws-vault when the pass program is not available. */
export async function openPass(ctx: BackendContext, options: KeyringOptions): Promise<Keyring> {
  const cmd = passCmdOf(options);
  const { PassKeyring, passMissingMessage } = await import("./pass_keyring.ts");
  if ((await ctx.deps.proc.which(cmd)) === undefined) {
    throw new KeyringError(passMissingMessage(cmd));
  }
  return new PassKeyring({
    passCmd: cmd,
    dir: options.passDir,
    prefix: options.passPrefix,
    proc: ctx.deps.proc,
    fs: ctx.deps.fs,
    env: ctx.deps.env,
    log: ctx.log,
  });
}

/** The `pass` backend. */
export const PASS_BACKEND: BackendDescriptor = {
  name: "pass",
  os: ["linux", "darwin", "freebsd", "other"],
  probe: (ctx, options) => probePass(ctx, options),
  open: (ctx, options) => openPass(ctx, options),
};
