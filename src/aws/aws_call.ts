/**
 * What the AWS service wrappers (STS, IAM, SSO, SSO OIDC) share: who is called (profile, endpoint,
 * credentials), the settings of every call, and {@linkcode sdkSender}, which
 * narrates each call and hands it to `sdk_call.ts`. That module (the SDK
 * client settings, the HTTP transport, the time limit and the error mapping)
 * is loaded on the first call only, so that runs served from the session
 * cache never load it.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { Logger } from "../platform/types.ts";
import { redactUrls } from "../redact_url.ts";
import { resolveEndpoint } from "./endpoints.ts";
import type { SdkClient, SdkSend, SdkService } from "./sdk_types.ts";

/** Who calls AWS: the profile (region, endpoint) and the calling credentials. */
export interface AwsTarget {
  config: ProfileConfig;
  /** Absent for unsigned calls. */
  credentials?: Credentials;
}

/** Default bound on one AWS call, retries included. */
export const DEFAULT_AWS_TIMEOUT_MS = 10_000;

/** Settings shared by the AWS service wrappers. */
export interface AwsSettings {
  /** Reads the process environment (endpoint variables). */
  getEnv: (name: string) => string | undefined;
  log: Logger;
  /** Bound on one call, retries included; {@linkcode DEFAULT_AWS_TIMEOUT_MS} by default. */
  timeoutMs?: number;
}

/**
 * The send function the AWS service wrappers share: resolves the endpoint
 * once, narrates each call (an endpoint's password never shown), then loads
 * the SDK and makes the call, bounded in time, its errors mapped to one line.
 */
export function sdkSender<M, C extends SdkClient>(
  settings: AwsSettings,
  target: AwsTarget,
  svc: SdkService<M, C>,
): SdkSend<M, C> {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS;
  const profile = target.config.profileName;
  const endpoint = resolveEndpoint(svc.service, target.config, settings.getEnv);
  return async (operation, call, options = {}) => {
    if (!options.quiet) {
      settings.log.debug(
        `profile ${profile}: calling ${operation} at ${
          endpoint.url ? redactUrls(endpoint.url) : "the SDK's endpoint"
        } (from ${endpoint.source}, region ${endpoint.signingRegion})`,
      );
      settings.log.debug(`Loading the AWS SDK for ${svc.label}`);
    }
    const { sendSdkCommand } = await import("./sdk_call.ts");
    return await sendSdkCommand({
      call: { profile, operation, endpoint, timestampField: options.timestampField },
      svc,
      credentials: target.credentials,
      timeoutMs,
      send: call,
    });
  };
}
