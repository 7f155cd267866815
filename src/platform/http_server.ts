/**
 * A local HTTP server on `Deno.serve`, for the credential servers and the EC2
 * proxy: their handlers are plain `Request -> Response` functions, given the
 * client's address and tested without a socket; this is the only place that
 * listens.
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

/** Thrown by {@linkcode serveHttp} when the address cannot be bound. */
export class ListenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ListenError";
  }
}

function bindFailure(error: unknown): string {
  if (error instanceof Deno.errors.AddrInUse) return "address already in use";
  if (error instanceof Deno.errors.AddrNotAvailable) return "address not available";
  if (error instanceof Deno.errors.PermissionDenied) return "permission denied";
  return error instanceof Error ? error.message : String(error);
}

function remoteOf(info: Deno.ServeHandlerInfo): string {
  const addr = info.remoteAddr;
  return addr.transport === "tcp" || addr.transport === "udp"
    ? `${addr.hostname}:${addr.port}`
    : addr.transport;
}

/**
 * Starts listening at once and serves every request with `handler`. An
 * address that cannot be had throws {@linkcode ListenError}. A handler that
 * throws answers 500 with an empty body (its error could quote anything, a
 * secret included); nothing is printed.
 */
export function serveHttp(options: ListenOptions, handler: HttpHandler): HttpServer {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname: options.hostname,
      port: options.port,
      onListen() {},
      onError: () => new Response(null, { status: 500 }),
    }, (request, info) => handler(request, remoteOf(info)));
  } catch (error) {
    const where = `${options.hostname}:${options.port}`;
    throw new ListenError(`Cannot listen on ${where}: ${bindFailure(error)}`, { cause: error });
  }
  return {
    port: server.addr.port,
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
