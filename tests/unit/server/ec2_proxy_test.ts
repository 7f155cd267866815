/**
 * The proxy's handler over real HTTP on 127.0.0.1: what reaches the metadata
 * server, what comes back, `/stop`, and its guard.
 */
import { type DirectFetch, directFetch } from "../../../src/platform/direct_fetch.ts";
import { type HttpHandler, type HttpServer, serveHttp } from "../../../src/platform/http_server.ts";
import { ec2ProxyHandler } from "../../../src/server/ec2_proxy.ts";
import { ec2MetadataHandler } from "../../../src/server/ec2_server.ts";
import { ImdsTokens } from "../../../src/server/imds_tokens.ts";
import { assertEquals } from "../../helpers/assert.ts";
import { FakeClock } from "../../helpers/fakes.ts";

interface Seen {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  peer: string;
}

/** Runs `fn` with a proxy on 127.0.0.1 in front of `upstream` (also on 127.0.0.1). */
async function withProxy(
  upstream: HttpHandler,
  fn: (
    client: (path: string, init?: RequestInit) => Promise<Response>,
    stops: () => number,
  ) => Promise<void>,
): Promise<void> {
  const servers: HttpServer[] = [];
  const clients: DirectFetch[] = [];
  let stops = 0;
  try {
    const up = serveHttp({ hostname: "127.0.0.1", port: 0 }, upstream);
    servers.push(up);
    const relay = directFetch("127.0.0.1", up.port);
    clients.push(relay);
    const proxy = serveHttp(
      { hostname: "127.0.0.1", port: 0 },
      ec2ProxyHandler({ upstream: relay.fetch, onStop: () => stops++ }),
    );
    servers.push(proxy);
    const client = directFetch("127.0.0.1", proxy.port);
    clients.push(client);
    await fn((path, init) => client.fetch(`http://169.254.169.254${path}`, init), () => stops);
  } finally {
    for (const server of servers) await server.close();
    for (const c of clients) c.close();
  }
}

function recorder(seen: Seen[]) {
  return async (request: Request, remote: string) => {
    seen.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      body: await request.text(),
      peer: remote.slice(0, remote.lastIndexOf(":")),
    });
    return new Response("from upstream", {
      status: 301,
      headers: { location: "/elsewhere/", "x-upstream": "yes", "keep-alive": "timeout=5" },
    });
  };
}

Deno.test("the proxy passes requests on unchanged and adds no X-Forwarded-For", async () => {
  const seen: Seen[] = [];
  await withProxy(recorder(seen), async (client) => {
    const answer = await client("/latest/api/token?x=1", {
      method: "PUT",
      headers: {
        host: "169.254.169.254:80",
        "x-aws-ec2-metadata-token-ttl-seconds": "21600",
        "x-aws-ec2-metadata-token": "tok",
        "x-custom": "kept",
        connection: "keep-alive, x-drop",
        "x-drop": "hop",
      },
      body: "payload",
    });
    assertEquals(answer.status, 301, "redirects are passed back, not followed");
    assertEquals(answer.headers.get("location"), "/elsewhere/");
    assertEquals(answer.headers.get("x-upstream"), "yes");
    assertEquals(answer.headers.get("keep-alive"), null);
    assertEquals(await answer.text(), "from upstream");
  });
  assertEquals(seen.length, 1);
  const got = seen[0];
  assertEquals([got.method, got.url, got.body, got.peer], [
    "PUT",
    "http://169.254.169.254/latest/api/token?x=1",
    "payload",
    "127.0.0.1",
  ]);
  assertEquals(got.headers["host"], "169.254.169.254:80");
  assertEquals(got.headers["x-aws-ec2-metadata-token-ttl-seconds"], "21600");
  assertEquals(got.headers["x-aws-ec2-metadata-token"], "tok");
  assertEquals(got.headers["x-custom"], "kept");
  assertEquals(got.headers["x-drop"], undefined, "headers named by Connection are dropped");
  assertEquals(got.headers["x-forwarded-for"], undefined);
});

Deno.test("the proxy keeps a client's X-Forwarded-For, so the server can refuse its PUT", async () => {
  const seen: Seen[] = [];
  await withProxy(recorder(seen), async (client) => {
    await (await client("/x", { headers: { "x-forwarded-for": "203.0.113.7" } })).body?.cancel();
  });
  assertEquals(seen[0].headers["x-forwarded-for"], "203.0.113.7");
});

Deno.test("IMDSv2 works through the proxy in front of the metadata server", async () => {
  const clock = new FakeClock();
  const metadata = ec2MetadataHandler({
    credentials: {
      get: () => Promise.resolve({ accessKeyId: "ASIAPROXIED000000001", secretAccessKey: "s" }),
    },
    region: "us-east-2",
    tokens: await ImdsTokens.create(clock),
    clock,
    log: { enabled: false, debug: () => {} },
  });
  await withProxy(metadata, async (client) => {
    const issued = await client("/latest/api/token", {
      method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": "21600" },
    });
    assertEquals(issued.status, 200);
    const token = await issued.text();
    const headers = { "x-aws-ec2-metadata-token": token };
    const list = await client("/latest/meta-data/iam/security-credentials/", { headers });
    assertEquals([list.status, await list.text()], [200, "local-credentials"]);
    const creds = await client("/latest/meta-data/iam/security-credentials/local-credentials", {
      headers,
    });
    assertEquals(JSON.parse(await creds.text()).AccessKeyId, "ASIAPROXIED000000001");
    const redirected = await client("/latest/meta-data/instance-id", { headers });
    assertEquals(redirected.status, 301);
    await redirected.body?.cancel();
    const forwarded = await client("/latest/api/token", {
      method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": "60", "x-forwarded-for": "10.1.2.3" },
    });
    assertEquals(forwarded.status, 403);
    await forwarded.body?.cancel();
    const bad = await client("/latest/meta-data/instance-id/", {
      headers: { "x-aws-ec2-metadata-token": token.slice(1) },
    });
    assertEquals(bad.status, 401);
    await bad.body?.cancel();
  });
});

Deno.test("GET /stop is answered 200 and tells the proxy to stop", async () => {
  await withProxy(recorder([]), async (client, stops) => {
    const answer = await client("/stop");
    assertEquals([answer.status, await answer.text(), stops()], [200, "", 1]);
  });
});

Deno.test("the proxy refuses other machines and other hosts, and says 502 when nothing is behind it", async () => {
  const seen: Seen[] = [];
  const proxy = ec2ProxyHandler({
    upstream: () => Promise.reject(new TypeError("connection refused")),
    onStop: () => seen.push({} as Seen),
  });
  const request = (host: string) =>
    new Request("http://169.254.169.254/stop", { headers: { host } });
  const neighbour = await proxy(request("169.254.169.254"), "192.168.1.5:1");
  assertEquals(
    [neighbour.status, await neighbour.text()],
    [401, "Access denied from non-localhost address\n"],
  );
  const rebound = await proxy(request("evil.example"), "127.0.0.1:1");
  assertEquals([rebound.status, await rebound.text()], [
    401,
    "Access denied for host 'evil.example'\n",
  ]);
  assertEquals(seen.length, 0, "a refused /stop does not stop the proxy");
  const local = "169.254.169.254:1";
  const get = new Request("http://169.254.169.254/latest/", {
    headers: { host: "169.254.169.254" },
  });
  assertEquals((await proxy(get, local)).status, 502, "a client of the alias address is local");
});
