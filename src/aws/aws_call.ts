/**
 * What every AWS SDK call shares: the client settings (explicit region,
 * endpoint, credentials, timeouts and retries, so that the SDK reads no
 * shared config or credentials file), a bounded total time, and the mapping
 * of SDK and network errors to one-line {@linkcode CredentialsError}s that
 * name the profile, the operation and the AWS error code.
 *
 * @module
 */

import type { ProfileConfig } from "../config/profile_config.ts";
import type { Credentials } from "../aws_credentials.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import type { Logger } from "../platform/types.ts";
import { type AwsService, type Endpoint, resolveEndpoint } from "./endpoints.ts";

/** Who calls AWS: the profile (region, endpoint) and the calling credentials. */
export interface AwsTarget {
  config: ProfileConfig;
  /** Absent for unsigned calls. */
  credentials?: Credentials;
}

/** Default bound on one AWS call, retries included. */
export const DEFAULT_AWS_TIMEOUT_MS = 10_000;

/** Settings shared by the STS and IAM wrappers. */
export interface AwsSettings {
  /** Reads the process environment (endpoint variables). */
  getEnv: (name: string) => string | undefined;
  log: Logger;
  /** Bound on one call, retries included; {@linkcode DEFAULT_AWS_TIMEOUT_MS} by default. */
  timeoutMs?: number;
}

/** One AWS operation made for a profile, for messages. */
export interface AwsCall {
  profile: string;
  /** e.g. `sts.GetSessionToken`. */
  operation: string;
  endpoint: Endpoint;
}

/** The SDK client configuration: everything explicit, so the SDK loads nothing from files. */
export function sdkClientConfig(
  endpoint: Endpoint,
  credentials: Credentials | undefined,
  timeoutMs: number,
): Record<string, unknown> {
  return {
    region: endpoint.signingRegion,
    ...(endpoint.url ? { endpoint: endpoint.url } : {}),
    ...(credentials
      ? {
        credentials: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
        },
      }
      : {}),
    maxAttempts: 3,
    retryMode: "standard",
    defaultsMode: "standard",
    authSchemePreference: [],
    sigv4aSigningRegionSet: [],
    useDualstackEndpoint: false,
    useFipsEndpoint: false,
    useGlobalEndpoint: false,
    userAgentAppId: "",
    disableClockSkewCorrection: false,
    ignoreConfiguredEndpointUrls: true,
    requestHandler: {
      connectionTimeout: Math.min(3_000, timeoutMs),
      requestTimeout: timeoutMs,
    },
  };
}

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

function firstLine(text: string): string {
  return text.split("\n")[0].trim();
}

function describeTarget(endpoint: Endpoint): string {
  return endpoint.url ? `"${endpoint.url}"` : "the AWS endpoint";
}

/** Converts an error thrown by the SDK into a one-line {@linkcode CredentialsError}. */
export function awsCallError(call: AwsCall, error: unknown, timedOut: boolean): CredentialsError {
  const prefix = `profile ${call.profile}: ${call.operation} failed`;
  const e = (error ?? {}) as SdkErrorShape;
  if (timedOut) {
    return new CredentialsError(
      `${prefix}: no answer from ${describeTarget(call.endpoint)} in time`,
      { cause: error, code: "AWS_TIMEOUT" },
    );
  }
  if (e.$metadata?.httpStatusCode !== undefined && e.name && e.name !== "Error") {
    const status = e.$metadata.httpStatusCode;
    const detail = e.message && !["Unknown", "UnknownError", e.name].includes(e.message)
      ? `: ${firstLine(e.message)}`
      : ` (HTTP ${status} from ${describeTarget(call.endpoint)})`;
    return new CredentialsError(`${prefix}: ${e.name}${detail}`, {
      cause: error,
      code: "AWS_API",
    });
  }
  if (e.name === "TimeoutError" || e.name === "AbortError") {
    return new CredentialsError(
      `${prefix}: no answer from ${describeTarget(call.endpoint)} in time`,
      { cause: error, code: "AWS_TIMEOUT" },
    );
  }
  const code = typeof e.code === "string" ? `${e.code}: ` : "";
  return new CredentialsError(
    `${prefix}: cannot reach ${describeTarget(call.endpoint)}: ${code}${
      firstLine(messageOf(error))
    }`,
    { cause: error, code: "AWS_UNREACHABLE" },
  );
}

/**
 * Runs `fn` with an abort signal that fires after `timeoutMs`, converting
 * any failure with {@linkcode awsCallError}.
 */
export async function callAws<T>(
  call: AwsCall,
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return await fn(controller.signal);
  } catch (error) {
    throw awsCallError(call, error, timedOut);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Loads an SDK client package by its bare name (mapped in deno.json); a failure
 * (missing `node_modules`, say) is reported as such.
 *
 * The name reaches `import()` as a variable, not a literal, on purpose: Deno
 * sets up npm resolution at start-up (lockfile, `node_modules/.deno`, the
 * packages' registry metadata) for every npm package a literal `import()`
 * names, even when the call never runs. That cost 2-4 ms on every cached
 * `exec`, which never calls AWS (measured with scripts/bench.ts).
 * `scripts/build.ts` embeds the packages in the binary with `--include`.
 */
export async function loadSdk(packageName: string): Promise<Sdk> {
  try {
    return await import(packageName);
  } catch (error) {
    throw new CredentialsError(
      `Cannot load the AWS SDK (${packageName}): ${firstLine(messageOf(error))}`,
      {
        cause: error,
        code: "AWS_SDK",
      },
    );
  }
}

/** An SDK client module, loosely typed: the clients are loaded lazily, by name. */
// deno-lint-ignore no-explicit-any
export type Sdk = any;

/** Sends one SDK command (built from the loaded module) and returns its output. */
export type SdkSend = (operation: string, command: (sdk: Sdk) => unknown) => Promise<Sdk>;

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
 * once, narrates each call, loads the SDK on first use, bounds the call in
 * time and maps its errors.
 */
export function sdkSender(settings: AwsSettings, target: AwsTarget, svc: SdkService): SdkSend {
  const timeoutMs = settings.timeoutMs ?? DEFAULT_AWS_TIMEOUT_MS;
  const profile = target.config.profileName;
  const endpoint = resolveEndpoint(svc.service, target.config, settings.getEnv);
  return async (operation, command) => {
    settings.log.debug(
      `profile ${profile}: calling ${operation} at ${endpoint.url ?? "the SDK's endpoint"} ` +
        `(from ${endpoint.source}, region ${endpoint.signingRegion})`,
    );
    settings.log.debug(`Loading the AWS SDK for ${svc.label}`);
    const sdk = await loadSdk(svc.packageName);
    return await callAws({ profile, operation, endpoint }, timeoutMs, async (abortSignal) => {
      const client = svc.client(sdk, sdkClientConfig(endpoint, target.credentials, timeoutMs));
      try {
        return await client.send(command(sdk) as never, { abortSignal });
      } finally {
        client.destroy();
      }
    });
  };
}
