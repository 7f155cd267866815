/**
 * aws-vault's `--debug` line for every request a credential server answers:
 * `http: <client address>: <status> <method> <path?query> (<time taken>)`.
 * Only the request line is logged: never a header, where tokens travel.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import type { Peer, PeerHandler } from "../platform/http_server.ts";
import type { Logger } from "../platform/types.ts";

/** A peer as Go's `RemoteAddr` writes it: `host:port`, IPv6 hosts in brackets. */
function remoteAddr(peer: Peer): string {
  return peer.hostname.includes(":")
    ? `[${peer.hostname}]:${peer.port}`
    : `${peer.hostname}:${peer.port}`;
}

/** `handler`, logging each request it answers when `--debug` is on. */
export function withRequestLog(handler: PeerHandler, log: Logger): PeerHandler {
  if (!log.enabled) return handler;
  return async (request, peer) => {
    const started = performance.now();
    const response = await handler(request, peer);
    const url = new URL(request.url);
    const elapsed = formatGoDuration(performance.now() - started);
    log.debug(
      `http: ${
        remoteAddr(peer)
      }: ${response.status} ${request.method} ${url.pathname}${url.search} (${elapsed})`,
    );
    return response;
  };
}
