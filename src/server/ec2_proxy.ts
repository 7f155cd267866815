/**
 * `aws-vault proxy`, the privileged half of `exec --ec2-server`: it adds the
 * 169.254.169.254 loopback alias, listens on 169.254.169.254:80 and passes
 * every request on to the metadata server on 127.0.0.1:9099, until
 * `GET /stop` (answered 200, then exit 0) or SIGINT/SIGTERM (exit 1); either
 * way the alias is removed first.
 *
 * Only this proxy sees the client's address, so it applies the metadata
 * server's guard itself (the client must be on this machine, the request
 * addressed to 169.254.169.254). It passes requests on as they came (method,
 * path, query, headers with `Host` and the token headers, body) and adds no
 * `X-Forwarded-For`: it is the metadata endpoint's front door, not a relay
 * from another network, and the metadata server refuses a token to any PUT
 * that carries the header, as EC2 does. So the SDKs' token requests pass,
 * and one relayed by some other proxy on this machine (which adds the
 * header) is still refused.
 *
 * @module
 */

import { type DirectFetch, directFetch } from "../platform/direct_fetch.ts";
import { type HttpHandler, type HttpServer, serveHttp } from "../platform/http_server.ts";
import { onTermination } from "../platform/termination.ts";
import type { Logger, OsName, ProcessRunner } from "../platform/types.ts";
import { addAlias, removeAlias } from "./ec2_alias.ts";
import { METADATA_SERVER_HOST, METADATA_SERVER_PORT } from "./ec2_server.ts";
import { METADATA_IP, refuseRequest } from "./request_guard.ts";

/** Headers that belong to one connection and are never passed on (RFC 9110 section 7.6.1). */
const HOP_BY_HOP = [
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
];

/** `headers` without the hop-by-hop ones, including those that `Connection` names. */
function endToEnd(headers: Headers): Headers {
  const out = new Headers(headers);
  for (const name of (headers.get("connection") ?? "").split(",")) {
    if (name.trim() !== "") out.delete(name.trim());
  }
  for (const name of HOP_BY_HOP) out.delete(name);
  return out;
}

/** What the proxy's handler needs. */
export interface ProxyHandlerOptions {
  /** Sends a request to the metadata server (its URL's host is only the `Host` header). */
  upstream: DirectFetch["fetch"];
  /** Called when `/stop` is asked for, after which the proxy should end. */
  onStop: () => void;
}

/** Passes `request` on to the metadata server; 502 when it cannot be reached. */
async function passOn(request: Request, options: ProxyHandlerOptions): Promise<Response> {
  const url = new URL(request.url);
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let answer: Response;
  try {
    answer = await options.upstream(`http://${METADATA_IP}${url.pathname}${url.search}`, {
      method: request.method,
      headers: endToEnd(request.headers),
      body: hasBody ? await request.arrayBuffer() : undefined,
    });
  } catch {
    return new Response(null, { status: 502 });
  }
  return new Response(answer.body, { status: answer.status, headers: endToEnd(answer.headers) });
}

/** The proxy's request handler (the client's address is passed in). */
export function ec2ProxyHandler(options: ProxyHandlerOptions): HttpHandler {
  return async (request, remote) => {
    const refused = refuseRequest(request, remote, { localAlias: METADATA_IP });
    if (refused) return refused;
    if (new URL(request.url).pathname === "/stop") {
      options.onStop();
      return new Response(null, { status: 200 });
    }
    return await passOn(request, options);
  };
}

/** What {@linkcode runProxy} needs. */
export interface ProxyDeps {
  proc: ProcessRunner;
  os: OsName;
  log: Logger;
}

/**
 * Asks a running proxy to stop (`GET http://169.254.169.254/stop`); a proxy
 * that does not answer is left alone, as aws-vault does.
 */
export async function stopProxy(timeoutMs = 5_000): Promise<void> {
  const http = directFetch(METADATA_IP, 80);
  try {
    const answer = await http.fetch(`http://${METADATA_IP}/stop`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    await answer.body?.cancel();
  } catch {
    // nothing listens, or it did not answer in time
  } finally {
    http.close();
  }
}

/**
 * Runs the proxy until `/stop` or SIGINT/SIGTERM; returns the exit code
 * (0 after `/stop`, 1 after a signal). Needs the privilege to change network
 * interfaces and to listen on port 80.
 */
export async function runProxy(deps: ProxyDeps): Promise<number> {
  let finish = (_code: number) => {};
  const finished = new Promise<number>((resolve) => finish = resolve);
  // Listening first: a signal that arrives once the alias exists must not end us before we remove it.
  const stopListening = onTermination(() => finish(1));
  try {
    await addAlias(deps.proc, deps.os);
    const upstream = directFetch(METADATA_SERVER_HOST, METADATA_SERVER_PORT);
    let server: HttpServer;
    try {
      server = serveHttp(
        { hostname: METADATA_IP, port: 80 },
        ec2ProxyHandler({ upstream: upstream.fetch, onStop: () => finish(0) }),
      );
    } catch (error) {
      upstream.close();
      await removeAlias(deps.proc, deps.os);
      throw error;
    }
    deps.log.debug(`EC2 Instance Metadata endpoint proxy server running on ${METADATA_IP}:80`);
    const code = await finished;
    // The answer to /stop is sent before the alias it travels over goes.
    await server.close();
    upstream.close();
    await removeAlias(deps.proc, deps.os);
    return code;
  } finally {
    stopListening();
  }
}
