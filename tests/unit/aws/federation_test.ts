/**
 * The sign-in federation endpoint: the endpoint and console per partition,
 * `AWS_ENDPOINT_URL_SIGNIN`, Go's query escaping, and the getSigninToken call
 * (its request, its bounds, and failures that never carry the credentials).
 */

import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import {
  type ConsoleTarget,
  consoleTarget,
  loginUrl,
  queryEscape,
  requestSigninToken,
} from "../../../src/aws/federation.ts";
import { ConfigError, CredentialsError } from "../../../src/errors.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { startSilentServer, startStandIn } from "../../helpers/sts_stand_in.ts";

const none = () => undefined;
const env = (vars: Record<string, string>) => (name: string) => vars[name];

// Each row: region, path, federation endpoint, destination.
const TARGETS: Array<[string | undefined, string, string, string]> = [
  [undefined, "", "https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/"],
  [
    undefined,
    "s3/home",
    "https://signin.aws.amazon.com/federation",
    "https://console.aws.amazon.com/",
  ],
  [
    "eu-west-1",
    "",
    "https://signin.aws.amazon.com/federation",
    "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
  ],
  [
    "eu-west-1",
    "s3/home",
    "https://signin.aws.amazon.com/federation",
    "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
  ],
  [
    "cn-north-1",
    "",
    "https://signin.amazonaws.cn/federation",
    "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
  ],
  [
    "us-gov-west-1",
    "ec2/home",
    "https://signin.amazonaws-us-gov.com/federation",
    "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1",
  ],
  [
    "eusc-de-east-1",
    "",
    "https://signin.amazonaws-eusc.eu/federation",
    "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1",
  ],
];

for (const [region, path, federationUrl, destination] of TARGETS) {
  Deno.test(`consoleTarget() for region ${region ?? "(none)"} and path "${path}"`, () => {
    assertEquals(consoleTarget(region, path, none), {
      federationUrl,
      destination,
      source: "default",
    });
  });
}

