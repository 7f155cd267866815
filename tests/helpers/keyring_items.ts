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

/**
 * What `gdbus` prints for the attributes of the Secret Service item of `key`:
 * aws-vault's one attribute, `profile`; gnome-keyring adds the generic schema to
 * an item created without one, though not always by the time of the first read.
 */
export function secretServiceAttributeForms(key: string): string[] {
  return [
    `(<{'profile': '${key}'}>,)`,
    `(<{'profile': '${key}', 'xdg:schema': 'org.freedesktop.Secret.Generic'}>,)`,
  ];
}
