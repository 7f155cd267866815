/**
 * `login` end to end: the real CLI against moto (GetCallerIdentity, GetUser,
 * GetFederationToken, AssumeRole) and a fake of the sign-in federation
 * endpoint (`AWS_ENDPOINT_URL_SIGNIN`): IAM users get a federation token,
 * roles are used directly, the console destination follows the region's
 * partition and `--path`, and the URL (a bearer credential) is printed only
 * with `--stdout`, never in errors or `--debug` output.
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { type MotoRequest, motoTest, type StsSandbox, stsSandbox } from "../helpers/moto.ts";
import { type SigninFake, startSigninFake } from "../helpers/signin_fake.ts";

const ALLOW_ALL =
  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`;

const CONFIG = `[profile jon]
region = eu-west-1

[profile plain]

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Admin
region = eu-west-1

[profile guarded]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Guarded
mfa_serial = arn:aws:iam::123456789012:mfa/jon
`;

/** Go's `url.QueryEscape`, written out independently of the program's own. */
function goQueryEscape(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === " ") out += "+";
    else out += "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

/** The login URL aws-vault builds for `destination` and the fake's token. */
function loginUrl(fake: SigninFake, destination: string, token: string): string {
  return `${fake.url}/federation?Action=login&Issuer=aws-vault` +
    `&Destination=${goQueryEscape(destination)}&SigninToken=${goQueryEscape(token)}`;
}

/** Each AWS call as `Action [detail]`: the role name, the federation name and duration. */
function awsCalls(calls: MotoRequest[]): string[] {
  return calls.filter((c) => c.action !== "").map((c) => {
    const p = c.params;
    if (c.action === "AssumeRole") {
      const mfa = p.get("SerialNumber") ? ` MFA ${p.get("TokenCode")}` : "";
      return `AssumeRole ${p.get("RoleArn")?.split("/")[1]} ${p.get("DurationSeconds")}${mfa}`;
    }
    if (c.action === "GetFederationToken") {
      return `GetFederationToken ${p.get("Name")} ${p.get("DurationSeconds")}`;
    }
    return c.action;
  });
}

interface World {
  w: StsSandbox;
  fake: SigninFake;
  run(args: string[], env?: Record<string, string | undefined>): ReturnType<StsSandbox["run"]>;
}

async function world(moto: Parameters<typeof stsSandbox>[0]): Promise<World> {
  const w = await stsSandbox(moto, CONFIG, ["jon"]);
  const fake = startSigninFake();
  return {
    w,
    fake,
    run: (args, env = {}) => w.run(args, { AWS_ENDPOINT_URL_SIGNIN: fake.url, ...env }),
  };
}

