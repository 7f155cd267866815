import type { Credentials } from "../../../src/aws_credentials.ts";
import { ec2MetadataHandler } from "../../../src/server/ec2_server.ts";
import { ImdsTokens } from "../../../src/server/imds_tokens.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { assert, assertEquals } from "../../helpers/assert.ts";
import { FakeClock } from "../../helpers/fakes.ts";

const SESSION: Credentials = {
  accessKeyId: "ASIAEC2SERVERTEST001",
  secretAccessKey: "secret/<&>key",
  sessionToken: "session-token-value",
  expiration: new Date("2026-11-23T13:00:00Z"),
};
const LOCAL = "127.0.0.1:50000";
const BASE = "http://169.254.169.254";

interface World {
  call(path: string, init?: RequestInit & { remote?: string }): Promise<Response>;
  clock: FakeClock;
  lines: string[];
  retrievals: number;
}

async function world(
  source: () => Promise<Credentials> = () => Promise.resolve(SESSION),
): Promise<World> {
  const clock = new FakeClock(new Date("2026-11-23T12:00:00Z"));
  const lines: string[] = [];
  const log: Logger = { enabled: true, debug: (m) => lines.push(m) };
  const w: World = {
    clock,
    lines,
    retrievals: 0,
    call: async (path, init = {}) => {
      const { remote, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has("host")) headers.set("host", "169.254.169.254");
      return await handler(new Request(BASE + path, { ...rest, headers }), remote ?? LOCAL);
    },
  };
  const handler = ec2MetadataHandler({
    credentials: {
      get: () => {
        w.retrievals++;
        return source();
      },
    },
    region: "eu-west-1",
    tokens: await ImdsTokens.create(clock),
    clock,
    log,
  });
  return w;
}

async function answer(response: Response) {
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: await response.text(),
  };
}

const TEXT = "text/plain; charset=utf-8";

Deno.test("the metadata server answers aws-vault's paths with aws-vault's bodies", async () => {
  const w = await world();
  const table: [string, number, string][] = [
    ["/latest/meta-data/iam/security-credentials/", 200, "local-credentials"],
    ["/latest/meta-data/iam/security-credentials/anything/below", 200, "local-credentials"],
    ["/latest/meta-data/instance-id/", 200, "aws-vault"],
    ["/latest/meta-data/iam/info/", 200, `{"Code" : "Success"}`],
    ["/latest/dynamic/instance-identity/document", 200, `{"region": "eu-west-1"}`],
    ["/latest/meta-data/dynamic/instance-identity/document", 404, "404 page not found\n"],
    ["/latest/api/token", 404, "404 page not found\n"],
    ["/", 404, "404 page not found\n"],
  ];
  for (const [path, status, body] of table) {
    assertEquals(await answer(await w.call(path)), { status, type: TEXT, body }, path);
  }
});

Deno.test("the credentials document has sorted keys, Go's escaping and a newline", async () => {
  const w = await world();
  const response = await w.call("/latest/meta-data/iam/security-credentials/local-credentials");
  assertEquals(response.status, 200);
  assertEquals(response.headers.get("content-type"), TEXT);
  assertEquals(
    await response.text(),
    '{"AccessKeyId":"ASIAEC2SERVERTEST001","Code":"Success",' +
      '"Expiration":"2026-11-23T13:00:00Z","LastUpdated":"2026-11-23T12:00:00Z",' +
      '"SecretAccessKey":"secret/\\u003c\\u0026\\u003ekey","Token":"session-token-value",' +
      '"Type":"AWS-HMAC"}\n',
  );
  assert(
    w.lines.includes(
      "Serving credentials via http ****************T001, expiration of 2026-11-23T13:00:00Z (1h0m0s)",
    ),
    w.lines.join("\n"),
  );
  assert(!w.lines.join("\n").includes("secret/"), "no secret in the log");
});

