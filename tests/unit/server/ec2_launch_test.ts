/**
 * `startEc2CredentialServer()` with stand-ins for the proxy process and the
 * 169.254.169.254 probe: what it refuses, how it starts the proxy, and what it
 * stops. The real proxy, alias and clients are in tests/e2e/ec2_netns_test.ts.
 */
import type { BackgroundProcess } from "../../../src/platform/background_process.ts";
import { acceptsTcp } from "../../../src/platform/tcp_probe.ts";
import { directFetch } from "../../../src/platform/direct_fetch.ts";
import type { OsName } from "../../../src/platform/types.ts";
import {
  type Ec2LaunchOptions,
  type Ec2ServerContext,
  PROXY_NOT_RUNNING,
  startEc2CredentialServer,
} from "../../../src/server/ec2_launch.ts";
import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import { FakeClock, FakeProcessRunner } from "../../helpers/fakes.ts";

const SELF = ["/opt/deno", "run", "--allow-all", "/src/main.ts"];

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

interface Harness {
  server: Ec2ServerContext;
  options: Ec2LaunchOptions;
  events: string[];
  proc: FakeProcessRunner;
  port: number;
  /** Ends the fake proxy child (as /stop would). */
  exitChild: (code: number) => void;
}

/**
 * A harness whose probe answers from `answers` in turn (the first call is the
 * "already bound?" check) and whose proxy child exits when asked to stop.
 */
function harness(
  answers: boolean[],
  setup: { superuser?: boolean; os?: OsName; sudoStatus?: number; childExits?: number } = {},
): Harness {
  const events: string[] = [];
  const port = freePort();
  let exitChild = (_code: number) => {};
  const status = new Promise<number>((resolve) => exitChild = resolve);
  if (setup.childExits !== undefined) exitChild(setup.childExits);
  const proc = new FakeProcessRunner((req) => {
    events.push(`run ${req.cmd} ${(req.args ?? []).join(" ")}`);
    return setup.sudoStatus ?? 0;
  });
  const child: BackgroundProcess = {
    status,
    kill: (signal) => events.push(`kill ${signal}`),
  };
  const server: Ec2ServerContext = {
    deps: { clock: new FakeClock(), os: setup.os ?? "linux", proc },
    log: { enabled: false, debug: () => {} },
    config: { region: "eu-west-1" },
    credentials: {
      get: () => {
        events.push("credentials");
        return Promise.resolve({ accessKeyId: "ASIAX", secretAccessKey: "s" });
      },
    },
  };
  const options: Ec2LaunchOptions = {
    port,
    launcher: {
      self: SELF,
      superuser: setup.superuser ?? false,
      spawn: (cmd, args) => {
        events.push(`spawn ${cmd} ${args.join(" ")}`);
        return child;
      },
      probe: (hostname, probePort, timeoutMs) => {
        events.push(`probe ${hostname}:${probePort} ${timeoutMs}ms`);
        return Promise.resolve(answers.shift() ?? false);
      },
      stop: () => {
        events.push("stop");
        exitChild(0);
        return Promise.resolve();
      },
    },
  };
  return { server, options, events, proc, port, exitChild };
}

Deno.test("startEc2CredentialServer() refuses when something answers on 169.254.169.254:80", async () => {
  const h = harness([true]);
  const error = await assertRejects(() => startEc2CredentialServer(h.server, h.options));
  assertEquals(error.message, "Another process is already bound to 169.254.169.254:80");
  assertEquals(h.events, ["probe 169.254.169.254:80 10ms"]);
});

Deno.test("startEc2CredentialServer() starts the proxy with sudo -b when not root", async () => {
  const h = harness([false, false, false, true]);
  const handle = await startEc2CredentialServer(h.server, h.options);
  try {
    assertEquals(handle.env, {});
    const http = directFetch("127.0.0.1", h.port);
    try {
      const base = "http://169.254.169.254/latest";
      const creds = await http.fetch(
        `${base}/meta-data/iam/security-credentials/local-credentials`,
      );
      assertEquals(JSON.parse(await creds.text()).AccessKeyId, "ASIAX");
      const document = await http.fetch(`${base}/dynamic/instance-identity/document`);
      assertEquals(await document.text(), `{"region": "eu-west-1"}`);
    } finally {
      http.close();
    }
    assertEquals(h.events, [
      "probe 169.254.169.254:80 10ms",
      "run sudo -b /opt/deno run --allow-all /src/main.ts proxy",
      "probe 169.254.169.254:80 100ms",
      "probe 169.254.169.254:80 100ms",
      "probe 169.254.169.254:80 100ms",
      "credentials",
    ]);
  } finally {
    await handle.stop();
  }
  assertEquals(h.events.at(-1), "stop");
  assertEquals(await acceptsTcp("127.0.0.1", h.port, 1_000), false, "the metadata server stopped");
});

Deno.test("startEc2CredentialServer() runs the proxy itself when root, and waits for it to exit", async () => {
  for (const setup of [{ superuser: true }, { os: "windows" as const }]) {
    const h = harness([false, true], setup);
    const handle = await startEc2CredentialServer(h.server, h.options);
    assertEquals(h.events.slice(1), [
      "spawn /opt/deno run --allow-all /src/main.ts proxy",
      "probe 169.254.169.254:80 100ms",
    ]);
    assertEquals(h.proc.calls, [], "no sudo");
    await handle.stop();
    assertEquals(h.events.at(-1), "stop");
  }
});

Deno.test("startEc2CredentialServer() fails and cleans up when the proxy does not start", async () => {
  const sudoFails = harness([false], { sudoStatus: 1 });
  await assertRejects(
    () => startEc2CredentialServer(sudoFails.server, sudoFails.options),
    Error,
    "Cannot start the EC2 metadata proxy: sudo exited with status 1",
  );
  assertEquals(sudoFails.events.at(-1), "stop");
  assertEquals(await acceptsTcp("127.0.0.1", sudoFails.port, 1_000), false);

  const exits = harness([false, false], { superuser: true, childExits: 1 });
  const error = await assertRejects(() => startEc2CredentialServer(exits.server, exits.options));
  assertEquals(error.message, PROXY_NOT_RUNNING);
  assertEquals(await acceptsTcp("127.0.0.1", exits.port, 1_000), false);
});

Deno.test("startEc2CredentialServer() reports a taken metadata port before starting the proxy", async () => {
  const h = harness([false, true]);
  const taken = Deno.listen({ hostname: "127.0.0.1", port: h.port });
  try {
    await assertRejects(
      () => startEc2CredentialServer(h.server, h.options),
      Error,
      `Failed to start credential server: Cannot listen on 127.0.0.1:${h.port}: address already in use`,
    );
  } finally {
    taken.close();
  }
  assert(!h.events.some((e) => e.startsWith("run") || e.startsWith("spawn")), h.events.join());
});