motoTest("login against moto and a fake sign-in endpoint", async (t, moto) => {
  const { w, fake, run } = await world(moto);
  const secret = w.keys.jon.secretAccessKey;
  try {
    await t.step("an IAM user: GetFederationToken named after the user, then the URL", async () => {
      const r = await run(["login", "jon", "--stdout"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.stderr, "");
      const requests = await moto.requests();
      assertEquals(awsCalls(requests), [
        "GetCallerIdentity",
        "GetUser",
        `GetFederationToken ${w.keys.jon.userName} 3600`,
      ]);
      // Every call is signed with the stored key: no GetSessionToken for the login target.
      assertEquals(requests.filter((c) => c.action !== "").map((c) => c.accessKeyId), [
        w.keys.jon.accessKeyId,
        w.keys.jon.accessKeyId,
        w.keys.jon.accessKeyId,
      ]);
      const federation = requests.find((c) => c.action === "GetFederationToken")!;
      assertEquals(federation.params.get("Policy"), ALLOW_ALL);
      assertEquals(fake.requests.length, 1);
      const sent = fake.requests[0];
      assert(sent.rawQuery.startsWith("Action=getSigninToken&Session="), sent.rawQuery);
      // The federation token's credentials (moto answers a fixed key id), never the stored key.
      assert(sent.session.sessionId !== w.keys.jon.accessKeyId, sent.session.sessionId);
      assert(sent.session.sessionKey !== secret, "the stored secret is never sent");
      assert(sent.session.sessionToken !== "", "a session token is sent");
      assertEquals(
        r.stdout,
        loginUrl(
          fake,
          "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
          sent.token,
        ) + "\n",
      );
      // A federation token is never cached.
      const sessions = await run(["list", "--sessions"]);
      assertEquals(sessions.stdout, "");
    });

    await t.step("--duration sets the federation token's duration", async () => {
      await moto.resetRequests();
      const r = await run(["login", "jon", "-s", "--duration", "2h"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        awsCalls(await moto.requests()).at(-1),
        `GetFederationToken ${w.keys.jon.userName} 7200`,
      );
    });

    await t.step("a role: the AssumeRole credentials are used directly", async () => {
      await moto.resetRequests();
      const before = fake.requests.length;
      const r = await run(["login", "admin", "--stdout", "--path", "s3/home"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(awsCalls(await moto.requests()), ["AssumeRole Admin 3600"]);
      const sent = fake.requests[before];
      assert(sent.session.sessionId.startsWith("ASIA"), sent.session.sessionId);
      assertEquals(
        r.stdout,
        loginUrl(
          fake,
          "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1",
          sent.token,
        ) + "\n",
      );
    });

    await t.step("a role with MFA: the code from --mfa-token, the role's duration", async () => {
      await moto.resetRequests();
      const r = await run(["login", "guarded", "-s", "-t", "123456", "-d", "2h"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(awsCalls(await moto.requests()), ["AssumeRole Guarded 7200 MFA 123456"]);
    });

    await t.step("the console of the region's partition, with and without --path", async () => {
      const cases: Array<[string[], string]> = [
        [
          ["--region", "cn-north-1"],
          "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1",
        ],
        [
          ["--region", "us-gov-west-1", "--path", "ec2/home"],
          "https://us-gov-west-1.console.amazonaws-us-gov.com/ec2/home?region=us-gov-west-1",
        ],
        [
          ["--region", "eusc-de-east-1"],
          "https://eusc-de-east-1.console.amazonaws-eusc.eu/console/home?region=eusc-de-east-1",
        ],
        [
          ["--region", "eu-central-1", "--path", "iam/home"],
          "https://eu-central-1.console.aws.amazon.com/iam/home?region=eu-central-1",
        ],
      ];
      for (const [flags, destination] of cases) {
        const r = await run(["login", "jon", "--stdout", ...flags]);
        assertEquals(r.code, 0, r.stderr);
        assertEquals(r.stdout, loginUrl(fake, destination, fake.requests.at(-1)!.token) + "\n");
      }
    });

    await t.step("no region: the global console, --path ignored", async () => {
      const add = await w.sandbox.run(["add", "--env", "--no-add-config", "plain"], {
        env: {
          AWS_ACCESS_KEY_ID: w.keys.jon.accessKeyId,
          AWS_SECRET_ACCESS_KEY: secret,
        },
      });
      assertEquals(add.code, 0, add.stderr);
      const r = await run(["login", "plain", "--stdout", "--path", "s3/home"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        r.stdout,
        loginUrl(fake, "https://console.aws.amazon.com/", fake.requests.at(-1)!.token) + "\n",
      );
    });

    await t.step("no profile: credentials from the environment", async () => {
      await moto.resetRequests();
      const r = await run(["login", "--stdout"], {
        AWS_ACCESS_KEY: w.keys.jon.accessKeyId,
        AWS_SECRET_KEY: secret,
        AWS_REGION: "eu-west-2",
      });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(awsCalls(await moto.requests()), [
        "GetCallerIdentity",
        "GetUser",
        `GetFederationToken ${w.keys.jon.userName} 3600`,
      ]);
      assertEquals(
        r.stdout,
        loginUrl(
          fake,
          "https://eu-west-2.console.aws.amazon.com/console/home?region=eu-west-2",
          fake.requests.at(-1)!.token,
        ) + "\n",
      );
    });

    await t.step("no profile, role credentials in the environment: used directly", async () => {
      const exported = await run(["export", "admin", "--format", "json"]);
      assertEquals(exported.code, 0, exported.stderr);
      const role = JSON.parse(exported.stdout);
      await moto.resetRequests();
      const r = await run(["login", "-s"], {
        AWS_ACCESS_KEY_ID: role.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: role.SecretAccessKey,
        AWS_SESSION_TOKEN: role.SessionToken,
      });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(awsCalls(await moto.requests()), ["GetCallerIdentity"]);
      assertEquals(fake.requests.at(-1)!.session.sessionId, role.AccessKeyId);
    });

    await t.step("no profile and no credentials in the environment", async () => {
      const r = await run(["login"], { AWS_ACCESS_KEY_ID: "AKIAONLYKEYNOSECRET1" });
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        "aws-vault: error: login: argument 'profile' not provided, nor any AWS env vars found. Try --help\n",
      );
    });

    await t.step("without --stdout the URL goes to the opener, never to the output", async () => {
      const opened = `${w.sandbox.root}/opened`;
      const opener = `${w.sandbox.root}/opener.sh`;
      Deno.writeTextFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" > "${opened}"\n`);
      Deno.chmodSync(opener, 0o755);
      const r = await run(["login", "--debug", "jon"], { BROWSER: opener });
      assertEquals(r.code, 0, r.stderr);
      assertEquals(r.stdout, "");
      const token = fake.requests.at(-1)!.token;
      assertEquals(
        Deno.readTextFileSync(opened),
        loginUrl(
          fake,
          "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1",
          token,
        ) + "\n",
      );
      assertNoSecret(r.stderr, [token, goQueryEscape(token), "SigninToken=", secret]);
      assert(r.stderr.includes("Creating a federated session"), r.stderr);
    });

    await t.step(
      "a missing or failing opener: one line without the URL, --stdout suggested",
      async () => {
        for (
          const [browser, reason] of [
            [
              "aws-vault-test-no-such-opener",
              "aws-vault-test-no-such-opener was not found on PATH",
            ],
            ["false", "false exited with status 1"],
          ]
        ) {
          const r = await run(["login", "jon"], { BROWSER: browser });
          assertEquals(r.code, 1);
          assertEquals(
            r.stderr,
            `aws-vault: error: login: Failed to open the login URL: ${reason} (use --stdout to print it instead)\n`,
          );
          assertEquals(r.stdout, "");
          const debug = await run(["login", "--debug", "jon"], { BROWSER: browser });
          assertEquals(debug.code, 1);
          assertNoSecret(debug.stderr, [fake.requests.at(-1)!.token, "SigninToken=", secret]);
        }
      },
    );
  } finally {
    await fake.close();
    w.cleanup();
  }
});

motoTest("login: what the sign-in endpoint answers", async (t, moto) => {
  const { w, fake, run } = await world(moto);
  try {
    const cases: Array<[string, () => Response, string]> = [
      [
        "an error status",
        () => new Response("no", { status: 400, statusText: "Bad Request" }),
        "Call to getSigninToken failed with 400 Bad Request",
      ],
      [
        "JSON without a token",
        () => Response.json({ Other: "x" }),
        "Expected a response with SigninToken",
      ],
      [
        "not JSON",
        () => new Response("<html>", { status: 200 }),
        "Expected a response with SigninToken: the answer is not JSON",
      ],
    ];
    for (const [name, answer, message] of cases) {
      await t.step(name, async () => {
        fake.override(answer);
        const r = await run(["login", "jon", "--stdout"]);
        assertEquals(r.code, 1);
        assertEquals(r.stdout, "");
        assertEquals(r.stderr, `aws-vault: error: login: ${message}\n`);
      });
    }
    await t.step("an unreachable endpoint: one line without the credentials", async () => {
      fake.override(undefined);
      const r = await run(["login", "--debug", "jon", "--stdout"], {
        AWS_ENDPOINT_URL_SIGNIN: "http://127.0.0.1:1",
      });
      assertEquals(r.code, 1);
      const last = r.stderr.trimEnd().split("\n").at(-1)!;
      assert(
        last.startsWith(
          'aws-vault: error: login: Call to getSigninToken failed: cannot reach "http://127.0.0.1:1/federation": ',
        ),
        last,
      );
      assertNoSecret(r.stderr, ["Session=", "sessionKey", w.keys.jon.secretAccessKey]);
    });
  } finally {
    await fake.close();
    w.cleanup();
  }
});

function assertNoSecret(text: string, secrets: string[]): void {
  for (const s of secrets) assert(!text.includes(s), `${JSON.stringify(s)} appears in:\n${text}`);
}
