/**
 * The `ykman` prompt driver: the code comes from a YubiKey's OATH
 * application, `ykman [--device S] oath accounts code --single <name>`
 * (`oath code` for ykman 1–3). ykman's stdin and stderr are the controlling
 * terminal when there is one, so that "Touch your YubiKey..." and an OATH
 * password prompt reach the user even under `credential_process` (ByteNess).
 *
 * @module
 */

import type { Env } from "../platform/types.ts";
import { runHelper } from "./helper_process.ts";
import type { PromptFunc } from "./prompt_func.ts";

/** ykman's arguments for `mfaSerial`, from `YKMAN_OATH_*` and `AWS_VAULT_YKMAN_VERSION`. */
export function ykmanArgs(env: Env, mfaSerial: string): string[] {
  const name = env.get("YKMAN_OATH_CREDENTIAL_NAME") || mfaSerial;
  const device = env.get("YKMAN_OATH_DEVICE_SERIAL") ?? "";
  const args = device === "" ? [] : ["--device", device];
  const legacy = ["1", "2", "3"].includes(env.get("AWS_VAULT_YKMAN_VERSION") ?? "");
  return [...args, "oath", ...(legacy ? [] : ["accounts"]), "code", "--single", name];
}

/** Reads a TOTP code from the YubiKey. */
export const ykmanPrompt: PromptFunc = (ctx, mfaSerial) => {
  const args = ykmanArgs(ctx.deps.env, mfaSerial);
  ctx.log.debug(`Fetching MFA code using \`ykman ${args.join(" ")}\``);
  return runHelper(ctx, { label: "ykman", cmd: "ykman", args, useTerminal: true });
};
