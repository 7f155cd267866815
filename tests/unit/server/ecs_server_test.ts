/**
 * The ECS server's answers as a `Request -> Response` function: the token
 * check, the routes, Go's JSON bodies and headers, the role caches, and the
 * `--debug` request line.
 */

import type { AssumeRoleRequest, AwsTarget, StsApi } from "../../../src/aws/sts.ts";
import type { Credentials } from "../../../src/aws_credentials.ts";
import type { ProfileConfig } from "../../../src/config/profile_config.ts";
import { CredentialsError } from "../../../src/errors.ts";
import type { Logger } from "../../../src/platform/types.ts";
import {
  ecsHandler,
  newAuthToken,
  roleArnOf,
  roleCredentialsSource,
  tokenMatches,
} from "../../../src/server/ecs_server.ts";
import { withRequestLog } from "../../../src/server/http_log.ts";
import { RefreshingCredentials } from "../../../src/server/refreshing_credentials.ts";
import { assert, assertEquals, assertMatch } from "../../helpers/assert.ts";
import { fakeDeps } from "../../helpers/fakes.ts";

const TOKEN = "0123456789abcdefghijABCDEFGHIJ-_0123456789";
const HOUR = 3_600_000;
const SESSION: Credentials = {
  accessKeyId: "ASIAPROFILE",
  secretAccessKey: "se<cr>et",
  sessionToken: "to&ken",
  expiration: new Date("2026-11-23T13:00:00Z"),
};

function handler(options: Partial<Parameters<typeof ecsHandler>[0]> = {}) {
  const { deps } = fakeDeps();
  return ecsHandler({
    token: TOKEN,
    credentials: () => Promise.resolve(SESSION),
    roleCredentials: (arn) => Promise.resolve({ ...SESSION, accessKeyId: `ROLE ${arn}` }),
    clock: deps.clock,
    ...options,
  });
}

function request(path: string, authorization?: string | null): Request {
  const headers = new Headers();
  if (authorization !== null) headers.set("Authorization", authorization ?? TOKEN);
  return new Request(`http://127.0.0.1:4000${path}`, { headers });
}

Deno.test("newAuthToken(): 30 random bytes, base64url without padding", () => {
  const tokens = new Set(Array.from({ length: 50 }, () => newAuthToken()));
  assertEquals(tokens.size, 50);
  for (const token of tokens) assertMatch(token, /^[A-Za-z0-9_-]{40}$/);
});

Deno.test("tokenMatches() accepts only the exact token", () => {
  const expected = new TextEncoder().encode(TOKEN);
  assertEquals(tokenMatches(TOKEN, expected), true);
  for (
    const given of [null, "", TOKEN.slice(0, -1), TOKEN + "0", `Bearer ${TOKEN}`, "x".repeat(40)]
  ) {
    assertEquals(tokenMatches(given, expected), false, String(given));
  }
});

Deno.test("a request without the exact token gets 403 and aws-vault's JSON", async () => {
  const answer = handler();
  for (const authorization of [null, "", `Bearer ${TOKEN}`, TOKEN.toLowerCase()]) {
    const res = await answer(request("/credentials", authorization));
    assertEquals(res.status, 403);
    assertEquals(res.headers.get("content-type"), "application/json; charset=utf-8");
    assertEquals(await res.text(), '{"Message":"invalid Authorization token"}\n');
  }
});

Deno.test("every path but /role-arn/ serves the profile's credentials as Go's JSON", async () => {
  const answer = handler();
  for (const path of ["/credentials", "/", "/role-arn", "/x/role-arn/y", "/credentials?x=1"]) {
    const res = await answer(request(path));
    assertEquals(res.status, 200, path);
    assertEquals(res.headers.get("content-type"), "text/plain; charset=utf-8");
    assertEquals(
      await res.text(),
      '{"AccessKeyId":"ASIAPROFILE","Expiration":"2026-11-23T13:00:00Z",' +
        '"SecretAccessKey":"se\\u003ccr\\u003eet","Token":"to\\u0026ken"}\n',
    );
  }
});

Deno.test("/role-arn/<arn> and /credentials/role-arn/<arn> ask for that role, decoded", async () => {
  const answer = handler();
  const arn = "arn:aws:iam::123456789012:role/a b";
  for (const path of ["/role-arn/", "/credentials/role-arn/"]) {
    const res = await answer(request(path + encodeURIComponent(arn).replaceAll("%3A", ":")));
    assertEquals((await res.json()).AccessKeyId, `ROLE ${arn}`);
  }
  assertEquals(roleArnOf("/role-arn/%E0%A4%A"), "%E0%A4%A");
  assertEquals(roleArnOf("/credentials"), undefined);
});

