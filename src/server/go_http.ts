/**
 * Answers shaped as Go's `net/http` gives them, and request routing with the
 * rules of Go's `ServeMux` (as of Go 1.20, which aws-vault v7.2.0 is built
 * with), so that the metadata server answers byte for byte as aws-vault's:
 *
 * - a pattern ending in `/` matches its whole subtree, other patterns their
 *   exact path, and the longest matching pattern wins;
 * - a path whose subtree pattern exists but not itself (`/a/b` for `/a/b/`)
 *   is redirected (301) to the pattern, keeping the query;
 * - a path that is not clean (`//`, `.`, `..`) is redirected to its clean form;
 * - anything else is `404 page not found`.
 *
 * @module
 */

const PLAIN_TEXT = "text/plain; charset=utf-8";

/** What Go's `fmt.Fprintf(w, body)` answers: the body as plain text (Go sniffs it so). */
export function textResponse(body: string): Response {
  return new Response(body, { status: 200, headers: { "content-type": PLAIN_TEXT } });
}

/** Go's `http.Error`: the message and a newline as plain text that browsers must not sniff. */
export function httpError(message: string, status: number): Response {
  return new Response(message + "\n", {
    status,
    headers: { "content-type": PLAIN_TEXT, "x-content-type-options": "nosniff" },
  });
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&#34;",
  "'": "&#39;",
};

/** Go's `http.Redirect` with 301: a link to the target for GET, the bare redirect otherwise. */
function movedPermanently(location: string, method: string): Response {
  const headers: Record<string, string> = { location };
  if (method !== "GET" && method !== "HEAD") return new Response(null, { status: 301, headers });
  headers["content-type"] = "text/html; charset=utf-8";
  const href = location.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
  const body = method === "GET" ? `<a href="${href}">Moved Permanently</a>.\n\n` : null;
  return new Response(body, { status: 301, headers });
}

/** Go's `path.Clean` of an absolute path: no empty, `.` or `..` segments. */
function cleanSegments(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return "/" + out.join("/");
}

/** Go's `cleanPath`: the clean form of a request path, keeping a trailing slash. */
export function cleanPath(path: string): string {
  const absolute = path.startsWith("/") ? path : "/" + path;
  const clean = cleanSegments(absolute);
  return absolute.endsWith("/") && clean !== "/" ? clean + "/" : clean;
}

/** A path escaped as Go's `url.URL.String()` escapes one. */
function escapePath(path: string): string {
  return encodeURIComponent(path)
    .replace(/[!'()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(
      /%(24|26|2B|2C|2F|3A|3B|3D|40)/g,
      (_, hex: string) => String.fromCharCode(parseInt(hex, 16)),
    );
}

/** Answers a request routed to it. */
export type RouteHandler = (request: Request) => Response | Promise<Response>;

/** A router with Go `ServeMux` rules over `routes` (pattern to handler). */
export function serveMux(
  routes: Readonly<Record<string, RouteHandler>>,
): (request: Request) => Promise<Response> {
  const patterns = Object.keys(routes);
  const subtrees = patterns.filter((p) => p.endsWith("/")).sort((a, b) => b.length - a.length);
  return async (request) => {
    const url = new URL(request.url);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return new Response("400 Bad Request", {
        status: 400,
        headers: { "content-type": PLAIN_TEXT },
      });
    }
    const clean = cleanPath(path);
    if (!Object.hasOwn(routes, clean) && Object.hasOwn(routes, clean + "/")) {
      return movedPermanently(escapePath(clean + "/") + url.search, request.method);
    }
    if (clean !== path) return movedPermanently(escapePath(clean) + url.search, request.method);
    const pattern = Object.hasOwn(routes, path) ? path : subtrees.find((p) => path.startsWith(p));
    if (pattern === undefined) return httpError("404 page not found", 404);
    return await routes[pattern](request);
  };
}
