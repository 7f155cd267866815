import { ListenError, serveHttp } from "../../../src/platform/http_server.ts";
import { directFetch } from "../../../src/platform/direct_fetch.ts";
import { acceptsTcp } from "../../../src/platform/tcp_probe.ts";
import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";

Deno.test("serveHttp() passes each request with the client's address, and refuses a taken port", async () => {
  const server = serveHttp(
    "127.0.0.1",
    0,
    (request, peer) =>
      new Response(`${request.method} ${request.headers.get("host")} ${peer.hostname}`),
  );
  const http = directFetch("127.0.0.1", server.port);
  try {
    const answer = await http.fetch("http://169.254.169.254/x", { method: "PUT" });
    assertEquals(await answer.text(), "PUT 169.254.169.254 127.0.0.1");
    assertEquals(await acceptsTcp("127.0.0.1", server.port, 1_000), true);
    const error = await assertRejects(
      () => Promise.resolve().then(() => serveHttp("127.0.0.1", server.port, () => new Response())),
      ListenError,
    );
    assertEquals(
      error.message,
      `Cannot listen on 127.0.0.1:${server.port}: address already in use`,
    );
  } finally {
    http.close();
    await server.shutdown();
  }
  assertEquals(await acceptsTcp("127.0.0.1", server.port, 1_000), false);
});

Deno.test("serveHttp() answers a handler that throws with a bare 500", async () => {
  const server = serveHttp("127.0.0.1", 0, () => {
    throw new Error("secret-value");
  });
  const http = directFetch("127.0.0.1", server.port);
  try {
    const answer = await http.fetch("http://127.0.0.1/");
    const body = await answer.text();
    assertEquals(answer.status, 500);
    assert(!body.includes("secret-value"), body);
  } finally {
    http.close();
    await server.shutdown();
  }
});
