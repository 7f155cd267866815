/**
 * AWS call errors become one line naming the profile, the operation and the
 * AWS error code; calls are bounded in time.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { callAws } from "../../../src/aws/sdk_call.ts";
import { awsCallError } from "../../../src/aws/sdk_errors.ts";
import { CredentialsError } from "../../../src/errors.ts";

const CALL = {
  profile: "work",
  operation: "sts.AssumeRole",
  endpoint: { url: "http://127.0.0.1:1", signingRegion: "us-east-1", source: "endpoint_url" },
};

function serviceError(name: string, message: string): Error {
  const e = new Error(message) as Error & { $metadata: unknown; $fault: string };
  e.name = name;
  e.$metadata = { httpStatusCode: 403 };
  e.$fault = "client";
  return e;
}

Deno.test("awsCallError(): an AWS error names the profile, operation and code on one line", () => {
  const e = awsCallError(
    CALL,
    serviceError("AccessDenied", "User: arn:aws:iam::1:user/u is not authorized\nmore"),
    false,
  );
  assertEquals(
    e.message,
    "profile work: sts.AssumeRole failed: AccessDenied: User: arn:aws:iam::1:user/u is not authorized",
  );
  assertEquals(e.code, "AWS_API");
});

Deno.test("awsCallError(): throttling and expired tokens keep their codes", () => {
  assertEquals(
    awsCallError(CALL, serviceError("Throttling", "Rate exceeded"), false).message,
    "profile work: sts.AssumeRole failed: Throttling: Rate exceeded",
  );
  assertEquals(
    awsCallError(
      CALL,
      serviceError("ExpiredToken", "The security token included in the request is expired"),
      false,
    )
      .message,
    "profile work: sts.AssumeRole failed: ExpiredToken: The security token included in the request is expired",
  );
});

Deno.test("awsCallError(): a network failure says the endpoint cannot be reached", () => {
  const err = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
    code: "ECONNREFUSED",
  });
  const e = awsCallError(CALL, err, false);
  assertEquals(
    e.message,
    'profile work: sts.AssumeRole failed: cannot reach "http://127.0.0.1:1": ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1',
  );
  assertEquals(e.code, "AWS_UNREACHABLE");
});

Deno.test("callAws(): a call that does not finish in time is aborted with a clear message", async () => {
  const start = Date.now();
  const e = await assertRejects(
    () =>
      callAws(CALL, 50, (signal) =>
        new Promise((_, reject) => {
          signal.addEventListener("abort", () => reject(new Error("Request aborted")));
        })),
    CredentialsError,
    'profile work: sts.AssumeRole failed: no answer from "http://127.0.0.1:1" in time',
  );
  assertEquals(e.code, "AWS_TIMEOUT");
  assertEquals(Date.now() - start < 2_000, true);
});

Deno.test("callAws(): the time limit ends a call that ignores its abort signal", async () => {
  const start = Date.now();
  const e = await assertRejects(
    () => callAws(CALL, 50, () => new Promise(() => {})),
    CredentialsError,
    "no answer from",
  );
  assertEquals(e.code, "AWS_TIMEOUT");
  assertEquals(Date.now() - start < 2_000, true);
});

/** A deserialization error as the SDK throws it: the answer's status and raw body attached. */
function unreadable(error: Error, body: string, status = 200): Error {
  return Object.assign(error, {
    $metadata: { httpStatusCode: status },
    $response: { statusCode: status, body: new TextEncoder().encode(body) },
  });
}

Deno.test("awsCallError(): an unreadable answer is named as such, not as unreachable", () => {
  const e = awsCallError(
    CALL,
    unreadable(
      new Error(
        "@aws-sdk XML parse error: unexpected end of input.\n  Deserialization error: ...",
      ),
      "<oops",
    ),
    false,
  );
  assertEquals(
    e.message,
    'profile work: sts.AssumeRole failed: invalid answer from "http://127.0.0.1:1" (HTTP 200): ' +
      "XML parse error: unexpected end of input",
  );
  assertEquals(e.code, "AWS_BAD_ANSWER");
});

Deno.test("awsCallError(): a timestamp that is not one is named by its field", () => {
  const body = "<R><Credentials><Expiration>next week</Expiration></Credentials></R>";
  const error = unreadable(new TypeError("Invalid RFC3339 timestamp format next week"), body);
  assertEquals(
    awsCallError({ ...CALL, timestampField: "Expiration" }, error, false).message,
    'profile work: sts.AssumeRole failed: invalid answer from "http://127.0.0.1:1" (HTTP 200): ' +
      'Expiration "next week" is not an RFC 3339 time',
  );
  // A valid Expiration is not blamed for another field's fault.
  const other = unreadable(
    new TypeError("Expected integer, got string: x"),
    "<R><Expiration>2030-01-01T00:00:00Z</Expiration><PackedPolicySize>x</PackedPolicySize></R>",
  );
  assertEquals(
    awsCallError({ ...CALL, timestampField: "Expiration" }, other, false).message,
    'profile work: sts.AssumeRole failed: invalid answer from "http://127.0.0.1:1" (HTTP 200): ' +
      "Expected integer, got string: x",
  );
});

Deno.test("awsCallError(): too large an answer, and endpoint passwords never shown", () => {
  const call = {
    ...CALL,
    endpoint: { ...CALL.endpoint, url: "https://bob:hunter2@sts.example" },
  };
  const tooLarge = Object.assign(new Error("too large"), { name: "AnswerTooLargeError" });
  assertEquals(
    awsCallError(call, tooLarge, false).message,
    'profile work: sts.AssumeRole failed: the answer from "https://bob:xxxxx@sts.example" is larger than 1 MiB',
  );
  const network = new Error("connect to https://bob:hunter2@sts.example failed");
  assertEquals(
    awsCallError(call, network, false).message,
    'profile work: sts.AssumeRole failed: cannot reach "https://bob:xxxxx@sts.example": ' +
      "connect to https://bob:xxxxx@sts.example failed",
  );
});
