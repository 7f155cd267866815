/**
 * `exec` with a credential server, on fakes: the order of fetching, serving
 * and running, the child's environment and status, `--lazy`, the server
 * stopped on every path, and the MFA source once the command owns the
 * terminal. A `credential_process` profile stands in for STS.
 */

import { runExec } from "../../../../src/cli/commands/exec.ts";
import { runWithCredentialServer, type ServerRunOptions } from "../../../../src/cli/exec_server.ts";
import { createMfaCodeSource, MFA_UNAVAILABLE } from "../../../../src/credentials/mfa.ts";
import type { ProfileConfig } from "../../../../src/config/profile_config.ts";
import { CredentialsError } from "../../../../src/errors.ts";
import type {
  CredentialServerContext,
  CredentialServerStarter,
} from "../../../../src/server/credential_server.ts";
import type { RunRequest } from "../../../../src/platform/types.ts";
import { assertEquals, assertRejects } from "../../../helpers/assert.ts";
import { fakeDeps, FakeProcessRunner, FakeTerminal } from "../../../helpers/fakes.ts";
import { commandWorld } from "./command_helpers.ts";

const PROCESS_OUTPUT = JSON.stringify({
  Version: 1,
  AccessKeyId: "ASIAPROCESS",
  SecretAccessKey: "s",
  SessionToken: "t",
  Expiration: "2026-11-23T13:00:00Z",
});

/** Records what happens, in order; the command's run is `child`. */
class Runner extends FakeProcessRunner {
  child: (env: Record<string, string>) => Promise<number> = () => Promise.resolve(0);
  constructor(readonly events: string[], failProcess = false) {
    super(() => {
      events.push("fetch");
      if (failProcess) return { code: 1, stderr: new TextEncoder().encode("denied") };
      return { stdout: new TextEncoder().encode(PROCESS_OUTPUT) };
    }, ["tool"]);
  }
  override async runInherited(req: Omit<RunRequest, "stdin" | "inheritStderr">): Promise<number> {
    this.events.push("child");
    return await this.child(req.env ?? {});
  }
}

function world(setup: { failProcess?: boolean } = {}) {
  const events: string[] = [];
  const proc = new Runner(events, setup.failProcess);
  const w = commandWorld({
    config: "[profile p]\nregion = eu-west-1\ncredential_process = print-credentials\n",
    proc,
    vars: { AWS_ACCESS_KEY_ID: "AKIAPARENT", AWS_SECRET_ACCESS_KEY: "parent" },
  });
  let server: CredentialServerContext | undefined;
  const start: CredentialServerStarter = (s) => {
    events.push("start");
    server = s;
    return Promise.resolve({
      env: { SERVER_URI: "http://127.0.0.1:1/credentials" },
      stop: () => {
        events.push("stop");
        return Promise.resolve();
      },
    });
  };
  const options = (extra: Partial<ServerRunOptions> = {}): ServerRunOptions => ({
    profile: "p",
    noSession: false,
    lazy: false,
    startMessage: "starting",
    readyMessage: "ready",
    help: (message) => events.push(`help: ${message}`),
    runCommand: (env) => proc.runInherited({ cmd: "tool", env }),
    ...extra,
  });
  return { w, events, proc, start, options, server: () => server! };
}

Deno.test("runWithCredentialServer() fetches, then runs the command with the server's variables", async () => {
  const { w, events, proc, start, options, server } = world();
  let childEnv: Record<string, string> = {};
  proc.child = (env) => {
    childEnv = env;
    return Promise.resolve(3);
  };
  assertEquals(await runWithCredentialServer(w.ctx, options(), start), 3);
  assertEquals(events, ["help: starting", "start", "fetch", "help: ready", "child", "stop"]);
  assertEquals(childEnv.SERVER_URI, "http://127.0.0.1:1/credentials");
  assertEquals([childEnv.AWS_VAULT, childEnv.AWS_REGION], ["p", "eu-west-1"]);
  assertEquals([childEnv.AWS_ACCESS_KEY_ID, childEnv.AWS_SECRET_ACCESS_KEY], [
    undefined,
    undefined,
  ]);
  assertEquals(server().config.profileName, "p");
  // The credentials fetched before the command are the ones served.
  assertEquals((await server().credentials.get()).accessKeyId, "ASIAPROCESS");
  assertEquals(events.filter((e) => e === "fetch").length, 1);
});

