/**
 * Which credentials a console login signs in with: the chain without the
 * target's own GetSessionToken, role credentials as they are, other
 * credentials checked with GetCallerIdentity and traded for a federation
 * token named after the IAM user.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import type { IamApi } from "../../../src/aws/iam.ts";
import { buildProvider } from "../../../src/credentials/chain.ts";
import {
  ALLOW_ALL_POLICY,
  consoleCredentials,
  environmentProvider,
} from "../../../src/credentials/console_login.ts";
import type { CredentialProvider } from "../../../src/credentials/types.ts";
import { CredentialsError } from "../../../src/errors.ts";
import { fakeEnv } from "../../helpers/fakes.ts";
import { chainWorld } from "./chain_world.ts";

const MFA = "arn:aws:iam::111111111111:mfa/jon";
const CONFIG = `
[profile jon]
mfa_serial = ${MFA}

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::222222222222:role/Admin
mfa_serial = ${MFA}

[profile solo]

[profile guarded]
source_profile = solo
role_arn = arn:aws:iam::222222222222:role/Guarded
mfa_serial = ${MFA}

[profile proc]
credential_process = never-run
`;

function iamAnswering(getUserName: () => Promise<string>): () => IamApi {
  const unused = () => Promise.reject(new Error("not used by login"));
  return () => ({ getUserName, createAccessKey: unused, deleteAccessKey: unused });
}

/** A login world: the chain for `profile` as `login` builds it, and the credentials it signs in with. */
function loginWorld(options: {
  callerArn?: (key: string) => string;
  getUserName?: () => Promise<string>;
} = {}) {
  const w = chainWorld({
    config: CONFIG,
    stored: ["jon", "solo"],
    callerArn: options.callerArn ?? (() => "arn:aws:iam::111111111111:user/jon"),
  });
  const login = async (profile: string, provider?: CredentialProvider) => {
    const config = w.resolve(profile);
    await w.ready;
    provider ??= await buildProvider(w.ctx, config, { noSession: false, noSessionFor: profile });
    return await consoleCredentials(
      {
        sts: w.ctx.sts,
        iam: iamAnswering(options.getUserName ?? (() => Promise.resolve("jon"))),
        log: w.ctx.log,
        clock: w.clock,
      },
      config,
      provider,
    );
  };
  return { ...w, login };
}

const ops = (w: ReturnType<typeof loginWorld>) => w.calls.map((c) => `${c.op} ${c.caller}`);

Deno.test("login: an IAM user's keys are traded for a federation token, with no session of its own", async () => {
  const w = loginWorld();
  const creds = await w.login("jon");
  assertEquals(ops(w), ["GetCallerIdentity AKIAJON", "GetFederationToken AKIAJON"]);
  assertEquals(w.calls[1].request, {
    name: "jon",
    durationSeconds: 3600,
    policy: ALLOW_ALL_POLICY,
  });
  assertEquals(creds.accessKeyId, "ASIAGETFEDERATIONTOKEN0001");
  assertEquals(await w.sessions.list(), [], "nothing is cached");
  assertEquals(w.mfaAsked, [], "no MFA for a federation token");
  assertEquals(
    w.lines.includes(
      "profile jon: skipping GetSessionToken because sessions are disabled for this profile",
    ),
    true,
    w.lines.join("\n"),
  );
});

Deno.test("login: a role is used directly; its source keeps its own MFA session", async () => {
  const w = loginWorld();
  const creds = await w.login("admin");
  assertEquals(w.calls.map((c) => c.op), ["GetSessionToken", "AssumeRole"]);
  assertEquals(creds.accessKeyId, "ASIAASSUMEROLE0002");
  await w.login("admin");
  assertEquals(w.calls.map((c) => c.op), ["GetSessionToken", "AssumeRole", "AssumeRole"]);
});

Deno.test("login: a cached role session is recognised by its kind and used directly", async () => {
  const w = loginWorld();
  const creds = await w.login("guarded");
  const again = await w.login("guarded");
  assertEquals(again.accessKeyId, creds.accessKeyId);
  assertEquals(ops(w), ["AssumeRole AKIASOLO"]);
});

