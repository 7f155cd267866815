/**
 * What the STS and IAM wrappers share: who is called (profile, endpoint,
 * credentials), the settings of every call, and {@linkcode sdkSender}, which
 * narrates each call and hands it to `sdk_call.ts`. That module (the SDK
 * client settings, the HTTP transport, the time limit and the error mapping)
 * is loaded on the first call only, through {@linkcode AwsSettings.loadSdkCall},
 * so that runs served from the session cache never load it.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import type { Credentials } from "../credentials/types.ts";
import type { Logger } from "../platform/types.ts";
import { redactUrls } from "../redact_url.ts";
import { type AwsService, type Endpoint, resolveEndpoint } from "./endpoints.ts";

/** Who calls AWS: the profile (region, endpoint) and the calling credentials. */
export interface AwsTarget {
  config: ProfileConfig;
  /** Absent for unsigned calls. */
  credentials?: Credentials;
}

/** Default bound on one AWS call, retries included. */
export const DEFAULT_AWS_TIMEOUT_MS = 10_000;

/** The module that makes SDK calls. */
export type SdkCallModule = typeof import("./sdk_call.ts");

/** Settings shared by the STS and IAM wrappers. */
export interface AwsSettings {
  /** Reads the process environment (endpoint variables). */
  getEnv: (name: string) => string | undefined;
  log: Logger;
  /** Bound on one call, retries included; {@linkcode DEFAULT_AWS_TIMEOUT_MS} by default. */
  timeoutMs?: number;
  /** Loads `sdk_call.ts` (the program passes its loader of rarely used code). */
  loadSdkCall: () => Promise<SdkCallModule>;
}

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

/** An SDK client module, loosely typed: the clients are loaded lazily, by name. */
// deno-lint-ignore no-explicit-any
export type Sdk = any;

/** Sends one SDK command (built from the loaded module) and returns its output. */
export type SdkSend = (
  operation: string,
  command: (sdk: Sdk) => unknown,
  options?: { timestampField?: string },
) => Promise<Sdk>;

/** How to reach one AWS service through its SDK client package. */
export interface SdkService {
  service: AwsService;
  /** For `--debug`: "STS", "IAM". */
  label: string;
  /** The client package's bare name, as deno.json maps it. */
  packageName: string;
  /** Creates the client from the loaded module and the explicit client settings. */
  client: (
    sdk: Sdk,
    config: unknown,
  ) => { send(command: never, options: unknown): Promise<Sdk>; destroy(): void };
}

/**
 * The send function the STS and IAM wrappers share: resolves the endpoint
 * once, narrates each call (an endpoint's password never shown), then loads
 * the SDK and makes the call, bounded in time, its errors mapped to one line.
 */
export function sdkSender(settings: AwsSettings, target: AwsTarget, svc: SdkService): SdkSend {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS;
  const profile = target.config.profileName;
  const endpoint = resolveEndpoint(svc.service, target.config, settings.getEnv);
  return async (operation, command, options = {}) => {
    settings.log.debug(
      `profile ${profile}: calling ${operation} at ${
        endpoint.url ? redactUrls(endpoint.url) : "the SDK's endpoint"
      } (from ${endpoint.source}, region ${endpoint.signingRegion})`,
    );
    settings.log.debug(`Loading the AWS SDK for ${svc.label}`);
    const { sendSdkCommand } = await settings.loadSdkCall();
    return await sendSdkCommand({
      call: { profile, operation, endpoint, timestampField: options.timestampField },
      svc,
      credentials: target.credentials,
      timeoutMs,
      command,
    });
  };
}
