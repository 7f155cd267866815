/**
 * A local HTTP server on `Deno.serve`, for the credential servers: their
 * handlers are plain `Request -> Response` functions, tested without a socket,
 * and this is the only place that listens.
 *
 * @module
 */

/** Answers one request; `remote` is the client's address, `host:port`. */
export type HttpHandler = (request: Request, remote: string) => Promise<Response>;

/** Where to listen. */
export interface ListenOptions {
  hostname: string;
  /** 0 = a free port chosen by the OS. */
  port: number;
}

/** A listening server. */
export interface HttpServer {
  /** The port it listens on. */
  readonly port: number;
  /**
   * Stops listening and closes idle connections, then waits for requests
   * under way, at most `graceMs` (default 1 s): after that they are dropped.
   */
  close(graceMs?: number): Promise<void>;
}

/** How long {@linkcode HttpServer.close} waits for requests under way by default. */
const CLOSE_GRACE_MS = 1_000;

function remoteOf(info: Deno.ServeHandlerInfo): string {
  const addr = info.remoteAddr;
  return addr.transport === "tcp" || addr.transport === "udp"
    ? `${addr.hostname}:${addr.port}`
    : addr.transport;
}

/**
 * Starts listening at once (a port that cannot be had throws here) and
 * serves every request with `handler`. A handler that throws answers 500
 * with an empty body; nothing is printed.
 */
export function serveHttp(options: ListenOptions, handler: HttpHandler): HttpServer {
  const server = Deno.serve({
    hostname: options.hostname,
    port: options.port,
    onListen() {},
    onError: () => new Response(null, { status: 500 }),
  }, (request, info) => handler(request, remoteOf(info)));
  const port = server.addr.port;
  return {
    port,
    close: async (graceMs = CLOSE_GRACE_MS) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<void>((resolve) => timer = setTimeout(resolve, graceMs));
      try {
        await Promise.race([server.shutdown(), late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
