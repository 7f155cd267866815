/**
 * The shapes an AWS SDK call is described with: the operation made for a
 * profile (for messages), the client package and client of a service, one
 * call through them, and the explicit client settings.
 *
 * @module
 */

import type { AwsService, Endpoint } from "./endpoints.ts";
import type { BoundedFetchHandler } from "./fetch_handler.ts";

/** One AWS operation made for a profile, for messages. */
export interface AwsCall {
  profile: string;
  /** e.g. `sts.GetSessionToken`. */
  operation: string;
  endpoint: Endpoint;
  /**
   * The timestamp element of the operation's answer (`Expiration`), named
   * when the answer holds one that is not a time.
   */
  timestampField?: string;
}

/** What every SDK client has besides its `send`: it is destroyed after one call. */
export interface SdkClient {
  destroy(): void;
}

/**
 * One call through a service's SDK: given the loaded client package `M`, a
 * client `C` made for this call, and the call's abort signal (its time limit),
 * sends one command and returns what the caller needs of the answer.
 */
export type SdkCall<M, C, T> = (sdk: M, client: C, abortSignal: AbortSignal) => Promise<T>;

/** Makes one {@linkcode SdkCall} as `operation` (`sts.AssumeRole`), narrated and bounded. */
export type SdkSend<M, C> = <T>(
  operation: string,
  call: SdkCall<M, C, T>,
  options?: {
    timestampField?: string;
    /** Skip the `--debug` lines of the call (one poll among many). */
    quiet?: boolean;
  },
) => Promise<T>;

/** How to reach one AWS service through its SDK client package `M`. */
export interface SdkService<M, C extends SdkClient> {
  service: AwsService;
  /** For `--debug`: "STS", "IAM", "SSO OIDC". */
  label: string;
  /** The client package's bare name, as deno.json maps it. */
  packageName: string;
  /** Creates the client from the loaded package and the explicit client settings. */
  client: (sdk: M, config: SdkClientConfig) => C;
}

/**
 * The SDK client settings aws-vault sets for every client: everything
 * explicit, so that the SDK reads no shared config or credentials file.
 */
export interface SdkClientConfig {
  region: string;
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  maxAttempts: number;
  retryMode: string;
  defaultsMode: "standard";
  authSchemePreference: string[];
  sigv4aSigningRegionSet: string[];
  useDualstackEndpoint: boolean;
  useFipsEndpoint: boolean;
  useGlobalEndpoint: boolean;
  userAgentAppId: string;
  disableClockSkewCorrection: boolean;
  ignoreConfiguredEndpointUrls: boolean;
  requestHandler: BoundedFetchHandler;
}
