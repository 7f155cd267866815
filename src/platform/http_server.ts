/**
 * A small HTTP server for the credential servers: it binds one address,
 * passes each request to a handler together with the address of the client
 * that sent it, and stops on request. The handlers themselves are plain
 * `Request -> Response` functions that tests call directly.
 *
 * @module
 */

/** The client at the other end of a connection. */
export interface Peer {
  /** Its IP address, e.g. `127.0.0.1` or `::1`. */
  hostname: string;
  port: number;
}

/** Answers one request from `peer`. */
export type PeerHandler = (request: Request, peer: Peer) => Response | Promise<Response>;

/** A server that is listening. */
export interface HttpServer {
  /** The address it listens on (the port is the one chosen when 0 was asked). */
  readonly hostname: string;
  readonly port: number;
  /** Stops accepting connections and resolves once the requests under way are answered. */
  shutdown(): Promise<void>;
}

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

/**
 * Listens on `hostname:port` and serves `handler`. Throws {@linkcode ListenError}
 * when the address is taken, missing or not ours to bind.
 */
export function serveHttp(hostname: string, port: number, handler: PeerHandler): HttpServer {
  let server: Deno.HttpServer<Deno.NetAddr>;
  try {
    server = Deno.serve({
      hostname,
      port,
      onListen() {},
      // A handler that throws gets a bare 500: its error could quote anything, a secret included.
      onError: () => new Response("Internal Server Error\n", { status: 500 }),
    }, (request, info) => handler(request, info.remoteAddr));
  } catch (error) {
    throw new ListenError(`Cannot listen on ${hostname}:${port}: ${bindFailure(error)}`, {
      cause: error,
    });
  }
  return { hostname, port: server.addr.port, shutdown: () => server.shutdown() };
}
