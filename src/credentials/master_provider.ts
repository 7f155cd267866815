/**
 * The provider of long-term credentials stored in the keyring.
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import type { CredentialStore } from "../store/credential_store.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider } from "./types.ts";

/** Reads the master credentials stored under `profile`. */
export class MasterCredentialsProvider implements CredentialProvider {
  readonly kind = "master credentials";
  readonly #store: CredentialStore;
  readonly #profile: string;

  constructor(store: CredentialStore, profile: string) {
    this.#store = store;
    this.#profile = profile;
  }

  async retrieve(): Promise<Credentials> {
    const creds = await this.#store.get(this.#profile);
    if (!creds) {
      throw new CredentialsError(`No credentials are stored for profile "${this.#profile}"`);
    }
    return creds;
  }
}
