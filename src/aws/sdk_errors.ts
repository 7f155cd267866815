/**
 * SDK and network errors as one-line {@linkcode CredentialsError}s that name
 * the profile, the operation and what went wrong: the AWS error code, no
 * answer in time, an endpoint that cannot be reached, or an answer that is
 * too large or cannot be read (malformed XML, a timestamp that is not one).
 * Endpoint URLs appear without their passwords.
 *
 * @module
 */

import { CredentialsError, messageOf } from "../errors.ts";
import { redactUrls } from "../redact_url.ts";
import type { AwsCall } from "./sdk_types.ts";
import type { Endpoint } from "./endpoints.ts";
import { MAX_ANSWER_BYTES } from "./fetch_handler.ts";

interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
  $response?: { body?: unknown };
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

function firstLine(text: string): string {
  return redactUrls(text.split("\n")[0].trim());
}

function describeTarget(endpoint: Endpoint): string {
  return endpoint.url ? `"${redactUrls(endpoint.url)}"` : "the AWS endpoint";
}

/** The text of an element of the raw answer, when the answer was kept and holds it. */
function elementText(body: unknown, element: string): string | undefined {
  if (!(body instanceof Uint8Array)) return undefined;
  const xml = new TextDecoder().decode(body);
  return new RegExp(`<${element}>([^<]*)</${element}>`).exec(xml)?.[1];
}

/** Why an answer that arrived cannot be used: the bad timestamp by name, else the SDK's words. */
function badAnswerDetail(call: AwsCall, e: SdkErrorShape): string {
  const field = call.timestampField;
  const value = field ? elementText(e.$response?.body, field) : undefined;
  if (field && value !== undefined && (!RFC3339.test(value) || isNaN(Date.parse(value)))) {
    return `${field} ${JSON.stringify(value)} is not an RFC 3339 time`;
  }
  return firstLine(e.message ?? "").replace(/^@aws-sdk /, "").replace(/\.$/, "");
}

/** Converts an error thrown by an SDK call into a one-line {@linkcode CredentialsError}. */
export function awsCallError(call: AwsCall, error: unknown, timedOut: boolean): CredentialsError {
  const prefix = `profile ${call.profile}: ${call.operation} failed`;
  const target = describeTarget(call.endpoint);
  const e = (error ?? {}) as SdkErrorShape;
  const fail = (detail: string, code: string) =>
    new CredentialsError(`${prefix}: ${detail}`, { cause: error, code });
  if (timedOut || e.name === "TimeoutError" || e.name === "AbortError") {
    return fail(`no answer from ${target} in time`, "AWS_TIMEOUT");
  }
  if (e.name === "AnswerTooLargeError") {
    const limit = `${MAX_ANSWER_BYTES / (1024 * 1024)} MiB`;
    return fail(`the answer from ${target} is larger than ${limit}`, "AWS_BAD_ANSWER");
  }
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && e.$fault !== undefined && e.name && e.name !== "Error") {
    // An error AWS reported (AccessDenied, ExpiredToken, Throttling, ...).
    const detail = e.message && !["Unknown", "UnknownError", e.name].includes(e.message)
      ? `: ${firstLine(e.message)}`
      : ` (HTTP ${status} from ${target})`;
    return fail(`${e.name}${detail}`, "AWS_API");
  }
  if (status !== undefined && e.$response !== undefined) {
    // An answer arrived but could not be read.
    return fail(
      `invalid answer from ${target} (HTTP ${status}): ${badAnswerDetail(call, e)}`,
      "AWS_BAD_ANSWER",
    );
  }
  const code = typeof e.code === "string" ? `${e.code}: ` : "";
  return fail(
    `cannot reach ${target}: ${code}${firstLine(messageOf(error))}`,
    "AWS_UNREACHABLE",
  );
}

/** The AWS error name (`InvalidGrantException`) behind an error a call failed with, if any. */
export function awsErrorName(error: unknown): string | undefined {
  const cause = error instanceof CredentialsError ? error.cause : error;
  const e = (cause ?? {}) as SdkErrorShape;
  return e.$fault !== undefined && typeof e.name === "string" ? e.name : undefined;
}

/** The HTTP status of the answer behind an error a call failed with, if an answer arrived. */
export function awsErrorStatus(error: unknown): number | undefined {
  const cause = error instanceof CredentialsError ? error.cause : error;
  return ((cause ?? {}) as SdkErrorShape).$metadata?.httpStatusCode;
}
