/**
 * Long-term (master) credentials in the keyring, stored exactly as aws-vault
 * stores them: key = profile name, label `aws-vault (<profile>)`, data = Go's
 * JSON of `aws.Credentials`.
 *
 * @module
 */

import type { Keyring } from "../../backends/types.ts";
import type { Credentials } from "../aws_credentials.ts";
import { fromUtf8, utf8 } from "../encoding.ts";
import { KeyringError } from "../errors.ts";
import { goJsonStringify, lookupField } from "../go_json.ts";
import { KeyListing } from "./key_listing.ts";
import { isCredentialKey } from "./session_keys.ts";

/** The data aws-vault writes for master credentials (Go `aws.Credentials`). */
export function encodeMasterCredentials(
  creds: Pick<Credentials, "accessKeyId" | "secretAccessKey">,
): Uint8Array {
  return utf8(goJsonStringify({
    AccessKeyID: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: "",
    Source: "",
    CanExpire: false,
    Expires: "0001-01-01T00:00:00Z",
  }));
}

/** Parses stored master credentials; throws `SyntaxError` when they are not usable. */
export function decodeMasterCredentials(data: Uint8Array): Credentials {
  const value: unknown = JSON.parse(fromUtf8(data));
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new SyntaxError("not a JSON object");
  }
  const obj = value as Record<string, unknown>;
  const accessKeyId = lookupField(obj, "AccessKeyID");
  const secretAccessKey = lookupField(obj, "SecretAccessKey");
  const sessionToken = lookupField(obj, "SessionToken");
  if (typeof accessKeyId !== "string" || accessKeyId === "") {
    throw new SyntaxError("AccessKeyID is missing");
  }
  if (typeof secretAccessKey !== "string" || secretAccessKey === "") {
    throw new SyntaxError("SecretAccessKey is missing");
  }
  const creds: Credentials = { accessKeyId, secretAccessKey };
  if (typeof sessionToken === "string" && sessionToken !== "") creds.sessionToken = sessionToken;
  return creds;
}

/** Master credentials on top of a keyring. */
export class CredentialStore {
  readonly #keyring: Keyring;
  /**
   * The keyring's key listing, read once per run: resolving a chain asks
   * `has()` for every profile in it, and each listing is a directory read or a
   * helper call. Forgotten on this store's own writes.
   */
  readonly #listing: KeyListing;

  /** `listing` is shared with the run's session store (one listing per cached exec). */
  constructor(keyring: Keyring, listing: KeyListing = new KeyListing(keyring)) {
    this.#keyring = keyring;
    this.#listing = listing;
  }

  /** Names of all stored credentials, in the backend's order (sessions and tokens excluded). */
  async names(): Promise<string[]> {
    return (await this.#listing.shared()).filter(isCredentialKey);
  }

  /** Whether credentials are stored for `profile` (no decryption). */
  async has(profile: string): Promise<boolean> {
    return (await this.#listing.shared()).includes(profile);
  }

  /** The stored credentials for `profile`, or `undefined`. */
  async get(profile: string): Promise<Credentials | undefined> {
    const item = await this.#keyring.get(profile);
    return item === undefined ? undefined : this.#decode(profile, item.data);
  }

  /**
   * The data stored for `profile` byte for byte (checked to hold usable
   * credentials), or `undefined`: what a copy to another keyring writes.
   */
  async data(profile: string): Promise<Uint8Array | undefined> {
    const item = await this.#keyring.get(profile);
    if (item !== undefined) this.#decode(profile, item.data);
    return item?.data;
  }

  #decode(profile: string, data: Uint8Array): Credentials {
    try {
      return decodeMasterCredentials(data);
    } catch (error) {
      throw new KeyringError(
        `Cannot read the credentials stored for "${profile}": ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** Stores long-term credentials for `profile`. */
  set(
    profile: string,
    creds: Pick<Credentials, "accessKeyId" | "secretAccessKey">,
  ): Promise<void> {
    return this.setData(profile, encodeMasterCredentials(creds));
  }

  /** Stores `data` (long-term credentials in aws-vault's JSON) for `profile`, as aws-vault labels it. */
  async setData(profile: string, data: Uint8Array): Promise<void> {
    this.#listing.forget();
    await this.#keyring.set({
      key: profile,
      data,
      label: `aws-vault (${profile})`,
      description: "",
      keychainNotTrustApplication: true,
      keychainNotSynchronizable: false,
    });
  }

  /** Deletes the credentials for `profile`; false when there were none. */
  remove(profile: string): Promise<boolean> {
    this.#listing.forget();
    return this.#keyring.remove(profile);
  }
}
