/**
 * `fetch` that connects straight to one address, whatever the URL's host and
 * the proxy settings of the environment (`HTTP_PROXY`) say. It sends the
 * `Host` header it is given (the global `fetch` replaces it) and returns
 * redirects instead of following them: what a reverse proxy needs to pass a
 * request on unchanged, and what reaches 169.254.169.254 on this machine.
 *
 * @module
 */

/** A fetch bound to one address; close it once done. */
export interface DirectFetch {
  fetch(url: string, init?: RequestInit): Promise<Response>;
  close(): void;
}

/** A {@linkcode DirectFetch} whose connections all go to `hostname:port`. */
export function directFetch(hostname: string, port: number): DirectFetch {
  const client = Deno.createHttpClient({
    allowHost: true,
    proxy: { transport: "tcp", hostname, port },
  });
  return {
    fetch: (url, init = {}) => fetch(url, { ...init, client, redirect: "manual" }),
    close: () => client.close(),
  };
}
