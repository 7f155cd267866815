/**
 * `exec --ecs-server` (`--server`, `-s`) end to end against moto: the AWS CLI
 * as the client, the token check, `/role-arn/`, `--lazy`, refresh with one
 * STS call for many requests, the server's life tied to the child's, and the
 * child's exit status.
 */

import { assert, assertEquals, assertMatch, assertStringIncludes } from "../helpers/assert.ts";
import { type CliResult, type RunningCli, sandboxTest } from "../helpers/cli.ts";
import {
  JON_CONFIG,
  JON_MFA,
  type Moto,
  motoTest,
  type StsSandbox,
  stsSandbox,
} from "../helpers/moto.ts";

const MFA = JON_MFA;
const CONFIG = `${JON_CONFIG}
[profile jon-role]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/JonRole
duration_seconds = 7200
`;

/** The child: says where the server is, then exits with the status written to the FIFO `$1`. */
const WAITING_CHILD = 'printf "serving %s %s .\\n" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" ' +
  '"$AWS_CONTAINER_AUTHORIZATION_TOKEN" >&2; read code < "$1"; exit "$code"';

/** An `exec --server` run whose child waits for the test. */
interface Serving {
  uri: string;
  token: string;
  running: RunningCli;
  /** Makes the child exit with `code`; resolves with the run's outcome. */
  finish(code: number): Promise<CliResult>;
}

async function serving(w: StsSandbox, args: string[]): Promise<Serving> {
  const fifo = `${w.sandbox.root}/child-${crypto.randomUUID()}`;
  await new Deno.Command("mkfifo", { args: [fifo] }).output();
  const running = w.sandbox.start(
    ["exec", ...args, "--", "sh", "-c", WAITING_CHILD, "sh", fifo],
    { env: w.env },
  );
  await running.stderrIncludes(" .\n");
  const found = / *serving (\S+) (\S+) \.\n/.exec(running.stderrText());
  if (!found) {
    throw new Error(`the child did not start: ${await running.result.then((r) => r.stderr)}`);
  }
  return {
    uri: found[1],
    token: found[2],
    running,
    finish: async (code) => {
      await Deno.writeTextFile(fifo, `${code}\n`);
      return await running.result;
    },
  };
}

interface Answer {
  status: number;
  contentType: string | null;
  text: string;
  json: Record<string, string>;
}

async function ask(url: string, authorization?: string): Promise<Answer> {
  const headers: Record<string, string> = authorization === undefined
    ? {}
    : { Authorization: authorization };
  const res = await fetch(url, { headers });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get("content-type"),
    text,
    json: JSON.parse(text),
  };
}

async function stsActions(moto: Moto): Promise<string[]> {
  return (await moto.stsCalls()).map((c) => c.action);
}

/** Waits until the wall clock passes `ms` since the epoch (credentials expire in real time). */
async function waitUntil(ms: number): Promise<void> {
  const wait = ms - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}