Deno.test("with lazy, nothing is fetched until the server is asked", async () => {
  const { w, events, proc, start, options, server } = world();
  proc.child = async () => {
    events.push("asking");
    await server().credentials.get();
    return 0;
  };
  assertEquals(await runWithCredentialServer(w.ctx, options({ lazy: true }), start), 0);
  assertEquals(events, [
    "help: starting",
    "start",
    "help: ready",
    "child",
    "asking",
    "fetch",
    "stop",
  ]);
});

Deno.test("a failed fetch before the command stops the server: Retrieving creds", async () => {
  const { w, events, start, options } = world({ failProcess: true });
  const error = await assertRejects(() => runWithCredentialServer(w.ctx, options(), start));
  assertEquals(error.message.startsWith("Retrieving creds: "), true, error.message);
  assertEquals(events, ["help: starting", "start", "fetch", "stop"]);
});

Deno.test("the server stops when the command cannot be run", async () => {
  const { w, events, proc, start, options } = world();
  proc.child = () => Promise.reject(new Error("cannot start"));
  await assertRejects(
    () => runWithCredentialServer(w.ctx, options(), start),
    Error,
    "cannot start",
  );
  assertEquals(events.at(-1), "stop");
});

Deno.test("once the command owns the terminal, the terminal driver refuses, naming the ways out", async () => {
  let busy = false;
  const { deps } = fakeDeps({ terminal: new FakeTerminal(["123456"]) });
  const source = createMfaCodeSource({
    deps,
    log: { enabled: false, debug: () => {} },
    promptDriver: "",
    serverMode: true,
    terminalBusy: () => busy,
  });
  const config = {
    profileName: "p",
    mfaSerial: "arn:aws:iam::1:mfa/u",
  } as ProfileConfig;
  assertEquals(await source(config), "123456");
  busy = true;
  const error = await assertRejects(() => source(config), CredentialsError);
  assertEquals(error.code, MFA_UNAVAILABLE);
  assertEquals(
    error.message,
    'Cannot ask for a new MFA code for "arn:aws:iam::1:mfa/u" on the terminal while the ' +
      "command runs: choose a prompt driver other than terminal with --prompt (zenity, kdialog, " +
      "ykman...), set mfa_process in the profile, or use a longer --duration",
  );
  // mfa_process still answers.
  const proc = new FakeProcessRunner(
    () => ({ stdout: new TextEncoder().encode("654321\n") }),
    ["/bin/sh"],
  );
  const withProcess = createMfaCodeSource({
    deps: { ...deps, proc },
    log: { enabled: false, debug: () => {} },
    promptDriver: "",
    serverMode: true,
    terminalBusy: () => true,
  });
  assertEquals(await withProcess({ ...config, mfaProcess: "otp" }), "654321");
});

Deno.test("runExec() --ecs-server: help messages for a subshell, a live server while it runs", async () => {
  const events: string[] = [];
  const proc = new Runner(events);
  const w = commandWorld({
    config: "[profile p]\ncredential_process = print-credentials\n",
    proc,
    vars: { SHELL: "tool" },
    stdoutIsTerminal: true,
  });
  let answer: unknown;
  let uri = "";
  proc.child = async (env) => {
    uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
    const res = await fetch(uri, {
      headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN },
    });
    answer = await res.json();
    return 0;
  };
  const code = await runExec(w.ctx, {
    profile: "p",
    noSession: false,
    json: false,
    ecsServer: true,
    command: "",
    args: [],
  });
  assertEquals(code, 0);
  assertEquals(
    w.stderr.text,
    "Starting a local ECS credential server; your app's AWS sdk must support " +
      "AWS_CONTAINER_CREDENTIALS_FULL_URI.\n" +
      "Starting subshell tool, use `exit` to exit the subshell\n",
  );
  assertEquals(answer, {
    AccessKeyId: "ASIAPROCESS",
    Expiration: "2026-11-23T13:00:00Z",
    SecretAccessKey: "s",
    Token: "t",
  });
  await assertRejects(() => fetch(uri));
});

Deno.test("a server that cannot start is one line naming it, before anything is fetched", async () => {
  const { w, events, options } = world();
  const start: CredentialServerStarter = () => Promise.reject(new Error("Address in use"));
  await assertRejects(
    () => runWithCredentialServer(w.ctx, options(), start),
    Error,
    "Failed to start credential server: Address in use",
  );
  assertEquals(events, ["help: starting"]);
});