Deno.test("a failure is a 500 with its message on one line", async () => {
  const answer = handler({
    credentials: () => Promise.reject(new CredentialsError("No way to ask\nfor the code")),
  });
  const res = await answer(request("/"));
  assertEquals(res.status, 500);
  assertEquals(res.headers.get("content-type"), "application/json; charset=utf-8");
  assertEquals(await res.text(), '{"Message":"No way to ask"}\n');
});

Deno.test("credentials that never expire get an Expiration an hour ahead", async () => {
  const { deps } = fakeDeps();
  const answer = handler({
    credentials: () => Promise.resolve({ accessKeyId: "AKIA", secretAccessKey: "s" }),
    clock: deps.clock,
  });
  const body = await (await answer(request("/"))).json();
  assertEquals(body, {
    AccessKeyId: "AKIA",
    Expiration: "2026-11-23T13:00:00Z",
    SecretAccessKey: "s",
    Token: "",
  });
});

/**
 * A profile whose credentials are a session good for an hour, and an STS whose
 * AssumeRole records who called it with what and answers ASIAROLE<n>.
 */
function roleWorld() {
  const { deps, clock } = fakeDeps();
  const calls: [string, AssumeRoleRequest][] = [];
  const sts = (target: AwsTarget): StsApi => ({
    assumeRole: (req) => {
      calls.push([target.credentials?.accessKeyId ?? "", req]);
      return Promise.resolve({
        accessKeyId: `ASIAROLE${calls.length}`,
        secretAccessKey: "r",
        sessionToken: "t",
        expiration: new Date(clock.now().getTime() + HOUR),
      });
    },
  } as StsApi);
  const log: Logger = { enabled: false, debug: () => {} };
  const credentials = new RefreshingCredentials({
    fetch: () =>
      Promise.resolve({ ...SESSION, expiration: new Date(clock.now().getTime() + HOUR) }),
    clock,
    log,
    label: "profile p",
  });
  return { deps, clock, calls, sts, log, credentials };
}

Deno.test("each role ARN gets its own AssumeRole and cache, made with the profile's credentials", async () => {
  const { deps, clock, calls, sts, log, credentials } = roleWorld();
  const config = { profileName: "p", assumeRoleDurationMs: 2 * HOUR } as ProfileConfig;
  const roles = roleCredentialsSource({ deps, log, config, credentials, sts });
  const a1 = await roles("arn:a");
  const a2 = await roles("arn:a");
  const b = await roles("arn:b");
  assertEquals([a1.accessKeyId, a2.accessKeyId, b.accessKeyId], [
    "ASIAROLE1",
    "ASIAROLE1",
    "ASIAROLE2",
  ]);
  assertEquals(calls.map(([caller, req]) => [caller, req.roleArn, req.durationSeconds]), [
    ["ASIAPROFILE", "arn:a", 7200],
    ["ASIAPROFILE", "arn:b", 7200],
  ]);
  // The session name is the time in nanoseconds, as aws-vault names it.
  assertEquals(calls[0][1].roleSessionName, "1795435200000000000");
  assertEquals([calls[0][1].externalId, calls[0][1].serialNumber], [undefined, undefined]);
  clock.advance(50 * 60_000);
  assertEquals((await roles("arn:a")).accessKeyId, "ASIAROLE3");
});

Deno.test("withRequestLog() writes aws-vault's line: no query string, no header", async () => {
  const lines: string[] = [];
  const log: Logger = { enabled: true, debug: (m) => lines.push(m) };
  let t = 10;
  const answer = handler();
  const logged = withRequestLog((req) => answer(req), log, () => (t += 0.1825));
  await logged(request("/role-arn/arn:aws:iam::1:role/r?token=QUERY", "wrong"), "127.0.0.1:5555");
  await logged(request("/"), "127.0.0.1:5556");
  assertEquals(lines, [
    "http: 127.0.0.1:5555: 403 GET /role-arn/arn:aws:iam::1:role/r (182.5\u00b5s)",
    "http: 127.0.0.1:5556: 200 GET / (182.5\u00b5s)",
  ]);
  assert(!lines.join("").includes(TOKEN));
  // Without --debug the handler is left as it is.
  const quiet: Logger = { enabled: false, debug: () => lines.push("x") };
  assertEquals(withRequestLog(answer, quiet), answer);
});

Deno.test("/role-arn/ with role credentials asks for at most an hour (role chaining)", async () => {
  const { deps, calls, sts, log, credentials } = roleWorld();
  for (
    const [roleChaining, ms] of [[true, 2 * HOUR], [true, HOUR / 2], [false, 2 * HOUR]] as const
  ) {
    const config = { profileName: "p", assumeRoleDurationMs: ms } as ProfileConfig;
    await roleCredentialsSource({ deps, log, config, credentials, sts, roleChaining })("arn:a");
  }
  assertEquals(calls.map(([, req]) => req.durationSeconds), [3600, 1800, 7200]);
});