Deno.test("a credential failure is a 504 with the error's text", async () => {
  const w = await world(() => Promise.reject(new Error("Failed to get credentials for p: boom")));
  const response = await w.call("/latest/meta-data/iam/security-credentials/local-credentials");
  assertEquals(await answer(response), {
    status: 504,
    type: TEXT,
    body: "Failed to get credentials for p: boom\n",
  });
  assertEquals(response.headers.get("x-content-type-options"), "nosniff");
});

Deno.test("paths without their slash, and unclean paths, are redirected as Go's ServeMux does", async () => {
  const w = await world();
  const cases: [string, string, string][] = [
    ["GET", "/latest/meta-data/instance-id", "/latest/meta-data/instance-id/"],
    ["GET", "/latest/meta-data/iam/info?x=1", "/latest/meta-data/iam/info/?x=1"],
    [
      "GET",
      "/latest/meta-data/iam/security-credentials",
      "/latest/meta-data/iam/security-credentials/",
    ],
    ["GET", "/latest//meta-data/instance-id/", "/latest/meta-data/instance-id/"],
    ["GET", "//latest/meta-data/instance-id", "/latest/meta-data/instance-id/"],
  ];
  for (const [method, path, location] of cases) {
    const response = await w.call(path, { method });
    assertEquals(response.status, 301, path);
    assertEquals(response.headers.get("location"), location, path);
    assertEquals(response.headers.get("content-type"), "text/html; charset=utf-8", path);
    assertEquals(await response.text(), `<a href="${location}">Moved Permanently</a>.\n\n`, path);
  }
  const post = await w.call("/latest/meta-data/instance-id", { method: "POST" });
  assertEquals([post.status, post.headers.get("location"), await post.text()], [
    301,
    "/latest/meta-data/instance-id/",
    "",
  ]);
});

Deno.test("requests from another machine or for another host are refused with 401", async () => {
  const w = await world();
  const path = "/latest/meta-data/iam/security-credentials/local-credentials";
  const strangers = ["192.168.1.20:1", "169.254.169.254:1", "10.0.0.1:1", "::ffff:10.0.0.1:1"];
  for (const remote of strangers) {
    assertEquals(await answer(await w.call(path, { remote })), {
      status: 401,
      type: TEXT,
      body: "Access denied from non-localhost address\n",
    }, remote);
  }
  for (const remote of ["127.0.0.1:1", "127.8.9.10:1", "::1:1", "[::1]:1", "::ffff:127.0.0.1:1"]) {
    assertEquals((await w.call(path, { remote })).status, 200, remote);
  }
  for (const host of ["evil.example", "169.254.169.254:8080", "127.0.0.1:9099", "localhost"]) {
    assertEquals(await answer(await w.call(path, { headers: { host } })), {
      status: 401,
      type: TEXT,
      body: `Access denied for host '${host}'\n`,
    }, host);
  }
  assertEquals((await w.call(path, { headers: { host: "169.254.169.254:80" } })).status, 200);
  assertEquals(w.retrievals, 6, "refused requests never reach the credentials");
});

async function token(w: World, ttl = "21600", headers: HeadersInit = {}): Promise<Response> {
  return await w.call("/latest/api/token", {
    method: "PUT",
    headers: { "x-aws-ec2-metadata-token-ttl-seconds": ttl, ...headers },
  });
}

Deno.test("PUT /latest/api/token issues a token that later requests may carry", async () => {
  const w = await world();
  const issued = await token(w, "300");
  assertEquals(issued.status, 200);
  assertEquals(issued.headers.get("content-type"), TEXT);
  assertEquals(issued.headers.get("x-aws-ec2-metadata-token-ttl-seconds"), "300");
  const value = await issued.text();
  assert(/^[A-Za-z0-9_-]{40,}$/.test(value), value);
  assertEquals(await (await token(w)).text() === value, false, "every token is new");
  const creds = await w.call("/latest/meta-data/iam/security-credentials/local-credentials", {
    headers: { "x-aws-ec2-metadata-token": value },
  });
  assertEquals(creds.status, 200);
  assertEquals(JSON.parse(await creds.text()).AccessKeyId, SESSION.accessKeyId);
  assert(!w.lines.join("\n").includes(value), "the token is not logged");
});

