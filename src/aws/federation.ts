/**
 * The AWS sign-in federation endpoint, for `login`: which endpoint and which
 * console a region belongs to (by partition), the `getSigninToken` call that
 * trades temporary credentials for a sign-in token, and the login URL built
 * from that token. `AWS_ENDPOINT_URL_SIGNIN` replaces the endpoint's host (a
 * test server, a private partition). The call is a plain `fetch`, bounded in
 * size and time; nothing it fails with carries the credentials it sent or
 * the URL that holds them.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { ConfigError, CredentialsError } from "../errors.ts";
import type { Logger } from "../platform/types.ts";
import { redactUrls } from "../redact_url.ts";
import { MAX_ANSWER_BYTES, readBounded } from "./fetch_handler.ts";

/** The variable that replaces the sign-in endpoint's scheme and host. */
export const SIGNIN_ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_SIGNIN";

interface Partition {
  /** The start of the partition's region names; "" for the commercial partition. */
  regionPrefix: string;
  signinHost: string;
  consoleDomain: string;
}

const COMMERCIAL: Partition = {
  regionPrefix: "",
  signinHost: "signin.aws.amazon.com",
  consoleDomain: "console.aws.amazon.com",
};

const PARTITIONS: readonly Partition[] = [
  { regionPrefix: "cn-", signinHost: "signin.amazonaws.cn", consoleDomain: "console.amazonaws.cn" },
  {
    regionPrefix: "us-gov-",
    signinHost: "signin.amazonaws-us-gov.com",
    consoleDomain: "console.amazonaws-us-gov.com",
  },
  {
    regionPrefix: "eusc-",
    signinHost: "signin.amazonaws-eusc.eu",
    consoleDomain: "console.amazonaws-eusc.eu",
  },
];

/** Where a console login goes. */
export interface ConsoleTarget {
  /** The federation endpoint: `https://<sign-in host>/federation`. */
  federationUrl: string;
  /** Where the console opens after signing in. */
  destination: string;
  /** Where the endpoint came from, for `--debug`. */
  source: string;
}

/** The configured sign-in endpoint (scheme and host), unless none is or configured ones are ignored. */
function configuredSignin(getEnv: (name: string) => string | undefined): string | undefined {
  if ((getEnv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") ?? "").toLowerCase() === "true") {
    return undefined;
  }
  const value = getEnv(SIGNIN_ENDPOINT_VARIABLE) ?? "";
  if (value === "") return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new ConfigError(
      `Invalid ${SIGNIN_ENDPOINT_VARIABLE} ${
        JSON.stringify(redactUrls(value))
      }: not an http or https URL`,
    );
  }
  return value.replace(/\/+$/, "");
}

/**
 * The federation endpoint and console destination for `region` (none: the
 * global console, where `path` is not used), as aws-vault picks them: the
 * partition comes from the region's prefix (`cn-`, `us-gov-`, `eusc-`, else
 * the commercial one), and `path` replaces the console's home page.
 */
export function consoleTarget(
  region: string | undefined,
  path: string,
  getEnv: (name: string) => string | undefined,
): ConsoleTarget {
  const partition = (region && PARTITIONS.find((p) => region.startsWith(p.regionPrefix))) ||
    COMMERCIAL;
  let destination = `https://${COMMERCIAL.consoleDomain}/`;
  if (region) {
    const page = path === "" ? "console/home" : path;
    destination = `https://${region}.${partition.consoleDomain}/${page}?region=${region}`;
  }
  const configured = configuredSignin(getEnv);
  return {
    federationUrl: `${configured ?? `https://${partition.signinHost}`}/federation`,
    destination,
    source: configured === undefined ? "default" : SIGNIN_ENDPOINT_VARIABLE,
  };
}

/** Go's `url.QueryEscape`, which aws-vault's URLs are escaped with. */
export function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, "+");
}

/** The login URL: the sign-in token opens the console at `destination`. */
export function loginUrl(target: ConsoleTarget, signinToken: string): string {
  return `${target.federationUrl}?Action=login&Issuer=aws-vault` +
    `&Destination=${queryEscape(target.destination)}&SigninToken=${queryEscape(signinToken)}`;
}

/** How {@linkcode requestSigninToken} calls. */
export interface SigninTokenOptions {
  log: Logger;
  /** Bound on the whole call, the answer's body included. */
  timeoutMs: number;
}

/** A failure to get an answer, in one line without the request URL (it holds the credentials). */
function callFailure(target: ConsoleTarget, error: unknown, timedOut: boolean): CredentialsError {
  const where = JSON.stringify(redactUrls(target.federationUrl));
  let detail: string;
  if (timedOut) {
    detail = `no answer from ${where} in time`;
  } else if (error instanceof Error && error.name === "AnswerTooLargeError") {
    detail = `the answer from ${where} is larger than ${MAX_ANSWER_BYTES / (1024 * 1024)} MiB`;
  } else {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    const text = (cause instanceof Error ? cause.message : String(cause)).split("\n")[0];
    // Deno quotes the URL it was sending to, whose query holds the credentials.
    const reason = text.replace(/^error sending request for url \([^)]*\): /, "");
    const safe = /Session=|sessionKey/.test(reason) ? "the request failed" : redactUrls(reason);
    detail = `cannot reach ${where}: ${safe}`;
  }
  return new CredentialsError(`Call to getSigninToken failed: ${detail}`, {
    code: timedOut ? "AWS_TIMEOUT" : "AWS_UNREACHABLE",
  });
}

/** The token of a getSigninToken answer, or an error saying why there is none. */
function signinTokenOf(body: Uint8Array): string {
  let answer: unknown;
  try {
    answer = JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new CredentialsError("Expected a response with SigninToken: the answer is not JSON");
  }
  const token = (answer as { SigninToken?: unknown } | null)?.SigninToken;
  if (typeof token !== "string" || token === "") {
    throw new CredentialsError("Expected a response with SigninToken");
  }
  return token;
}

/**
 * Trades temporary `credentials` for a sign-in token at the federation
 * endpoint (`GET …/federation?Action=getSigninToken&Session=<JSON>`, as
 * aws-vault sends it: no `SessionDuration`, so the console session lasts
 * AWS's default for the kind of credentials). Redirects are not followed: the
 * request carries the credentials.
 */
export async function requestSigninToken(
  target: ConsoleTarget,
  credentials: Credentials,
  options: SigninTokenOptions,
): Promise<string> {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken ?? "",
  });
  const url = `${target.federationUrl}?Action=getSigninToken&Session=${queryEscape(session)}`;
  options.log.debug(
    `Requesting a signin token at ${redactUrls(target.federationUrl)} (from ${target.source})`,
  );
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  try {
    let response: Response;
    let body: Uint8Array;
    try {
      response = await fetch(url, { redirect: "manual", signal: controller.signal });
      body = await readBounded(response.body, MAX_ANSWER_BYTES, controller.signal);
    } catch (error) {
      throw callFailure(target, error, timedOut);
    }
    if (response.status !== 200) {
      const status = `${response.status} ${response.statusText}`.trim();
      throw new CredentialsError(`Call to getSigninToken failed with ${status}`, {
        code: "AWS_API",
      });
    }
    return signinTokenOf(body);
  } finally {
    clearTimeout(timer);
  }
}
