/**
 * Items and keys that the real-store integration tests (pass, Secret Service)
 * store and read back through the Keyring interface.
 */
import type { KeyringItem } from "../../backends/types.ts";
import { utf8 } from "../../src/encoding.ts";

/** Keys with every character class that a store could mangle: / % spaces , : and non-ASCII. */
export const ODD_KEYS: readonly string[] = [
  "plain",
  "team/prod",
  "100%",
  "with space",
  "a,b,c",
  "ns:role",
  "zürich-é",
  "x/y/z w%2F,:",
];

/** Master credentials for `key` as aws-vault stores them, with `secret` as the secret key. */
export function credentialItem(key: string, secret = `secret-for-${key}`): KeyringItem {
  return {
    key,
    data: utf8(JSON.stringify({ AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: secret })),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}
