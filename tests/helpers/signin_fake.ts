/**
 * A fake of the AWS sign-in federation endpoint (no emulator covers it), for
 * end-to-end tests of `login`. It answers what the documented endpoint
 * answers ("Enable custom identity broker access to the AWS console" in the
 * IAM User Guide):
 *
 * - `GET /federation?Action=getSigninToken&Session=<JSON>`, where the JSON
 *   holds `sessionId`, `sessionKey` and `sessionToken` (temporary credentials)
 *   → 200 with `{"SigninToken":"<token>"}`;
 * - anything else (another path or action, a session that is not that JSON,
 *   long-term keys without a session token) → 400, as the real endpoint
 *   refuses it.
 *
 * Each token holds characters that a URL must escape (`+`, `/`, `=`).
 *
 * @module
 */

/** The temporary credentials a getSigninToken request carried. */
export interface SigninSession {
  sessionId: string;
  sessionKey: string;
  sessionToken: string;
}

/** One getSigninToken request the fake accepted. */
export interface SigninRequest {
  /** The query string as sent, without the `?`. */
  rawQuery: string;
  session: SigninSession;
  /** The token the fake answered with. */
  token: string;
}

/** A running fake sign-in endpoint. */
export interface SigninFake {
  /** `http://127.0.0.1:<port>`: the value for `AWS_ENDPOINT_URL_SIGNIN`. */
  url: string;
  /** The getSigninToken requests accepted so far, oldest first. */
  requests: SigninRequest[];
  /** How many requests arrived, accepted or not. */
  received(): number;
  /** Replaces the answer to the next requests (`undefined`: the normal answer). */
  override(answer: (() => Response) | undefined): void;
  close(): Promise<void>;
}

function badRequest(why: string): Response {
  return new Response(`Bad Request: ${why}`, { status: 400, statusText: "Bad Request" });
}

function parseSession(text: string | null): SigninSession | undefined {
  if (text === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { sessionId, sessionKey, sessionToken } = value as Record<string, unknown>;
  if (typeof sessionId !== "string" || typeof sessionKey !== "string") return undefined;
  if (typeof sessionToken !== "string") return undefined;
  return { sessionId, sessionKey, sessionToken };
}

/** Starts the fake on a free loopback port. */
export function startSigninFake(): SigninFake {
  const requests: SigninRequest[] = [];
  let received = 0;
  let override: (() => Response) | undefined;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, (req) => {
    received++;
    if (override) return override();
    const url = new URL(req.url);
    if (req.method !== "GET" || url.pathname !== "/federation") return badRequest("not found");
    if (url.searchParams.get("Action") !== "getSigninToken") return badRequest("unknown action");
    const session = parseSession(url.searchParams.get("Session"));
    if (!session) return badRequest("Session is not the credentials JSON");
    if (session.sessionToken === "") return badRequest("long-term credentials are refused");
    const token = `fake+signin/token=${requests.length + 1}`;
    requests.push({ rawQuery: url.search.slice(1), session, token });
    return Response.json({ SigninToken: token });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    received: () => received,
    override: (answer) => override = answer,
    close: () => server.shutdown(),
  };
}
