/**
 * AWS credentials as every layer passes them around: the stores keep them,
 * the AWS calls sign with them, the chain produces them, the output prints them.
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