Deno.test("consoleTarget() takes the endpoint's scheme and host from AWS_ENDPOINT_URL_SIGNIN", () => {
  const target = consoleTarget(
    "cn-north-1",
    "",
    env({ AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9/" }),
  );
  assertEquals(target.federationUrl, "http://127.0.0.1:9/federation");
  assertEquals(target.source, "AWS_ENDPOINT_URL_SIGNIN");
  assertEquals(
    target.destination,
    "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
  );
  const ignored = consoleTarget(
    undefined,
    "",
    env({
      AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:9",
      AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: "TRUE",
    }),
  );
  assertEquals(ignored.federationUrl, "https://signin.aws.amazon.com/federation");
});

Deno.test("consoleTarget() refuses an AWS_ENDPOINT_URL_SIGNIN that is not an http(s) URL, password hidden", () => {
  for (const value of ["signin.example", "ftp://u:secret@host"]) {
    try {
      consoleTarget(undefined, "", env({ AWS_ENDPOINT_URL_SIGNIN: value }));
      throw new Error("expected an error");
    } catch (error) {
      assert(error instanceof ConfigError, String(error));
      assert(error.message.startsWith("Invalid AWS_ENDPOINT_URL_SIGNIN "), error.message);
      assert(!error.message.includes("secret"), error.message);
    }
  }
});

Deno.test("queryEscape() escapes as Go's url.QueryEscape", () => {
  assertEquals(queryEscape("a b+c/d=e?f&g~h-i_j.k"), "a+b%2Bc%2Fd%3De%3Ff%26g~h-i_j.k");
  assertEquals(queryEscape("!'()*é"), "%21%27%28%29%2A%C3%A9");
});

Deno.test("loginUrl() names aws-vault as issuer and escapes destination and token", () => {
  const target: ConsoleTarget = {
    federationUrl: "https://signin.aws.amazon.com/federation",
    destination: "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
    source: "default",
  };
  assertEquals(
    loginUrl(target, "tok+/="),
    "https://signin.aws.amazon.com/federation?Action=login&Issuer=aws-vault" +
      "&Destination=https%3A%2F%2Feu-west-1.console.aws.amazon.com%2Fconsole%2Fhome%3Fregion%3Deu-west-1" +
      "&SigninToken=tok%2B%2F%3D",
  );
});

const CREDS = { accessKeyId: "ASIAFED", secretAccessKey: "sec ret+/", sessionToken: "tok" };

function quiet(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { enabled: true, debug: (m) => lines.push(m), lines };
}

function targetAt(url: string): ConsoleTarget {
  return {
    federationUrl: `${url}/federation`,
    destination: "https://console.aws.amazon.com/",
    source: "test",
  };
}

Deno.test("requestSigninToken() sends aws-vault's request and returns the token", async () => {
  let query = "";
  const server = startStandIn((req) => {
    query = new URL(req.url).search;
    return Response.json({ SigninToken: "the-token" });
  });
  try {
    const log = quiet();
    const token = await requestSigninToken(targetAt(server.url), CREDS, { log, timeoutMs: 10_000 });
    assertEquals(token, "the-token");
    assertEquals(
      query,
      "?Action=getSigninToken&Session=" +
        queryEscape('{"sessionId":"ASIAFED","sessionKey":"sec ret+/","sessionToken":"tok"}'),
    );
    assertEquals(log.lines, [`Requesting a signin token at ${server.url}/federation (from test)`]);
  } finally {
    await server.close();
  }
});

Deno.test("requestSigninToken() does not follow a redirect", async () => {
  const server = startStandIn(() =>
    new Response(null, { status: 302, headers: { location: "http://127.0.0.1:1/" } })
  );
  try {
    await assertRejects(
      () => requestSigninToken(targetAt(server.url), CREDS, { log: quiet(), timeoutMs: 10_000 }),
      CredentialsError,
      "Call to getSigninToken failed with 302 Found",
    );
    assertEquals(server.requests(), 1);
  } finally {
    await server.close();
  }
});

Deno.test("requestSigninToken() gives up on a silent endpoint within its time limit", async () => {
  const server = startSilentServer();
  try {
    const started = Date.now();
    const error = await assertRejects(
      () => requestSigninToken(targetAt(server.url), CREDS, { log: quiet(), timeoutMs: 300 }),
      CredentialsError,
    );
    assertEquals(
      error.message,
      `Call to getSigninToken failed: no answer from "${server.url}/federation" in time`,
    );
    assert(Date.now() - started < 5_000, "bounded by the time limit");
  } finally {
    await server.close();
  }
});

Deno.test("requestSigninToken() refuses an answer larger than 1 MiB", async () => {
  const server = startStandIn(() =>
    new Response(
      new ReadableStream({
        pull(c) {
          c.enqueue(new Uint8Array(64 * 1024).fill(32));
        },
      }),
    )
  );
  try {
    await assertRejects(
      () => requestSigninToken(targetAt(server.url), CREDS, { log: quiet(), timeoutMs: 10_000 }),
      CredentialsError,
      `Call to getSigninToken failed: the answer from "${server.url}/federation" is larger than 1 MiB`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("requestSigninToken() fails on an unreachable endpoint without the credentials", async () => {
  const server = startSilentServer();
  const url = server.url;
  await server.close();
  const error = await assertRejects(
    () => requestSigninToken(targetAt(url), CREDS, { log: quiet(), timeoutMs: 10_000 }),
    CredentialsError,
  );
  assert(
    error.message.startsWith(`Call to getSigninToken failed: cannot reach "${url}/federation": `),
    error.message,
  );
  for (const secret of ["sec", "Session", "ASIAFED", "tok"]) {
    assert(!error.message.includes(secret), error.message);
  }
  assertEquals(error.cause, undefined);
});
