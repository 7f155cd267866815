/**
 * One AWS SDK call, loaded on the first call to AWS only: the client
 * settings (explicit region, endpoint, credentials, retries and the HTTP
 * transport, so that the SDK reads no shared config or credentials file),
 * a bounded total time, and the mapping of failures to one line.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import type { AwsCall, SdkCall, SdkClient, SdkClientConfig, SdkService } from "./sdk_types.ts";
import type { Endpoint } from "./endpoints.ts";
import { BoundedFetchHandler } from "./fetch_handler.ts";
import { awsCallError } from "./sdk_errors.ts";

/** The SDK client configuration: everything explicit, so the SDK loads nothing from files. */
export function sdkClientConfig(
  endpoint: Endpoint,
  credentials: Credentials | undefined,
): SdkClientConfig {
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
    // Answers are read whole, capped in size, within the call's time limit.
    requestHandler: new BoundedFetchHandler(),
  };
}

/**
 * Runs `fn` with an abort signal that fires after `timeoutMs` and ends the
 * call then, whatever `fn` does with the signal; any failure is converted
 * with {@linkcode awsCallError}.
 */
export async function callAws<T>(
  call: AwsCall,
  timeoutMs: number,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  let expire = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = () => reject(new DOMException("The call took too long", "TimeoutError"));
  });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
    expire();
  }, timeoutMs);
  const running = fn(controller.signal);
  // A call that ends after the time limit has nobody waiting for it.
  running.catch(() => {});
  try {
    return await Promise.race([running, expired]);
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
 * names, even when the call never runs, and a cached `exec` never calls AWS.
 * The wrappers name the package's type with `typeof import(...)`, which is
 * erased before the program runs. `scripts/build.ts` embeds the packages in
 * the binary with `--include`.
 */
export async function loadSdk<M>(packageName: string): Promise<M> {
  try {
    return await import(packageName) as M;
  } catch (error) {
    throw new CredentialsError(
      `Cannot load the AWS SDK (${packageName}): ${messageOf(error).split("\n")[0].trim()}`,
      { cause: error, code: "AWS_SDK" },
    );
  }
}

/** One SDK call to make. */
export interface SdkRequest<M, C extends SdkClient, T> {
  call: AwsCall;
  svc: SdkService<M, C>;
  /** Absent for unsigned calls. */
  credentials?: Credentials;
  timeoutMs: number;
  /** Sends the command with the client made for it. */
  send: SdkCall<M, C, T>;
}

/** Loads the SDK, makes one call within the time limit and returns its result. */
export async function sendSdkCommand<M, C extends SdkClient, T>(
  req: SdkRequest<M, C, T>,
): Promise<T> {
  const sdk = await loadSdk<M>(req.svc.packageName);
  return await callAws(req.call, req.timeoutMs, async (abortSignal) => {
    const client = req.svc.client(sdk, sdkClientConfig(req.call.endpoint, req.credentials));
    try {
      return await req.send(sdk, client, abortSignal);
    } finally {
      client.destroy();
    }
  });
}
