/**
 * The environment `exec` gives its child, as aws-vault builds it: the parent's
 * environment without its AWS credential and profile variables, plus
 * `AWS_VAULT`, the region and the credentials.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { credentialVariables } from "./export_formats.ts";

/** Variables removed from the parent environment before anything is set. */
export const UNSET_VARIABLES: readonly string[] = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_SECURITY_TOKEN",
  "AWS_CREDENTIAL_FILE",
  "AWS_DEFAULT_PROFILE",
  "AWS_PROFILE",
  "AWS_SDK_LOAD_CONFIG",
];

/** Inputs of {@linkcode buildChildEnv}. */
export interface ChildEnvInput {
  parent: Record<string, string>;
  profile: string;
  region?: string;
  /** Credentials for environment-variable mode. */
  credentials?: Credentials;
}

/** A new environment for the child; `parent` is not modified. */
export function buildChildEnv(input: ChildEnvInput): Record<string, string> {
  const env = { ...input.parent };
  for (const name of UNSET_VARIABLES) delete env[name];
  env.AWS_VAULT = input.profile;
  if (input.credentials) {
    for (const [k, v] of credentialVariables(input.credentials, input.region)) env[k] = v;
  } else if (input.region) {
    env.AWS_REGION = input.region;
    env.AWS_DEFAULT_REGION = input.region;
  }
  return env;
}
