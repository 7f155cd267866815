import { ListenError, serveHttp } from "../../../src/platform/http_server.ts";
import { directFetch } from "../../../src/platform/direct_fetch.ts";
import { acceptsTcp } from "../../../src/platform/tcp_probe.ts";
import { assert, assertEquals, assertMatch, assertRejects } from "../../helpers/assert.ts";

Deno.test("serveHttp() passes each request with the client's address, and refuses a taken port", async () => {
  const server = serveHttp(
    { hostname: "127.0.0.1", port: 0 },
    (request, remote) =>
      Promise.resolve(new Response(`${request.method} ${request.headers.get("host")} ${remote}`)),
  );
  const http = directFetch("127.0.0.1", server.port);
  try {
    const answer = await http.fetch("http://169.254.169.254/x", { method: "PUT" });
    assertMatch(await answer.text(), /^PUT 169\.254\.169\.254 127\.0\.0\.1:\d+$/);
    assertEquals(await acceptsTcp("127.0.0.1", server.port, 1_000), true);
    const error = await assertRejects(
      () =>
        Promise.resolve().then(() =>
          serveHttp(
            { hostname: "127.0.0.1", port: server.port },
            () => Promise.resolve(new Response()),
          )
        ),
      ListenError,
    );
    assertEquals(
      error.message,
      `Cannot listen on 127.0.0.1:${server.port}: address already in use`,
    );
  } finally {
    http.close();
    await server.close();
  }
  assertEquals(await acceptsTcp("127.0.0.1", server.port, 1_000), false);
});

Deno.test("serveHttp() answers a handler that throws with a bare 500", async () => {
  const server = serveHttp({ hostname: "127.0.0.1", port: 0 }, () => {
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
    await server.close();
  }
});
