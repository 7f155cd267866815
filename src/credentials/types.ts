/**
 * Credential values and the provider seam the chain is built from.
 *
 * @module
 */

/** AWS credentials, long-term or temporary. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Present for temporary credentials. */
  sessionToken?: string;
  /** Present when the credentials expire. */
  expiration?: Date;
}

/** A source of credentials: stored keys, an STS call, a cache around another provider... */
export interface CredentialProvider {
  /** What kind of provider this is, for `--debug` ("master credentials", "sts.AssumeRole"...). */
  readonly kind: string;
  retrieve(): Promise<Credentials>;
}
