/**
 * The moto AWS emulator for end-to-end tests: one server per test file on a
 * free loopback port, its request recorder switched on, helpers to set up IAM
 * users, keys and roles through moto's own API, and to read back what it
 * received. If moto cannot start, `Moto.start()` throws: tests fail, never skip.
 *
 * @module
 */

import { CliSandbox } from "./cli.ts";
import type { CliResult } from "./cli.ts";
import {
  CreateAccessKeyCommand,
  CreateUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from "@aws-sdk/client-iam";

/** One request moto received. */
export interface MotoRequest {
  /** The `Action` form parameter (e.g. `GetSessionToken`). */
  action: string;
  /** All form parameters. */
  params: URLSearchParams;
  /** The access key id that signed the request ("" when unsigned). */
  accessKeyId: string;
}

/** The STS actions aws-vault makes. */
export const STS_ACTIONS = new Set([
  "GetSessionToken",
  "AssumeRole",
  "AssumeRoleWithWebIdentity",
  "GetCallerIdentity",
  "GetFederationToken",
]);

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A running moto server. */
export class Moto {
  readonly url: string;
  readonly #child: Deno.ChildProcess;
  readonly #dir: string;

  private constructor(url: string, child: Deno.ChildProcess, dir: string) {
    this.url = url;
    this.#child = child;
    this.#dir = dir;
  }

  /** Starts moto and waits until it answers (up to 30 s); throws when it cannot start. */
  static async start(): Promise<Moto> {
    const dir = Deno.makeTempDirSync({ prefix: "moto-" });
    const port = freePort();
    // Python on Windows (python.org's and GitHub's runners) is `python`; elsewhere `python3`.
    const python = Deno.build.os === "windows" ? "python" : "python3";
    const child = new Deno.Command(python, {
      args: ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)],
      env: { MOTO_RECORDER_FILEPATH: `${dir}/recording`, PYTHONUNBUFFERED: "1" },
      cwd: dir,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    const moto = new Moto(`http://127.0.0.1:${port}`, child, dir);
    const deadline = Date.now() + 30_000;
    let exited = false;
    child.status.then(() => exited = true);
    while (true) {
      try {
        const res = await fetch(`${moto.url}/moto-api/recorder/start-recording`, {
          method: "POST",
        });
        await res.body?.cancel();
        if (res.ok) return moto;
      } catch {
        // not listening yet
      }
      if (exited || Date.now() > deadline) {
        await moto.stop();
        throw new Error(`moto did not start on port ${port} (${python} -m moto.server)`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every request received since the last {@linkcode resetRequests}, oldest first. */
  async requests(): Promise<MotoRequest[]> {
    const res = await fetch(`${this.url}/moto-api/recorder/download-recording`);
    const text = await res.text();
    const out: MotoRequest[] = [];
    for (const line of text.split("\n")) {
      if (line.trim() === "") continue;
      const entry = JSON.parse(line);
      let body = entry.body ?? "";
      if (entry.body_encoded) {
        body = new TextDecoder().decode(Uint8Array.from(atob(body), (c) => c.charCodeAt(0)));
      }
      const params = new URLSearchParams(typeof body === "string" ? body : "");
      const auth: string = entry.headers?.Authorization ?? entry.headers?.authorization ?? "";
      const accessKeyId = /Credential=([^/]+)\//.exec(auth)?.[1] ?? "";
      out.push({ action: params.get("Action") ?? "", params, accessKeyId });
    }
    return out;
  }

  /** The STS requests received since the last reset. */
  async stsCalls(): Promise<MotoRequest[]> {
    return (await this.requests()).filter((r) => STS_ACTIONS.has(r.action));
  }

  /** Forgets the requests received so far (recording goes on). */
  async resetRequests(): Promise<void> {
    const res = await fetch(`${this.url}/moto-api/recorder/reset-recording`, { method: "POST" });
    await res.body?.cancel();
  }

  /** An IAM client on moto (any credentials: moto does not check them by default). */
  iam(): IAMClient {
    return new IAMClient({
      region: "us-east-1",
      endpoint: this.url,
      credentials: { accessKeyId: "AKIASETUP00000000000", secretAccessKey: "setup" },
    });
  }

  /** Creates an IAM user with one access key; returns the key. */
  async createUserWithKey(
    userName: string,
  ): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const iam = this.iam();
    try {
      await iam.send(new CreateUserCommand({ UserName: userName }));
      const out = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
      return {
        accessKeyId: out.AccessKey!.AccessKeyId!,
        secretAccessKey: out.AccessKey!.SecretAccessKey!,
      };
    } finally {
      iam.destroy();
    }
  }

  /** The access key ids of an IAM user, as moto holds them. */
  async accessKeyIds(userName: string): Promise<string[]> {
    const iam = this.iam();
    try {
      const out = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
      return (out.AccessKeyMetadata ?? []).map((k) => k.AccessKeyId!).sort();
    } finally {
      iam.destroy();
    }
  }

  /** Stops the server and removes its files. */
  async stop(): Promise<void> {
    try {
      this.#child.kill("SIGTERM");
    } catch {
      // already gone
    }
    await this.#child.status;
    Deno.removeSync(this.#dir, { recursive: true });
  }
}

/** Registers one test that starts moto for its steps and stops it afterwards. */
export function motoTest(
  name: string,
  fn: (t: Deno.TestContext, moto: Moto) => Promise<void>,
): void {
  Deno.test(name, async (t) => {
    const moto = await Moto.start();
    try {
      await fn(t, moto);
    } finally {
      await moto.stop();
    }
  });
}

/** The MFA device of {@linkcode JON_CONFIG}'s `jon-mfa`. */
export const JON_MFA = "arn:aws:iam::123456789012:mfa/jon";
/** Two profiles for stored keys: `jon`, and `jon-mfa` with an MFA device. */
export const JON_CONFIG = `[profile jon]
region = eu-west-1

[profile jon-mfa]
region = eu-west-1
mfa_serial = ${JON_MFA}
`;

/** A sandbox wired to moto, with stored keys for some profiles. */
export interface StsSandbox {
  sandbox: CliSandbox;
  /** The environment every run gets (AWS_ENDPOINT_URL = moto). */
  env: Record<string, string>;
  /** The keys created in moto and stored in the vault, by profile. */
  keys: Record<string, { accessKeyId: string; secretAccessKey: string; userName: string }>;
  run(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  cleanup(): void;
}

let userCounter = 0;

/**
 * Creates a sandbox with `config` as its AWS config, an IAM user and key in
 * moto for each profile in `stored` (stored in the vault with `add --env`),
 * and moto's request log emptied.
 */
export async function stsSandbox(
  moto: Moto,
  config: string,
  stored: string[] = [],
): Promise<StsSandbox> {
  const sandbox = CliSandbox.create();
  sandbox.writeConfig(config);
  const env = { AWS_ENDPOINT_URL: moto.url };
  const keys: StsSandbox["keys"] = {};
  for (const profile of stored) {
    const userName = `${profile}-${++userCounter}-${Date.now() % 100000}`;
    const key = await moto.createUserWithKey(userName);
    keys[profile] = { ...key, userName };
    const added = await sandbox.run(["add", "--env", "--no-add-config", profile], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: key.accessKeyId,
        AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
      },
    });
    if (added.code !== 0) throw new Error(`add ${profile} failed: ${added.stderr}`);
  }
  await moto.resetRequests();
  return {
    sandbox,
    env,
    keys,
    run: (args, extra = {}) => sandbox.run(args, { env: { ...env, ...extra } }),
    cleanup: () => sandbox.cleanup(),
  };
}
