/**
 * The `--debug` line aws-vault writes for every request its credential
 * servers answer: `http: <remote>: <status> <method> <path> (<duration>)`,
 * the duration as Go prints one (`182.5µs`). The query string and the
 * headers are left out: they may carry a token.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import type { HttpHandler } from "../platform/http_server.ts";
import type { Logger } from "../platform/types.ts";

/** `handler`, logging each request it answers when `log` is enabled. */
export function withRequestLog(
  handler: HttpHandler,
  log: Logger,
  elapsedMs: () => number = () => performance.now(),
): HttpHandler {
  if (!log.enabled) return handler;
  return async (request, remote) => {
    const start = elapsedMs();
    const response = await handler(request, remote);
    const took = formatGoDuration(elapsedMs() - start);
    const path = new URL(request.url).pathname;
    log.debug(`http: ${remote}: ${response.status} ${request.method} ${path} (${took})`);
    return response;
  };
}
