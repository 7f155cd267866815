/**
 * The EC2 instance metadata server of `exec --ec2-server`, on 127.0.0.1:9099
 * (the privileged proxy on 169.254.169.254:80 forwards to it). It answers the
 * paths SDKs read credentials and the region from, with aws-vault's bodies,
 * and also IMDSv2: `PUT /latest/api/token` hands out session tokens, and a
 * request that carries a token must carry a valid one. Requests without a
 * token are answered as aws-vault does, so IMDSv1 clients keep working.
 *
 * @module
 */

import type { Credentials } from "../aws_credentials.ts";
import { formatGoDuration } from "../config/duration.ts";
import { maskKeyId } from "../credentials/cached_provider.ts";
import { messageOf } from "../errors.ts";
import { goMapJson } from "../go_json.ts";
import { type HttpHandler, type HttpServer, serveHttp } from "../platform/http_server.ts";
import type { Clock, Logger } from "../platform/types.ts";
import { rfc3339 } from "../time_format.ts";
import { httpError, serveMux, textResponse } from "./go_http.ts";
import { withRequestLog } from "./http_log.ts";
import { ImdsTokens, parseTokenTtl, TOKEN_HEADER, TOKEN_TTL_HEADER } from "./imds_tokens.ts";
import { refuseRequest } from "./request_guard.ts";

/** Where aws-vault's metadata server listens. */
export const METADATA_SERVER_HOST = "127.0.0.1";
export const METADATA_SERVER_PORT = 9099;

const TOKEN_PATH = "/latest/api/token";
/** Go's zero time, which aws-vault writes for credentials that do not expire. */
const GO_ZERO_TIME = new Date("0001-01-01T00:00:00Z");

/** Where a server gets the credentials it hands out, on every request (kept in memory by it). */
export interface CredentialSource {
  get(): Promise<Credentials>;
}

/** What the metadata handler serves. */
export interface Ec2MetadataOptions {
  credentials: CredentialSource;
  /** The profile's region, for the instance identity document ("" when none). */
  region: string;
  tokens: ImdsTokens;
  clock: Clock;
  log: Logger;
}

/** The credentials document, as Go encodes a map. */
function credentialsDocument(credentials: Credentials, now: Date): string {
  return goMapJson({
    AccessKeyId: credentials.accessKeyId,
    Code: "Success",
    Expiration: rfc3339(credentials.expiration ?? GO_ZERO_TIME),
    LastUpdated: rfc3339(now),
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken ?? "",
    Type: "AWS-HMAC",
  });
}

function credentialsRoute(options: Ec2MetadataOptions): () => Promise<Response> {
  const { clock, log } = options;
  return async () => {
    let credentials: Credentials;
    try {
      credentials = await options.credentials.get();
    } catch (error) {
      return httpError(messageOf(error), 504);
    }
    const now = clock.now();
    const expiration = credentials.expiration;
    log.debug(
      `Serving credentials via http ${maskKeyId(credentials.accessKeyId)}, ` +
        (expiration
          ? `expiration of ${rfc3339(expiration)} (${
            formatGoDuration(expiration.getTime() - now.getTime())
          })`
          : "without expiration"),
    );
    return textResponse(credentialsDocument(credentials, now));
  };
}

/** `PUT /latest/api/token`: a token for the lifetime the request asks for. */
async function issueToken(request: Request, tokens: ImdsTokens): Promise<Response> {
  const asked = request.headers.get(TOKEN_TTL_HEADER);
  const ttl = parseTokenTtl(asked);
  if (ttl === undefined) {
    return httpError(
      asked === null
        ? "Missing X-aws-ec2-metadata-token-ttl-seconds header"
        : `Invalid X-aws-ec2-metadata-token-ttl-seconds header ${
          JSON.stringify(asked)
        }: expected whole seconds from 1 to 21600`,
      400,
    );
  }
  const response = textResponse(await tokens.issue(ttl));
  response.headers.set(TOKEN_TTL_HEADER, String(ttl));
  return response;
}

/** The metadata server's request handler (the client's address is passed in). */
export function ec2MetadataHandler(options: Ec2MetadataOptions): HttpHandler {
  const mux = serveMux({
    "/latest/meta-data/iam/security-credentials/": () => textResponse("local-credentials"),
    "/latest/meta-data/iam/security-credentials/local-credentials": credentialsRoute(options),
    // The Go SDK reads the instance id to tell whether it runs on EC2.
    "/latest/meta-data/instance-id/": () => textResponse("aws-vault"),
    // The .NET SDK reads this when it gets or renews credentials.
    "/latest/meta-data/iam/info/": () => textResponse(`{"Code" : "Success"}`),
    // SDKs read the region here.
    "/latest/dynamic/instance-identity/document": () =>
      textResponse(`{"region": ${JSON.stringify(options.region)}}`),
  });
  return withRequestLog(async (request, remote) => {
    const refused = refuseRequest(request, remote);
    if (refused) return refused;
    if (request.method === "PUT") {
      // As on EC2: a token is never issued for a request that came through a proxy.
      if (request.headers.has("x-forwarded-for")) {
        return httpError("PUT requests with an X-Forwarded-For header are refused", 403);
      }
      if (new URL(request.url).pathname === TOKEN_PATH) {
        return await issueToken(request, options.tokens);
      }
    }
    const token = request.headers.get(TOKEN_HEADER);
    if (token !== null && !(await options.tokens.verify(token))) {
      return httpError("Invalid or expired X-aws-ec2-metadata-token", 401);
    }
    return await mux(request);
  }, options.log);
}

/** What {@linkcode startEc2MetadataServer} needs. */
export interface Ec2MetadataServerOptions {
  credentials: CredentialSource;
  region: string;
  clock: Clock;
  log: Logger;
  /** Where to listen (aws-vault's 127.0.0.1:9099 by default; tests pass port 0). */
  port?: number;
}

/** Starts the metadata server on 127.0.0.1:9099; throws when the address cannot be bound. */
export async function startEc2MetadataServer(
  options: Ec2MetadataServerOptions,
): Promise<HttpServer> {
  const { clock, log } = options;
  const port = options.port ?? METADATA_SERVER_PORT;
  log.debug(`Starting EC2 Instance Metadata server on ${METADATA_SERVER_HOST}:${port}`);
  const handler = ec2MetadataHandler({
    credentials: options.credentials,
    region: options.region,
    tokens: await ImdsTokens.create(clock),
    clock,
    log,
  });
  return serveHttp({ hostname: METADATA_SERVER_HOST, port }, handler);
}