for (const kind of ["sso.GetRoleCredentials", "sts.AssumeRoleWithWebIdentity", "sts.AssumeRole"]) {
  Deno.test(`login: ${kind} credentials sign in as they are, with no AWS call`, async () => {
    const w = loginWorld();
    const provider: CredentialProvider = {
      kind,
      retrieve: () =>
        Promise.resolve({ accessKeyId: "ASIAROLE", secretAccessKey: "s", sessionToken: "t" }),
    };
    assertEquals((await w.login("proc", provider)).accessKeyId, "ASIAROLE");
    assertEquals(w.calls, []);
  });
}

Deno.test("login: credentials of an assumed role (from credential_process, say) are used as they are", async () => {
  const w = loginWorld({ callerArn: () => "arn:aws:sts::1:assumed-role/Dev/me" });
  const provider: CredentialProvider = {
    kind: "credential_process",
    retrieve: () =>
      Promise.resolve({ accessKeyId: "ASIAPROC", secretAccessKey: "s", sessionToken: "t" }),
  };
  const creds = await w.login("proc", provider);
  assertEquals(creds.accessKeyId, "ASIAPROC");
  assertEquals(ops(w), ["GetCallerIdentity ASIAPROC"]);
});

Deno.test("login: the federation name is cut at 32 characters", async () => {
  const w = loginWorld({
    getUserName: () => Promise.resolve("a-very-long-user-name-of-forty-characters"),
  });
  await w.login("jon");
  assertEquals(w.calls[1].request.name, "a-very-long-user-name-of-forty-c");
});

Deno.test("login: a denied GetUser gives the name AWS quotes in the denial", async () => {
  const w = loginWorld({
    getUserName: () =>
      Promise.reject(
        new CredentialsError(
          "profile jon: iam.GetUser failed: AccessDenied: User: arn:aws-us-gov:iam::123456789012:user/team/jon-gov " +
            "is not authorized to perform: iam:GetUser on resource: user jon-gov",
        ),
      ),
  });
  await w.login("jon");
  assertEquals(w.calls[1].request.name, "jon-gov");
});

Deno.test("login: any other GetUser failure ends the login", async () => {
  const w = loginWorld({
    getUserName: () =>
      Promise.reject(new CredentialsError("profile jon: iam.GetUser failed: Throttling")),
  });
  await assertRejects(() => w.login("jon"), CredentialsError, "Throttling");
  assertEquals(w.calls.map((c) => c.op), ["GetCallerIdentity"]);
});

Deno.test("login: an ARN that cannot be parsed is an error", async () => {
  const w = loginWorld({ callerArn: () => "not-an-arn" });
  await assertRejects(() => w.login("jon"), CredentialsError, "unable to parse ARN: not-an-arn");
});

Deno.test("environmentProvider() reads the keys the AWS SDK for Go reads", async () => {
  assertEquals(environmentProvider(fakeEnv({})), undefined);
  assertEquals(environmentProvider(fakeEnv({ AWS_ACCESS_KEY_ID: "AKIA" })), undefined);
  assertEquals(
    environmentProvider(fakeEnv({ AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "s" })),
    undefined,
  );
  const primary = environmentProvider(
    fakeEnv({
      AWS_ACCESS_KEY_ID: "AKIA1",
      AWS_ACCESS_KEY: "AKIA2",
      AWS_SECRET_ACCESS_KEY: "s1",
      AWS_SECRET_KEY: "s2",
    }),
  );
  assertEquals(await primary?.retrieve(), { accessKeyId: "AKIA1", secretAccessKey: "s1" });
  const alternative = environmentProvider(
    fakeEnv({ AWS_ACCESS_KEY: "AKIA2", AWS_SECRET_KEY: "s2", AWS_SESSION_TOKEN: "t" }),
  );
  assertEquals(alternative?.kind, "environment");
  assertEquals(await alternative?.retrieve(), {
    accessKeyId: "AKIA2",
    secretAccessKey: "s2",
    sessionToken: "t",
  });
});