motoTest("exec --ecs-server serves credentials to the command", async (t, moto) => {
  const w = await stsSandbox(moto, CONFIG, ["jon", "jon-mfa"]);
  try {
    await t.step("the AWS CLI signs with the server's session credentials", async () => {
      await moto.resetRequests();
      const r = await w.run(["exec", "--server", "jon", "--", "aws", "sts", "get-caller-identity"]);
      assertEquals(r.code, 0, r.stderr);
      assert(JSON.parse(r.stdout).Arn, r.stdout);
      const calls = await moto.stsCalls();
      assertEquals(calls.map((c) => c.action), ["GetSessionToken", "GetCallerIdentity"]);
      const session = await w.run(["export", "--format=json", "jon"]);
      assertEquals(calls[1].accessKeyId, JSON.parse(session.stdout).AccessKeyId);
      assert(calls[1].accessKeyId !== w.keys.jon.accessKeyId, "signed with the stored key");
    });

    await t.step(
      "the child gets the URI (with a path) and token, no credential variables",
      async () => {
        const script = 'printf "%s\\n" "$AWS_CONTAINER_CREDENTIALS_FULL_URI" ' +
          '"$AWS_CONTAINER_AUTHORIZATION_TOKEN" "${AWS_ACCESS_KEY_ID-unset}" ' +
          '"${AWS_SECRET_ACCESS_KEY-unset}" "${AWS_SESSION_TOKEN-unset}" "$AWS_VAULT"';
        for (const flag of ["--ecs-server", "-s"]) {
          const r = await w.run(["exec", flag, "jon", "--", "sh", "-c", script], {
            AWS_ACCESS_KEY_ID: "AKIAPARENT",
            AWS_SECRET_ACCESS_KEY: "parent",
            AWS_SESSION_TOKEN: "parent",
          });
          assertEquals(r.code, 0, r.stderr);
          const [uri, token, ...rest] = r.stdout.trimEnd().split("\n");
          assertMatch(uri, /^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
          assertMatch(token, /^[A-Za-z0-9_-]{40}$/);
          assertEquals(rest, ["unset", "unset", "unset", "jon"]);
        }
      },
    );

    await t.step("every request needs the exact token; other paths serve the profile", async () => {
      const s = await serving(w, ["--debug", "--server", "jon"]);
      const base = s.uri.replace(/\/credentials$/, "");
      const refused = { Message: "invalid Authorization token" };
      for (
        const authorization of [undefined, "", "Bearer " + s.token, s.token.slice(1), s.token + "x"]
      ) {
        const a = await ask(s.uri, authorization);
        assertEquals([a.status, a.json, a.contentType], [
          403,
          refused,
          "application/json; charset=utf-8",
        ]);
        assertEquals(a.text, '{"Message":"invalid Authorization token"}\n');
      }
      const answers = await Promise.all(
        ["/credentials", "/", "/anything/else", "/credentials?x=QUERY"].map((p) =>
          ask(base + p, s.token)
        ),
      );
      for (const a of answers) {
        assertEquals(a.status, 200, a.text);
        assertEquals(Object.keys(a.json), [
          "AccessKeyId",
          "Expiration",
          "SecretAccessKey",
          "Token",
        ]);
        assertEquals(a.json, answers[0].json);
        assert(a.text.endsWith("}\n"), a.text);
      }
      assertMatch(answers[0].json.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      const r = await s.finish(0);
      assertEquals(r.code, 0, r.stderr);
      assertMatch(
        r.stderr,
        new RegExp(`http: 127\\.0\\.0\\.1:\\d+: 403 GET /credentials \\([0-9.]+[nµm]?s\\)\\n`),
      );
      assertMatch(r.stderr, /http: 127\.0\.0\.1:\d+: 200 GET \/anything\/else \(/);
      assertStringIncludes(
        r.stderr,
        "Setting subprocess env AWS_CONTAINER_CREDENTIALS_FULL_URI, AWS_CONTAINER_AUTHORIZATION_TOKEN\n",
      );
      // (The child itself printed the token on its "serving" line.)
      const ours = r.stderr.split("\n").filter((line) => !line.startsWith("serving ")).join("\n");
      const json = answers[0].json;
      for (const secret of [s.token, json.SecretAccessKey, json.Token, "QUERY"]) {
        assertEquals(ours.includes(secret), false, `--debug output shows ${secret}`);
      }
    });

    await t.step(
      "/role-arn/<arn> assumes that role with the profile's session, once per ARN",
      async () => {
        const s = await serving(w, ["--server", "jon"]);
        await moto.resetRequests();
        const base = s.uri.replace(/\/credentials$/, "");
        const r1 = "arn:aws:iam::123456789012:role/R1";
        const first = await ask(`${base}/role-arn/${r1}`, s.token);
        assertEquals(first.status, 200, first.text);
        assertMatch(first.json.AccessKeyId, /^ASIA/);
        const again = await ask(`${base}/role-arn/${r1}`, s.token);
        // Behind the Docker proxy of aws-vault's contrib, paths arrive after the URI's own path.
        const proxied = await ask(`${s.uri}/role-arn/${r1}`, s.token);
        assertEquals([again.json, proxied.json], [first.json, first.json]);
        const other = await ask(`${base}/role-arn/arn:aws:iam::123456789012:role/R2`, s.token);
        assertEquals(other.status, 200, other.text);
        assert(other.json.AccessKeyId !== first.json.AccessKeyId);
        const own = await ask(s.uri, s.token);
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => [c.action, c.params.get("RoleArn")]), [
          ["AssumeRole", r1],
          ["AssumeRole", "arn:aws:iam::123456789012:role/R2"],
        ]);
        for (const call of calls) {
          assertMatch(call.params.get("RoleSessionName") ?? "", /^\d{19}$/);
          assertEquals(call.params.get("DurationSeconds"), "3600");
          assertEquals(call.accessKeyId, own.json.AccessKeyId);
        }
        assertEquals((await s.finish(0)).code, 0);
      },
    );

    await t.step(
      "/role-arn/ asks for the profile's duration, at most an hour with role credentials",
      async () => {
        for (const [profile, expected] of [["jon-role", "3600"], ["jon", "7200"]]) {
          const s = await serving(w, ["--server", profile, "--duration", "2h"]);
          await moto.resetRequests();
          const base = s.uri.replace(/\/credentials$/, "");
          const role = "arn:aws:iam::123456789012:role/R3";
          const answer = await ask(`${base}/role-arn/${role}`, s.token);
          assertEquals(answer.status, 200, answer.text);
          const calls = (await moto.stsCalls()).filter((c) => c.params.get("RoleArn") === role);
          assertEquals(calls.map((c) => c.params.get("DurationSeconds")), [expected], profile);
          assertEquals((await s.finish(0)).code, 0);
        }
      },
    );

    await t.step(
      "the server stops when the child exits, and the child's status is returned",
      async () => {
        const s = await serving(w, ["--server", "jon"]);
        assertEquals((await ask(s.uri, s.token)).status, 200);
        const r = await s.finish(7);
        assertEquals([r.code, r.stdout], [7, ""]);
        let refused = false;
        try {
          await fetch(s.uri, { headers: { Authorization: s.token } });
        } catch {
          refused = true;
        }
        assert(refused, "the server still answers after the child exited");
      },
    );

    await t.step("without --lazy, credentials are fetched before the child starts", async () => {
      await w.run(["clear", "jon"]);
      await moto.resetRequests();
      const s = await serving(w, ["--server", "jon"]);
      assertEquals(await stsActions(moto), ["GetSessionToken"]);
      assertEquals((await s.finish(0)).code, 0);
    });

    await t.step("with --lazy, no STS call until the first request", async () => {
      await w.run(["clear", "jon"]);
      await moto.resetRequests();
      const quiet = await w.run(["exec", "--server", "--lazy", "jon", "--", "true"]);
      assertEquals(quiet.code, 0, quiet.stderr);
      assertEquals(await stsActions(moto), []);
      const s = await serving(w, ["--ecs-server", "--lazy", "jon"]);
      assertEquals(await stsActions(moto), []);
      const first = await ask(s.uri, s.token);
      const second = await ask(s.uri, s.token);
      assertEquals([first.status, second.json], [200, first.json]);
      assertEquals(await stsActions(moto), ["GetSessionToken"]);
      assertEquals((await s.finish(0)).code, 0);
    });

    await t.step("expired credentials are refreshed once for 32 concurrent requests", async () => {
      // A cached one-hour session would be taken instead of a 6-second one.
      await w.run(["clear", "jon"]);
      const s = await serving(w, ["--server", "--duration", "6s", "jon"]);
      const first = await ask(s.uri, s.token);
      assertEquals(first.status, 200, first.text);
      await moto.resetRequests();
      // The Expiration field is truncated to the second.
      await waitUntil(Date.parse(first.json.Expiration) + 1000);
      const answers = await Promise.all(Array.from({ length: 32 }, () => ask(s.uri, s.token)));
      assertEquals(answers.map((a) => a.status), Array(32).fill(200));
      assertEquals(new Set(answers.map((a) => a.text)).size, 1);
      assert(Date.parse(answers[0].json.Expiration) > Date.parse(first.json.Expiration));
      assertEquals(await stsActions(moto), ["GetSessionToken"]);
      assertEquals((await s.finish(0)).code, 0);
    });

    await t.step(
      "with no GUI prompt driver, the MFA code is asked on the terminal first",
      async () => {
        await moto.resetRequests();
        const r = await w.sandbox.runPty(
          ["exec", "--server", "jon-mfa", "--", "aws", "sts", "get-caller-identity"],
          [[`Enter MFA code for ${MFA}: `, "123456"]],
          { env: w.env },
        );
        assertEquals(r.code, 0, r.stdout);
        const calls = await moto.stsCalls();
        assertEquals(calls.map((c) => c.action), ["GetSessionToken", "GetCallerIdentity"]);
        assertEquals(calls[0].params.get("TokenCode"), "123456");
      },
    );

    await t.step(
      "a later request that needs a new MFA code gets an error naming the fix",
      async () => {
        await w.run(["clear", "jon-mfa"]);
        // The child waits for the 3-second session to expire, then asks.
        const script = 'exp=$(curl -s -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" ' +
          '"$AWS_CONTAINER_CREDENTIALS_FULL_URI" | sed \'s/.*"Expiration":"\\([^"]*\\)".*/\\1/\'); ' +
          'until=$(( $(date -u -d "$exp" +%s) + 1 )); ' +
          'while [ "$(date -u +%s)" -le "$until" ]; do sleep 0.2; done; ' +
          'curl -s -w " %{http_code}\\n" -H "Authorization: $AWS_CONTAINER_AUTHORIZATION_TOKEN" ' +
          '"$AWS_CONTAINER_CREDENTIALS_FULL_URI"';
        const r = await w.sandbox.runPty(
          ["exec", "--server", "--duration", "3s", "jon-mfa", "--", "sh", "-c", script],
          [[`Enter MFA code for ${MFA}: `, "123456"]],
          { env: w.env },
        );
        assertEquals(r.code, 0, r.stdout);
        assertMatch(
          r.stdout,
          /\{"Message":"Cannot ask for a new MFA code for .*--prompt.*mfa_process.*--duration"\}\r?\n 500/,
        );
      },
    );
  } finally {
    w.cleanup();
  }
});

sandboxTest("exec server modes refuse aws-vault's flag conflicts, in its order", async (s) => {
  s.writeConfig("[profile work]\n");
  await s.storeKeys("work");
  const cases: [string[], Record<string, string>, string][] = [
    [
      ["--ec2-server", "--ecs-server", "--json", "-n"],
      {},
      "Can't use --ec2-server with --ecs-server",
    ],
    [["--ec2-server", "--json", "-n"], {}, "Can't use --ec2-server with --json"],
    [["--ec2-server", "--no-session"], {}, "Can't use --ec2-server with --no-session"],
    [["--server", "--json", "-n"], {}, "Can't use --ecs-server with --json"],
    [["-s", "-n"], {}, "Can't use --ecs-server with --no-session"],
    [
      ["--prompt=terminal", "--ecs-server"],
      {},
      "Can't use --prompt=terminal with --ecs-server. Specify a different prompt driver",
    ],
    [
      ["-s"],
      { AWS_VAULT_PROMPT: "terminal" },
      "Can't use --prompt=terminal with --ecs-server. Specify a different prompt driver",
    ],
    [
      ["--prompt=terminal", "--ec2-server"],
      {},
      "Can't use --prompt=terminal with --ec2-server. Specify a different prompt driver",
    ],
    [
      ["--ecs-server", "-n"],
      { AWS_VAULT: "other" },
      "running in an existing aws-vault subshell; 'exit' from the subshell or unset AWS_VAULT to force",
    ],
  ];
  for (const [flags, env, message] of cases) {
    const r = await s.run(["exec", ...flags, "work", "--", "true"], { env });
    assertEquals(
      [r.code, r.stdout, r.stderr],
      [1, "", `aws-vault: error: exec: ${message}\n`],
      flags.join(" "),
    );
  }
});
