/**
 * Inside a private network namespace only (tests/e2e/ec2_netns_test.ts runs
 * this file there): the real `aws-vault proxy` with its 169.254.169.254
 * loopback alias, the metadata server on 127.0.0.1:9099, and the AWS CLI
 * (botocore) as their client against moto.
 */
import { GetSessionTokenCommand, STSClient } from "@aws-sdk/client-sts";
import type { Credentials } from "../../src/aws_credentials.ts";
import { systemClock } from "../../src/platform/deno_env.ts";
import { denoProcessRunner } from "../../src/platform/deno_proc.ts";
import { selfCommandLine } from "../../src/platform/self_process.ts";
import { acceptsTcp } from "../../src/platform/tcp_probe.ts";
import { type Ec2ServerContext, startEc2CredentialServer } from "../../src/server/ec2_launch.ts";
import { startEc2MetadataServer } from "../../src/server/ec2_server.ts";
import { assertEquals, assertRejects } from "../helpers/assert.ts";
import { cliCommandLine, CliSandbox } from "../helpers/cli.ts";
import { Moto } from "../helpers/moto.ts";
import { assertPrivateNetns, waitFor } from "../helpers/netns.ts";

assertPrivateNetns();

const IP = "169.254.169.254";
const STAND_IN: Credentials = {
  accessKeyId: "ASIASTANDIN000000009",
  secretAccessKey: "stand-in-secret",
  sessionToken: "stand-in-token",
  expiration: new Date(Date.now() + 3600_000),
};
const quiet = { enabled: false, debug: () => {} };

async function aliasPresent(): Promise<boolean> {
  const out = await new Deno.Command("ip", { args: ["-4", "-o", "addr", "show", "dev", "lo"] })
    .output();
  return new TextDecoder().decode(out.stdout).includes(`inet ${IP}/24`);
}

const proxyAnswers = () => acceptsTcp(IP, 80, 100);

