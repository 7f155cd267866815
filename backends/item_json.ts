/**
 * The whole-item JSON that aws-vault's file, Secret Service, KWallet and pass
 * backends store: Go's encoding of `keyring.Item`, with `Data` in standard base64.
 *
 * @module
 */

import type { KeyringItem } from "./types.ts";
import { decodeBase64, encodeBase64 } from "../src/encoding.ts";
import { goJsonStringify, lookupField } from "../src/go_json.ts";

/** Serialises an item exactly as Go's `json.Marshal(keyring.Item)` does. */
export function encodeItemJson(item: KeyringItem): string {
  return goJsonStringify({
    Key: item.key,
    Data: encodeBase64(item.data),
    Label: item.label,
    Description: item.description,
    KeychainNotTrustApplication: item.keychainNotTrustApplication,
    KeychainNotSynchronizable: item.keychainNotSynchronizable,
  });
}

/**
 * Parses whole-item JSON with Go's rules (field names case-insensitive,
 * unknown fields ignored). Throws `SyntaxError` on malformed input.
 */
export function decodeItemJson(text: string): KeyringItem {
  const value: unknown = JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SyntaxError("keyring item is not a JSON object");
  }
  const obj = value as Record<string, unknown>;
  const str = (name: string): string => {
    const v = lookupField(obj, name);
    if (v === undefined || v === null) return "";
    if (typeof v !== "string") {
      throw new SyntaxError(`keyring item field "${name}" is not a string`);
    }
    return v;
  };
  const bool = (name: string): boolean => {
    const v = lookupField(obj, name);
    if (v === undefined || v === null) return false;
    if (typeof v !== "boolean") {
      throw new SyntaxError(`keyring item field "${name}" is not a boolean`);
    }
    return v;
  };
  return {
    key: str("Key"),
    data: decodeBase64(str("Data")),
    label: str("Label"),
    description: str("Description"),
    keychainNotTrustApplication: bool("KeychainNotTrustApplication"),
    keychainNotSynchronizable: bool("KeychainNotSynchronizable"),
  };
}
