/**
 * The HTTP transport the AWS SDK clients use: Deno's own `fetch`, with each
 * answer read whole but never past {@linkcode MAX_ANSWER_BYTES} and never
 * past the call's abort signal (the call's time limit). STS and IAM answers
 * are a few kilobytes; without the cap, an endpoint that streams without end
 * fills memory until the process dies, and a stalled body outlives the limit.
 *
 * It implements the SDK's `requestHandler` interface (`handle(request,
 * { abortSignal })` resolving to `{ response }`) and is loaded only on calls
 * to AWS, with the SDK.
 *
 * @module
 */

import { redactUrls } from "../redact_url.ts";

/** The most an AWS answer may hold: STS and IAM answers are a few KB. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Thrown when an answer is larger than the cap; the name is what `aws_call.ts` looks for. */
export class AnswerTooLargeError extends Error {
  override readonly name = "AnswerTooLargeError";
  constructor(limit: number) {
    super(`the answer is larger than ${limit} bytes`);
  }
}

/** The parts of the SDK's `HttpRequest` the transport reads. */
export interface SdkHttpRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query?: Record<string, string | string[] | null | undefined>;
  headers: Record<string, string>;
  /** A string for the query protocols STS and IAM use. */
  body?: BodyInit | null;
  username?: string;
  password?: string;
}

/** What the transport gives the SDK: a response whose body is already read. */
export interface SdkHttpResponse {
  statusCode: number;
  reason: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

function requestUrl(req: SdkHttpRequest): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v ?? "");
  }
  const query = params.size > 0 ? `?${params}` : "";
  const port = req.port ? `:${req.port}` : "";
  return `${req.protocol}//${req.hostname}${port}${req.path}${query}`;
}

function requestHeaders(req: SdkHttpRequest): Headers {
  const headers = new Headers(req.headers);
  // As Node's http client does with URL credentials: basic auth only for unsigned calls.
  if ((req.username || req.password) && !headers.has("authorization")) {
    headers.set("authorization", `Basic ${btoa(`${req.username ?? ""}:${req.password ?? ""}`)}`);
  }
  return headers;
}

/** A network failure as one readable line: Deno's detail without the URL it repeats. */
function networkError(error: unknown): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const text = cause instanceof Error ? cause.message : String(cause);
  const detail = text.replace(/^error sending request for url \([^)]*\): /, "");
  // The SDK retries errors marked retryable, as it did connection errors before.
  return Object.assign(new Error(redactUrls(detail)), { $retryable: {} });
}

/** Reads `body` whole, failing past `limit` bytes or when `signal` aborts. */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  limit: number,
  signal?: AbortSignal,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const onAbort = () => reader.cancel(signal?.reason).catch(() => {});
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (true) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new AnswerTooLargeError(limit);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The SDK `requestHandler` on `fetch`. */
export class BoundedFetchHandler {
  readonly metadata = { handlerProtocol: "http/1.1" };
  readonly #limit: number;

  constructor(options: { maxBytes?: number } = {}) {
    this.#limit = options.maxBytes ?? MAX_ANSWER_BYTES;
  }

  /** Sends `req` and reads its answer whole (within the cap). */
  async handle(
    req: SdkHttpRequest,
    options: { abortSignal?: unknown } = {},
  ): Promise<{ response: SdkHttpResponse }> {
    // The SDK's type also allows its own signal shape; the calls we make pass a real one.
    const signal = options.abortSignal instanceof AbortSignal ? options.abortSignal : undefined;
    signal?.throwIfAborted();
    let res: Response;
    try {
      res = await fetch(requestUrl(req), {
        method: req.method,
        headers: requestHeaders(req),
        body: req.method === "GET" || req.method === "HEAD" ? undefined : req.body,
        // The SDK's own transport does not follow redirects either: a signed request cannot.
        redirect: "manual",
        signal,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw networkError(error);
    }
    const declared = Number(res.headers.get("content-length") ?? "0");
    if (declared > this.#limit) {
      await res.body?.cancel().catch(() => {});
      throw new AnswerTooLargeError(this.#limit);
    }
    const body = await readBounded(res.body, this.#limit, signal);
    return {
      response: {
        statusCode: res.status,
        reason: res.statusText,
        headers: Object.fromEntries(res.headers),
        body,
      },
    };
  }

  /** The SDK calls these on every handler; this one has no settings to change. */
  updateHttpClientConfig(): void {}
  httpHandlerConfigs(): Record<string, never> {
    return {};
  }
  destroy(): void {}
}
