/**
 * Bad answers from STS, end to end: AWS errors become one line naming the
 * profile and the AWS error code; an unreachable or silent endpoint fails in
 * bounded time; a failed refresh keeps the still-valid cached session.
 * A small in-test STS stand-in answers what each step needs.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { CliSandbox } from "../helpers/cli.ts";
import {
  sessionXml,
  startSilentServer,
  startStandIn,
  stsErrorXml,
  xmlResponse,
} from "../helpers/sts_stand_in.ts";

type Answer = { status: number; body: string };

function stsError(code: string, message: string, status = 400): Answer {
  return { status, body: stsErrorXml(code, message) };
}

function session(expiresInMs: number): Answer {
  return { status: 200, body: sessionXml(new Date(Date.now() + expiresInMs).toISOString()) };
}

const CONFIG = "[profile work]\nregion = eu-west-1\nmfa_serial = arn:aws:iam::1:mfa/u\n";

Deno.test("STS errors, unreachable endpoints and failed refreshes", async (t) => {
  let next: Answer = session(3600_000);
  const server = startStandIn(() => xmlResponse(next.body, next.status));
  const url = server.url;
  const s = CliSandbox.create();
  try {
    s.writeConfig(CONFIG);
    const add = await s.run(["add", "--env", "--no-add-config", "work"], {
      env: { AWS_ACCESS_KEY_ID: "AKIASTANDIN000000001", AWS_SECRET_ACCESS_KEY: "s" },
    });
    assertEquals(add.code, 0, add.stderr);
    const run = (args: string[], env: Record<string, string> = {}) =>
      s.run(args, { env: { AWS_ENDPOINT_URL: url, ...env } });

    const cases: Array<[string, Answer, string]> = [
      [
        "an invalid MFA code",
        stsError(
          "AccessDenied",
          "MultiFactorAuthentication failed with invalid MFA one time pass code. ",
          403,
        ),
        "AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.",
      ],
      [
        "an expired token",
        stsError("ExpiredToken", "The security token included in the request is expired", 403),
        "ExpiredToken: The security token included in the request is expired",
      ],
      ["throttling", stsError("Throttling", "Rate exceeded"), "Throttling: Rate exceeded"],
    ];
    for (const [name, answer, text] of cases) {
      await t.step(`${name} is one line naming the profile and the AWS code`, async () => {
        next = answer;
        const r = await run(["exec", "work", "--json", "-t", "123456"]);
        assertEquals(r.code, 1);
        assertEquals(r.stdout, "");
        assertEquals(
          r.stderr,
          `aws-vault: error: exec: Failed to get credentials for work: ` +
            `profile work: sts.GetSessionToken failed: ${text}\n`,
        );
      });
    }

    await t.step("a failed refresh keeps the still-valid cached session", async () => {
      next = session(4 * 60_000); // 4 minutes: valid, but below AWS_MIN_TTL
      const first = await run(["exec", "work", "--json", "-t", "123456"]);
      assertEquals(first.code, 0, first.stderr);
      const before = s.keyFiles();
      assertEquals(before.filter((k) => k.startsWith("sts.GetSessionToken")).length, 1);
      next = stsError("Throttling", "Rate exceeded");
      const second = await run(["exec", "work", "--json", "-t", "654321"]);
      assertEquals(second.code, 1);
      assertStringIncludes(second.stderr, "Throttling");
      assertEquals(s.keyFiles(), before);
      await run(["clear"]);
    });

    await t.step("an unreachable endpoint fails at once with a clear message", async () => {
      const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const port = (closed.addr as Deno.NetAddr).port;
      closed.close();
      const start = Date.now();
      const r = await s.run(["exec", "work", "--json", "-t", "123456"], {
        env: { AWS_ENDPOINT_URL: `http://127.0.0.1:${port}` },
      });
      assertEquals(r.code, 1);
      assertStringIncludes(
        r.stderr,
        `aws-vault: error: exec: Failed to get credentials for work: ` +
          `profile work: sts.GetSessionToken failed: cannot reach "http://127.0.0.1:${port}": `,
      );
      assertEquals(r.stderr.split("\n").length, 2, r.stderr);
      assert(Date.now() - start < 10_000, `took ${Date.now() - start} ms`);
    });

    await t.step("an endpoint that never answers fails within AWS_VAULT_API_TIMEOUT", async () => {
      const silent = startSilentServer();
      try {
        const start = Date.now();
        const r = await s.run(["exec", "work", "--json", "-t", "123456"], {
          env: { AWS_ENDPOINT_URL: silent.url, AWS_VAULT_API_TIMEOUT: "2s" },
        });
        const took = Date.now() - start;
        assertEquals(r.code, 1);
        assertStringIncludes(r.stderr, "sts.GetSessionToken failed: no answer from");
        assert(took < 8_000, `took ${took} ms`);
      } finally {
        await silent.close();
      }
    });
    await t.step("a value of AWS_VAULT_API_TIMEOUT that is not a duration is named", async () => {
      const before = server.requests();
      for (const value of ["10", "-1s", "soon"]) {
        const r = await s.run(["exec", "work", "--json", "-t", "123456"], {
          env: { AWS_ENDPOINT_URL: server.url, AWS_VAULT_API_TIMEOUT: value },
        });
        assertEquals(r.code, 1);
        assertEquals(
          r.stderr,
          `aws-vault: error: exec: Invalid AWS_VAULT_API_TIMEOUT "${value}": ` +
            `expected a positive duration such as "30s"\n`,
        );
      }
      assertEquals(server.requests(), before);
    });
    assert(server.requests() > 0);
  } finally {
    s.cleanup();
    await server.close();
  }
});