Deno.test("a token lives for its TTL only", async () => {
  const w = await world();
  const value = await (await token(w, "60")).text();
  const path = "/latest/meta-data/instance-id/";
  const headers = { "x-aws-ec2-metadata-token": value };
  w.clock.advance(59_999);
  assertEquals((await w.call(path, { headers })).status, 200);
  w.clock.advance(1);
  assertEquals(await answer(await w.call(path, { headers })), {
    status: 401,
    type: TEXT,
    body: "Invalid or expired X-aws-ec2-metadata-token\n",
  });
});

Deno.test("a request with a token that is not one of ours is refused with 401", async () => {
  const w = await world();
  const other = await world();
  const theirs = await (await token(other)).text();
  const ours = await (await token(w)).text();
  const tampered = (ours[0] === "A" ? "B" : "A") + ours.slice(1);
  const path = "/latest/meta-data/iam/security-credentials/local-credentials";
  for (const bad of [theirs, tampered, "", "not a token", ours + "A", ours.slice(0, -1)]) {
    const response = await w.call(path, { headers: { "x-aws-ec2-metadata-token": bad } });
    assertEquals(response.status, 401, bad);
    await response.body?.cancel();
  }
  assertEquals(w.retrievals, 0);
  assertEquals((await w.call(path)).status, 200, "a request without a token is answered");
});

Deno.test("a token TTL must be whole seconds from 1 to 21600", async () => {
  const w = await world();
  for (const ttl of ["1", "21600", "00042"]) assertEquals((await token(w, ttl)).status, 200, ttl);
  for (const ttl of ["0", "21601", "-5", "1.5", "abc", "", "6 0", "100000"]) {
    assertEquals(await answer(await token(w, ttl)), {
      status: 400,
      type: TEXT,
      body: `Invalid X-aws-ec2-metadata-token-ttl-seconds header ${
        JSON.stringify(ttl)
      }: expected whole seconds from 1 to 21600\n`,
    }, ttl);
  }
  const missing = await w.call("/latest/api/token", { method: "PUT" });
  assertEquals(await answer(missing), {
    status: 400,
    type: TEXT,
    body: "Missing X-aws-ec2-metadata-token-ttl-seconds header\n",
  });
});

Deno.test("a PUT that carries X-Forwarded-For is refused with 403", async () => {
  const w = await world();
  const refused = await token(w, "60", { "x-forwarded-for": "203.0.113.9" });
  assertEquals(await answer(refused), {
    status: 403,
    type: TEXT,
    body: "PUT requests with an X-Forwarded-For header are refused\n",
  });
  const get = await w.call("/latest/meta-data/instance-id/", {
    headers: { "x-forwarded-for": "127.0.0.1" },
  });
  assertEquals(get.status, 200, "a GET is answered as aws-vault does");
  await get.body?.cancel();
});

Deno.test("every request is logged in aws-vault's shape", async () => {
  const w = await world();
  await (await w.call("/latest/meta-data/instance-id/?a=b")).body?.cancel();
  await (await w.call("/nowhere", { headers: { host: "evil" } })).body?.cancel();
  assertEquals(w.lines.length, 2);
  assert(
    /^http: 127\.0\.0\.1:50000: 200 GET \/latest\/meta-data\/instance-id\/ \([0-9.]+(ns|µs|ms|s)\)$/
      .test(w.lines[0]),
    w.lines[0],
  );
  assert(/^http: 127\.0\.0\.1:50000: 401 GET \/nowhere \(/.test(w.lines[1]), w.lines[1]);
});
