/**
 * One AWS SDK call, loaded on the first call to AWS only: the client
 * settings (explicit region, endpoint, credentials, retries and the HTTP
 * transport, so that the SDK reads no shared config or credentials file),
 * a bounded total time, and the mapping of failures to one line.
 *
 * @module
 */

import type { Credentials } from "../credentials/types.ts";
import { CredentialsError, messageOf } from "../errors.ts";
import type { AwsCall, Sdk, SdkService } from "./aws_call.ts";
import type { Endpoint } from "./endpoints.ts";
import { BoundedFetchHandler } from "./fetch_handler.ts";
import { awsCallError } from "./sdk_errors.ts";

/** The SDK client configuration: everything explicit, so the SDK loads nothing from files. */
export function sdkClientConfig(
  endpoint: Endpoint,
  credentials: Credentials | undefined,
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
 * names, even when the call never runs. That cost 2-4 ms on every cached
 * `exec`, which never calls AWS (measured with scripts/bench.ts).
 * `scripts/build.ts` embeds the packages in the binary with `--include`.
 */
export async function loadSdk(packageName: string): Promise<Sdk> {
  try {
    return await import(packageName);
  } catch (error) {
    throw new CredentialsError(
      `Cannot load the AWS SDK (${packageName}): ${messageOf(error).split("\n")[0].trim()}`,
      { cause: error, code: "AWS_SDK" },
    );
  }
}

/** One SDK command to send. */
export interface SdkCommand {
  call: AwsCall;
  svc: SdkService;
  /** Absent for unsigned calls. */
  credentials?: Credentials;
  timeoutMs: number;
  /** Builds the command from the loaded SDK module. */
  command: (sdk: Sdk) => unknown;
}

/** Loads the SDK, sends one command within the time limit and returns its output. */
export async function sendSdkCommand(req: SdkCommand): Promise<Sdk> {
  const sdk = await loadSdk(req.svc.packageName);
  return await callAws(req.call, req.timeoutMs, async (abortSignal) => {
    const client = req.svc.client(sdk, sdkClientConfig(req.call.endpoint, req.credentials));
    try {
      return await client.send(req.command(sdk) as never, { abortSignal });
    } finally {
      client.destroy();
    }
  });
}
