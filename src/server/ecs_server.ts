/**
 * The ECS container-credentials server of `exec --ecs-server`: the SDKs find
 * it through `AWS_CONTAINER_CREDENTIALS_FULL_URI` and send
 * `AWS_CONTAINER_AUTHORIZATION_TOKEN` in the `Authorization` header.
 *
 * As in aws-vault: it listens on 127.0.0.1 on a port the OS chooses; every
 * request must carry the exact token (else 403, `invalid Authorization
 * token`); `/role-arn/<arn>` answers with credentials for AssumeRole of that
 * role made with the profile's credentials (session name: a nanosecond
 * timestamp; duration: the profile's AssumeRole duration), and every other
 * path with the profile's own credentials; bodies are Go's JSON of a map
 * (keys sorted, a newline at the end), failures a 500 with `{"Message": …}`.
 *
 * Unlike aws-vault: the URI carries a path (`/credentials`), which some SDKs
 * (Ruby) require, and `/credentials/role-arn/<arn>` is also a role path,
 * because the Docker proxy of aws-vault's contrib joins the paths it forwards
 * to the URI's own. The token is compared in constant time. Credentials that
 * never expire are given an `Expiration` an hour ahead, since the SDKs refuse
 * an answer without one (aws-vault sends year 1, which they take as expired).
 *
 * @module
 */

import { defaultRoleSessionName } from "../credentials/assume_role_provider.ts";
import { logGenerated } from "../credentials/session_token_provider.ts";
import { ROLE_CHAINING_MAXIMUM_DURATION_MS } from "../config/profile_config.ts";
import { encodeBase64Url, utf8 } from "../encoding.ts";
import { messageOf } from "../errors.ts";
import { goMapJson } from "../go_json.ts";
import { timingSafeEqual } from "../timing_safe_equal.ts";
import { serveHttp } from "../platform/http_server.ts";
import type { Clock } from "../platform/types.ts";
import { redactUrls } from "../redact_url.ts";
import { rfc3339 } from "../time_format.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialServerContext, CredentialServerStarter } from "./credential_server.ts";
import { withRequestLog } from "./http_log.ts";
import { RefreshingCredentials } from "./refreshing_credentials.ts";

/** The path of the URI the child is given. */
export const CREDENTIALS_PATH = "/credentials";
/** How far ahead the `Expiration` of credentials that never expire is put. */
const NON_EXPIRING_LIFETIME_MS = 60 * 60_000;
const ROLE_PATHS = ["/role-arn/", `${CREDENTIALS_PATH}/role-arn/`];

/** A new token: 30 random bytes, base64url without padding (40 characters). */
export function newAuthToken(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(30)));
}

/** Whether `given` is `expected`, in a time that depends on `expected`'s length only. */
export function tokenMatches(given: string | null, expected: Uint8Array): boolean {
  return timingSafeEqual(utf8(given ?? ""), expected);
}

function errorResponse(message: string, status: number): Response {
  return new Response(goMapJson({ Message: message }), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function credentialsResponse(credentials: Credentials, now: Date): Response {
  const expiration = credentials.expiration ??
    new Date(now.getTime() + NON_EXPIRING_LIFETIME_MS);
  const body = goMapJson({
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken ?? "",
    Expiration: rfc3339(expiration),
  });
  // What Go's server finds by sniffing the body, as aws-vault sets no type.
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
}

/** The role ARN a path asks for, or undefined for the profile's own credentials. */
export function roleArnOf(pathname: string): string | undefined {
  const prefix = ROLE_PATHS.find((p) => pathname.startsWith(p));
  if (prefix === undefined) return undefined;
  const arn = pathname.slice(prefix.length);
  try {
    return decodeURIComponent(arn);
  } catch {
    return arn;
  }
}

/** What {@linkcode ecsHandler} answers with. */
export interface EcsHandlerOptions {
  /** The token every request must carry in `Authorization`. */
  token: string;
  /** The profile's credentials. */
  credentials: () => Promise<Credentials>;
  /** Credentials for AssumeRole of `roleArn` made with the profile's credentials. */
  roleCredentials: (roleArn: string) => Promise<Credentials>;
  clock: Pick<Clock, "now">;
}

/** The server's answers, as a `Request -> Response` function. */
export function ecsHandler(options: EcsHandlerOptions): (request: Request) => Promise<Response> {
  const expected = utf8(options.token);
  return async (request) => {
    if (!tokenMatches(request.headers.get("authorization"), expected)) {
      return errorResponse("invalid Authorization token", 403);
    }
    const roleArn = roleArnOf(new URL(request.url).pathname);
    try {
      const credentials = roleArn === undefined
        ? await options.credentials()
        : await options.roleCredentials(roleArn);
      return credentialsResponse(credentials, options.clock.now());
    } catch (error) {
      return errorResponse(redactUrls(messageOf(error).split("\n")[0]), 500);
    }
  };
}

/** AssumeRole of any ARN with the profile's credentials, each role's credentials kept apart. */
export function roleCredentialsSource(
  server: CredentialServerContext,
): (roleArn: string) => Promise<Credentials> {
  const { config, log } = server;
  const clock = server.deps.clock;
  const roles = new Map<string, RefreshingCredentials>();
  // AWS refuses more than an hour for a role assumed with role credentials.
  const durationMs = server.roleChaining
    ? Math.min(config.assumeRoleDurationMs, ROLE_CHAINING_MAXIMUM_DURATION_MS)
    : config.assumeRoleDurationMs;
  const fetchRole = async (roleArn: string): Promise<Credentials> => {
    const credentials = await server.credentials.get();
    const assumed = await server.sts({ config, credentials }).assumeRole({
      roleArn,
      roleSessionName: defaultRoleSessionName(clock),
      durationSeconds: Math.trunc(durationMs / 1000),
    });
    logGenerated({ log, clock }, assumed, "AssumeRole");
    return assumed;
  };
  return (roleArn) => {
    let role = roles.get(roleArn);
    if (role === undefined) {
      role = new RefreshingCredentials({
        fetch: () => fetchRole(roleArn),
        clock,
        log,
        label: `role ${roleArn}`,
      });
      roles.set(roleArn, role);
    }
    return role.get();
  };
}

/** Starts the ECS server on 127.0.0.1 and a free port. */
export const startEcsServer: CredentialServerStarter = (server) => {
  const token = newAuthToken();
  const handler = ecsHandler({
    token,
    credentials: () => server.credentials.get(),
    roleCredentials: roleCredentialsSource(server),
    clock: server.deps.clock,
  });
  const http = serveHttp(
    { hostname: "127.0.0.1", port: 0 },
    withRequestLog((request) => handler(request), server.log),
  );
  return Promise.resolve({
    env: {
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${http.port}${CREDENTIALS_PATH}`,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: token,
    },
    stop: () => http.close(),
  });
};
