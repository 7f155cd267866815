/**
 * The environment given to keystore helper programs (secret-tool, pass,
 * security, PowerShell...): ours, minus every variable that may hold a secret.
 *
 * @module
 */

import type { Env } from "./types.ts";

/** Variables that may carry credentials or passphrases and never reach a helper. */
export const SECRET_VARIABLES: readonly string[] = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_ACCESS_KEY",
  "AWS_SECRET_KEY",
  "AWS_CREDENTIAL_EXPIRATION",
  "AWS_VAULT_FILE_PASSPHRASE",
  "AWS_CONTAINER_AUTHORIZATION_TOKEN",
];

/** A copy of `env` without {@linkcode SECRET_VARIABLES}, plus `extra`. */
export function helperEnv(env: Env, extra: Record<string, string> = {}): Record<string, string> {
  const out = env.toObject();
  for (const name of SECRET_VARIABLES) delete out[name];
  return { ...out, ...extra };
}