/** Starts `aws-vault proxy` from source, as root, the way exec starts it. */
function startProxyCommand(sandbox: CliSandbox): Deno.ChildProcess {
  const [cmd, ...args] = cliCommandLine();
  return new Deno.Command(cmd, {
    args: [...args, "proxy"],
    env: sandbox.envWith(),
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function ended(child: Deno.ChildProcess): Promise<{ code: number; stderr: string }> {
  const out = await child.output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Ends a proxy that a failed test left running, and its alias, so that the next test starts clean. */
async function stopped(proxy: Deno.ChildProcess): Promise<void> {
  try {
    proxy.kill("SIGKILL");
  } catch {
    // it has exited
  }
  await proxy.output().catch(() => {});
  await new Deno.Command("ip", { args: ["addr", "del", `${IP}/24`, "dev", "lo"], stderr: "null" })
    .output();
}

/** What exec would start the server with, serving `credentials`. */
function context(credentials: Credentials): Ec2ServerContext {
  return {
    deps: {
      clock: systemClock(),
      os: "linux",
      proc: denoProcessRunner({ getEnv: (name) => Deno.env.get(name) }),
    },
    log: quiet,
    config: { region: "eu-west-1" },
    credentials: { get: () => Promise.resolve(credentials) },
  };
}

async function metadataServer() {
  return await startEc2MetadataServer({
    credentials: { get: () => Promise.resolve(STAND_IN) },
    region: "eu-west-1",
    clock: systemClock(),
    log: quiet,
  });
}

Deno.test("aws-vault proxy serves 169.254.169.254 until proxy --stop, then removes its alias", async () => {
  const sandbox = CliSandbox.create();
  const server = await metadataServer();
  const proxy = startProxyCommand(sandbox);
  try {
    await waitFor("the proxy", proxyAnswers);
    assertEquals(await aliasPresent(), true);

    const token = await fetch(`http://${IP}/latest/api/token`, {
      method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": "60" },
    });
    assertEquals(token.status, 200);
    const headers = { "x-aws-ec2-metadata-token": await token.text() };
    const creds = await fetch(
      `http://${IP}/latest/meta-data/iam/security-credentials/local-credentials`,
      { headers },
    );
    assertEquals(JSON.parse(await creds.text()).AccessKeyId, STAND_IN.accessKeyId);
    const bad = await fetch(`http://${IP}/latest/meta-data/instance-id/`, {
      headers: { "x-aws-ec2-metadata-token": "forged" },
    });
    assertEquals([bad.status, await bad.text()], [
      401,
      "Invalid or expired X-aws-ec2-metadata-token\n",
    ]);
    const forwarded = await fetch(`http://${IP}/latest/api/token`, {
      method: "PUT",
      headers: { "x-aws-ec2-metadata-token-ttl-seconds": "60", "x-forwarded-for": "10.0.0.8" },
    });
    assertEquals(forwarded.status, 403);
    await forwarded.body?.cancel();

    const stop = await sandbox.run(["proxy", "--stop"]);
    assertEquals(stop, { code: 0, stdout: "", stderr: "" });
    assertEquals(await ended(proxy), { code: 0, stderr: "" });
    assertEquals(await aliasPresent(), false);
  } finally {
    await stopped(proxy);
    await server.close();
    sandbox.cleanup();
  }
});

Deno.test("aws-vault proxy removes its alias and exits 1 on SIGTERM and on SIGINT", async () => {
  const sandbox = CliSandbox.create();
  try {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const proxy = startProxyCommand(sandbox);
      try {
        await waitFor("the proxy", proxyAnswers);
        assertEquals(await aliasPresent(), true);
        proxy.kill(signal);
        assertEquals(await ended(proxy), { code: 1, stderr: "" }, signal);
        assertEquals(await aliasPresent(), false, signal);
      } finally {
        await stopped(proxy);
      }
    }
  } finally {
    sandbox.cleanup();
  }
});

Deno.test("aws-vault proxy stopped by SIGTERM as soon as its alias exists still removes it", async () => {
  const sandbox = CliSandbox.create();
  try {
    for (let round = 0; round < 5; round++) {
      const proxy = startProxyCommand(sandbox);
      try {
        // No pause between checks: the signal lands while the proxy is still starting.
        while (!(await aliasPresent())) { /* check again */ }
        proxy.kill("SIGTERM");
        assertEquals(await ended(proxy), { code: 1, stderr: "" }, `round ${round}`);
        assertEquals(await aliasPresent(), false, `round ${round}`);
      } finally {
        await stopped(proxy);
      }
    }
  } finally {
    sandbox.cleanup();
  }
});

Deno.test("the proxy refuses to start when 169.254.169.254:80 is taken, and leaves the alias", async () => {
  const sandbox = CliSandbox.create();
  await new Deno.Command("ip", { args: ["addr", "add", `${IP}/24`, "dev", "lo", "label", "lo:0"] })
    .output();
  const squatter = Deno.listen({ hostname: IP, port: 80 });
  try {
    await assertRejects(
      () => startEc2CredentialServer(context(STAND_IN), { launcher: { self: cliCommandLine() } }),
      Error,
      "Another process is already bound to 169.254.169.254:80",
    );
  } finally {
    squatter.close();
    await new Deno.Command("ip", { args: ["addr", "del", `${IP}/24`, "dev", "lo"] }).output();
    sandbox.cleanup();
  }
});

Deno.test("the shipped bundle, started again as selfCommand() starts it, runs the proxy", async () => {
  const sandbox = CliSandbox.create();
  const bundle = `${sandbox.root}/bundle/aws-vault.js`;
  try {
    const built = await new Deno.Command(
      new URL("../../scripts/bundle", import.meta.url).pathname,
      {
        args: [bundle],
        env: { ...Deno.env.toObject(), DENO: Deno.execPath() },
        stdout: "null",
        stderr: "piped",
      },
    ).output();
    assertEquals(built.code, 0, new TextDecoder().decode(built.stderr));
    const self = selfCommandLine({
      execPath: Deno.execPath(),
      mainModule: `file://${bundle}`,
      standalone: false,
      os: "linux",
    });
    const handle = await startEc2CredentialServer(context(STAND_IN), { launcher: { self } });
    try {
      const creds = await fetch(
        `http://${IP}/latest/meta-data/iam/security-credentials/local-credentials`,
      );
      assertEquals(JSON.parse(await creds.text()).AccessKeyId, STAND_IN.accessKeyId);
    } finally {
      await handle.stop();
    }
    assertEquals(await aliasPresent(), false);
  } finally {
    sandbox.cleanup();
  }
});

/** Session credentials that moto issued for a new IAM user. */
async function motoSession(moto: Moto): Promise<Credentials> {
  const key = await moto.createUserWithKey(`ec2-user-${Date.now()}`);
  const sts = new STSClient({ region: "us-east-1", endpoint: moto.url, credentials: key });
  try {
    const out = await sts.send(new GetSessionTokenCommand({}));
    const c = out.Credentials!;
    return {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!,
      expiration: c.Expiration!,
    };
  } finally {
    sts.destroy();
  }
}

/** Runs `aws <args>` as a program in the child of `exec --ec2-server` would: no credentials of its own. */
async function awsCli(sandbox: CliSandbox, moto: Moto, args: string[]) {
  const out = await new Deno.Command("aws", {
    args,
    env: sandbox.envWith({
      AWS_EC2_METADATA_V1_DISABLED: "true",
      AWS_ENDPOINT_URL: moto.url,
      AWS_REGION: "eu-west-1",
      AWS_DEFAULT_REGION: "eu-west-1",
    }),
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("botocore with IMDSv1 disabled gets the server's credentials through the proxy", async () => {
  const sandbox = CliSandbox.create();
  const moto = await Moto.start();
  try {
    const session = await motoSession(moto);
    await moto.resetRequests();
    for (const superuser of [true, false]) {
      // Not root: a stand-in sudo that records its arguments and starts the rest in the background.
      const bin = `${sandbox.root}/bin`;
      Deno.mkdirSync(bin, { recursive: true });
      Deno.writeTextFileSync(
        `${bin}/sudo`,
        `#!/bin/sh\nprintf '%s\\n' "$@" > "${bin}/sudo.args"\nshift\n"$@" </dev/null >/dev/null 2>&1 &\n`,
        { mode: 0o755 },
      );
      const path = Deno.env.get("PATH")!;
      if (!superuser) Deno.env.set("PATH", `${bin}:${path}`);
      const handle = await startEc2CredentialServer(context(session), {
        launcher: { self: cliCommandLine(), superuser },
      }).finally(() => Deno.env.set("PATH", path));
      try {
        assertEquals(await aliasPresent(), true);
        const r = await awsCli(sandbox, moto, ["sts", "get-caller-identity"]);
        assertEquals(r.code, 0, r.stderr);
        // Which credentials signed the call is checked in moto's records below.
        assertEquals(JSON.parse(r.stdout).Account, "123456789012");
      } finally {
        await handle.stop();
      }
      if (!superuser) {
        assertEquals(
          Deno.readTextFileSync(`${bin}/sudo.args`).trimEnd().split("\n"),
          ["-b", ...cliCommandLine(), "proxy"],
        );
        await waitFor("the proxy to remove the alias", async () => !(await aliasPresent()));
      }
      assertEquals(await aliasPresent(), false);
    }
    const calls = await moto.stsCalls();
    assertEquals(calls.map((c) => [c.action, c.accessKeyId]), [
      ["GetCallerIdentity", session.accessKeyId],
      ["GetCallerIdentity", session.accessKeyId],
    ]);
  } finally {
    await moto.stop();
    sandbox.cleanup();
  }
});

Deno.test("exec --ec2-server serves the profile's session to the AWS CLI with IMDSv1 disabled", async () => {
  const sandbox = CliSandbox.create();
  const moto = await Moto.start();
  try {
    const key = await moto.createUserWithKey(`ec2-exec-${Date.now()}`);
    sandbox.writeConfig("[profile work]\nregion = eu-west-1\n");
    const added = await sandbox.run(["add", "--env", "work"], {
      env: { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey },
    });
    assertEquals(added.code, 0, added.stderr);
    await moto.resetRequests();
    // The command has no credentials of its own: the AWS CLI must ask 169.254.169.254 (IMDSv2 only).
    const r = await sandbox.run([
      "exec",
      "--ec2-server",
      "work",
      "--",
      "env",
      "AWS_EC2_METADATA_V1_DISABLED=true",
      "aws",
      "sts",
      "get-caller-identity",
    ], { env: { AWS_ENDPOINT_URL: moto.url } });
    assertEquals(r.code, 0, r.stderr);
    assertEquals(JSON.parse(r.stdout).Account, "123456789012");
    // One GetSessionToken with the stored key, then the CLI's call signed with that session.
    const calls = await moto.stsCalls();
    assertEquals(calls.map((c) => c.action), ["GetSessionToken", "GetCallerIdentity"]);
    assertEquals(calls[0].accessKeyId, key.accessKeyId);
    assertEquals(calls[1].accessKeyId === key.accessKeyId, false, "not signed with the stored key");
    // It was the session exec got (cached in the vault: export reads it without another call).
    const cached = await sandbox.run(["export", "work", "--format=json"], {
      env: { AWS_ENDPOINT_URL: moto.url },
    });
    assertEquals(cached.code, 0, cached.stderr);
    assertEquals(JSON.parse(cached.stdout).AccessKeyId, calls[1].accessKeyId);
    assertEquals((await moto.stsCalls()).length, 2, "export used the cached session");
    // The proxy has stopped and taken its alias with it.
    await waitFor("the proxy to remove the alias", async () => !(await aliasPresent()));
    assertEquals(await proxyAnswers(), false);
  } finally {
    await moto.stop();
    sandbox.cleanup();
  }
});
