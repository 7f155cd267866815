/**
 * AWS call errors become one line naming the profile, the operation and the
 * AWS error code; calls are bounded in time.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { awsCallError, callAws } from "../../../src/aws/aws_call.ts";
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
