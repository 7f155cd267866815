/**
 * `login` with IAM Identity Center profiles, end to end: the real CLI against
 * the SSO fake (OIDC and portal), a fake sign-in federation endpoint and moto
 * (STS). SSO role credentials sign in as they are (no GetFederationToken, no
 * GetCallerIdentity), a cold login with `--stdout` prints the device
 * authorization link instead of opening it, and a role whose source is an
 * SSO profile is assumed at moto and signs in with its own credentials.
 */

import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { assertEquals, assertMatch, assertStringIncludes } from "../helpers/assert.ts";
import { type Moto, motoTest } from "../helpers/moto.ts";
import { type SigninFake, type SigninSession, startSigninFake } from "../helpers/signin_fake.ts";
import { SsoFake } from "../helpers/sso_fake.ts";
import { SsoSandbox } from "../helpers/sso_sandbox.ts";

/** The console URL `login` prints for `destination` and the token the sign-in fake answered. */
function consoleUrl(signin: SigninFake, destination: string): string {
  const token = signin.requests.at(-1)!.token;
  return `${signin.url}/federation?Action=login&Issuer=aws-vault&Destination=${
    encodeURIComponent(destination)
  }&SigninToken=${encodeURIComponent(token)}\n`;
}

const DEV_CONSOLE = "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1";

/** Runs `fn` with an SSO sandbox whose STS is moto and whose sign-in endpoint is a fake. */
async function withLoginWorld(
  moto: Moto,
  fn: (s: SsoSandbox, sso: SsoFake, signin: SigninFake) => Promise<void>,
): Promise<void> {
  const sso = new SsoFake();
  const signin = startSigninFake();
  const s = new SsoSandbox(sso);
  Object.assign(s.env, { AWS_ENDPOINT_URL: moto.url, AWS_ENDPOINT_URL_SIGNIN: signin.url });
  try {
    await moto.resetRequests();
    await fn(s, sso, signin);
  } finally {
    s.cleanup();
    await signin.close();
    await sso.close();
  }
}

/** The role credentials `export` gives from the session cache. */
async function cachedCredentials(s: SsoSandbox, profile: string) {
  const r = await s.run(["export", profile, "--format", "json"]);
  assertEquals(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const ASSUMED_TARGET = /^arn:aws:sts::123456789012:assumed-role\/target\//;

/** Whose credentials a sign-in session holds, as moto's GetCallerIdentity says. */
async function callerArn(moto: Moto, session: SigninSession): Promise<string> {
  const sts = new STSClient({
    region: "us-east-1",
    endpoint: moto.url,
    credentials: {
      accessKeyId: session.sessionId,
      secretAccessKey: session.sessionKey,
      sessionToken: session.sessionToken,
    },
  });
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn!;
  } finally {
    sts.destroy();
  }
}

motoTest("login e2e: an SSO profile with its token cached signs in with the role credentials", (
  _t,
  moto,
) =>
  withLoginWorld(moto, async (s, sso, signin) => {
    // Another role on the same sso-session logs in: the token is cached, the Dev role is not.
    assertEquals((await s.run(["exec", "admin", "--json"])).code, 0);
    const r = await s.run(["login", "dev", "--stdout"]);
    assertEquals(r.code, 0, r.stderr);
    assertEquals(r.stderr, "");
    assertEquals(sso.count("StartDeviceAuthorization"), 1);
    assertEquals(sso.calls.at(-1)!.input, { role_name: "Dev", account_id: "111111111111" });
    assertEquals(await moto.requests(), [], "no STS call: no federation token, no identity check");
    assertEquals(signin.requests.length, 1);
    assertEquals(r.stdout, consoleUrl(signin, DEV_CONSOLE));
    // The session sent is the Dev role's credentials, which the session cache now holds.
    const role = await cachedCredentials(s, "dev");
    assertEquals(sso.count("GetRoleCredentials"), 2);
    assertEquals(signin.requests[0].session, {
      sessionId: role.AccessKeyId,
      sessionKey: role.SecretAccessKey,
      sessionToken: role.SessionToken,
    });
  }));

motoTest("login e2e: a cold SSO login with --stdout prints the link and opens nothing", (
  _t,
  moto,
) =>
  withLoginWorld(moto, async (s, sso, signin) => {
    const run = s.start(["login", "--stdout", "dev"]);
    await run.stderrIncludes(
      "Open the SSO authorization page in a browser (use Ctrl-C to abort)\n",
    );
    sso.approveAll();
    const r = await run.result;
    assertEquals(r.code, 0, r.stderr);
    assertStringIncludes(r.stderr, `${sso.url}/verify?user_code=`);
    assertEquals(s.opened(), []);
    assertEquals(sso.count("StartDeviceAuthorization"), 1);
    // Only the console URL is on standard output; the link is on standard error.
    assertEquals(r.stdout, consoleUrl(signin, DEV_CONSOLE));
    assertEquals(await moto.requests(), []);
  }));

motoTest("login e2e: a role whose source is an SSO profile signs in with the role", (
  _t,
  moto,
) =>
  withLoginWorld(moto, async (s, sso, signin) => {
    // `-s` prints the SSO link too: the test approves the device authorization.
    const run = s.start(["login", "target", "-s", "--path", "s3/home"]);
    await run.stderrIncludes("Open the SSO authorization page in a browser");
    sso.approveAll();
    const r = await run.result;
    assertEquals(r.code, 0, r.stderr);
    const calls = (await moto.requests()).filter((c) => c.action !== "");
    assertEquals(calls.map((c) => c.action), ["AssumeRole"]);
    assertEquals(calls[0].params.get("RoleArn"), "arn:aws:iam::123456789012:role/target");
    // AssumeRole is signed with the SSO role credentials; the console gets the assumed role's.
    const dev = await cachedCredentials(s, "dev");
    assertEquals(calls[0].accessKeyId, dev.AccessKeyId);
    assertEquals(sso.count("GetRoleCredentials"), 1);
    assertEquals(s.opened(), []);
    assertEquals(signin.requests.length, 1);
    assertMatch(await callerArn(moto, signin.requests[0].session), ASSUMED_TARGET);
    assertEquals(
      r.stdout,
      consoleUrl(signin, "https://us-east-1.console.aws.amazon.com/s3/home?region=us-east-1"),
    );
  }));
