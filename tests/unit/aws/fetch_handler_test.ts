/**
 * The SDK's HTTP transport: answers read whole within a size cap and within
 * the call's abort signal; requests sent as the SDK describes them.
 */

import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import {
  AnswerTooLargeError,
  BoundedFetchHandler,
  readBounded,
} from "../../../src/aws/fetch_handler.ts";
import { startStandIn } from "../../helpers/sts_stand_in.ts";

function stream(chunks: number, size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent++ < chunks) c.enqueue(new Uint8Array(size));
      else c.close();
    },
  });
}

Deno.test("readBounded() reads a body whole up to the limit", async () => {
  assertEquals((await readBounded(stream(4, 256), 1024)).byteLength, 1024);
  assertEquals((await readBounded(null, 1024)).byteLength, 0);
});

Deno.test("readBounded() stops one chunk past the limit of an endless body", async () => {
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(c) {
      pulled++;
      c.enqueue(new Uint8Array(1024));
    },
  });
  await assertRejects(() => readBounded(endless, 10 * 1024), AnswerTooLargeError);
  assert(pulled <= 12, `pulled ${pulled} chunks`);
});

Deno.test("readBounded() ends when the signal aborts, even if the body stalls", async () => {
  const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new Uint8Array(1)) });
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException("late", "AbortError")), 30);
  const e = await assertRejects(() => readBounded(stalled, 1024, controller.signal));
  assertEquals(e.name, "AbortError");
});

Deno.test("BoundedFetchHandler sends the SDK's request and returns the answer read", async () => {
  let seen: { method: string; url: string; body: string; auth: string | null } | undefined;
  const server = startStandIn((req, body) => {
    seen = {
      method: req.method,
      url: new URL(req.url).pathname + new URL(req.url).search,
      body,
      auth: req.headers.get("authorization"),
    };
    return new Response("<ok/>", { status: 200, headers: { "x-amzn-requestid": "r-1" } });
  });
  try {
    const { response } = await new BoundedFetchHandler().handle({
      method: "POST",
      protocol: "http:",
      hostname: "127.0.0.1",
      port: server.port,
      path: "/",
      query: { a: "1", b: ["2", "3"] },
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4 x" },
      body: "Action=GetSessionToken",
      username: "u",
      password: "p",
    });
    assertEquals(response.statusCode, 200);
    assertEquals(new TextDecoder().decode(response.body), "<ok/>");
    assertEquals(response.headers["x-amzn-requestid"], "r-1");
    assertEquals(seen?.method, "POST");
    assertEquals(seen?.url, "/?a=1&b=2&b=3");
    assertEquals(seen?.body, "Action=GetSessionToken");
    // The signed request keeps its own authorization; URL credentials are not added to it.
    assertEquals(seen?.auth, "AWS4 x");
  } finally {
    await server.close();
  }
});

Deno.test("BoundedFetchHandler refuses an answer that declares more than the cap", async () => {
  const server = startStandIn(() => new Response(new Uint8Array(2048)));
  try {
    await assertRejects(
      () =>
        new BoundedFetchHandler({ maxBytes: 1024 }).handle({
          method: "GET",
          protocol: "http:",
          hostname: "127.0.0.1",
          port: server.port,
          path: "/",
          headers: {},
        }),
      AnswerTooLargeError,
    );
  } finally {
    await server.close();
  }
});

Deno.test("BoundedFetchHandler reports a refused connection in one retryable line", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (closed.addr as Deno.NetAddr).port;
  closed.close();
  const e = await assertRejects(() =>
    new BoundedFetchHandler().handle({
      method: "GET",
      protocol: "http:",
      hostname: "127.0.0.1",
      port,
      path: "/",
      headers: {},
    })
  );
  assertEquals(e.message.includes("\n") || e.message.includes("http://"), false, e.message);
  assert(/refused/i.test(e.message), e.message);
  assertEquals("$retryable" in e, true);
});
