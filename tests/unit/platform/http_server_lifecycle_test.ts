/**
 * serveHttp(): a real socket on 127.0.0.1, the client's address passed to
 * the handler, a 500 for a handler that throws, and close() that stops
 * listening without waiting for ever on a request under way.
 */

import { serveHttp } from "../../../src/platform/http_server.ts";
import { assert, assertEquals, assertMatch } from "../../helpers/assert.ts";

async function refused(url: string): Promise<boolean> {
  try {
    const res = await fetch(url);
    await res.body?.cancel();
    return false;
  } catch {
    return true;
  }
}

Deno.test("serveHttp() answers on a free port with the client's address, until closed", async () => {
  const server = serveHttp({ hostname: "127.0.0.1", port: 0 }, (req, remote) => {
    if (new URL(req.url).pathname === "/boom") throw new Error("a bug");
    return Promise.resolve(new Response(remote));
  });
  const url = `http://127.0.0.1:${server.port}`;
  assert(server.port > 0);
  const res = await fetch(`${url}/`);
  assertMatch(await res.text(), /^127\.0\.0\.1:\d+$/);
  const boom = await fetch(`${url}/boom`);
  assertEquals([boom.status, await boom.text()], [500, ""]);
  await server.close();
  assertEquals(await refused(url), true);
});

Deno.test("close() waits for a request under way at most the grace period", async () => {
  let release = () => {};
  const gate = new Promise<void>((resolve) => release = resolve);
  let entered = () => {};
  const inHandler = new Promise<void>((resolve) => entered = resolve);
  const server = serveHttp({ hostname: "127.0.0.1", port: 0 }, async () => {
    entered();
    await gate;
    return new Response("late");
  });
  const url = `http://127.0.0.1:${server.port}`;
  const pending = fetch(url).then((r) => r.text()).catch(() => "");
  await inHandler;
  const start = performance.now();
  await server.close(50);
  assert(performance.now() - start < 5_000, "close() came back");
  assertEquals(await refused(url), true);
  release();
  await pending;
});
