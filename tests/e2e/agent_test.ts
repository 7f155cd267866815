/**
 * End to end: `aws-vault agent` holds the file backend's passphrase, so that
 * `export`/`exec` run with no passphrase in the environment and no terminal;
 * without it they fail fast with the usual no-terminal error.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";
import {
  alive,
  killAgent,
  NO_PASSPHRASE,
  pidOf,
  SESSION_KEY_ID,
  startAgent,
  vaultWithSession,
} from "./agent_helpers.ts";

const NO_TERMINAL = "Cannot ask for the passphrase to unlock";

sandboxTest("agent: export and exec use its passphrase; after stop they fail fast", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    pid = await startAgent(s);
    const sock = `${s.home}/.awsvault/agent/agent.sock`;
    assertEquals(Deno.statSync(sock).mode! & 0o777, 0o600, "socket mode");
    assertEquals(Deno.statSync(`${s.home}/.awsvault/agent`).mode! & 0o777, 0o700, "dir mode");

    const first = await s.run(["--debug", "export", "jon"], { env: NO_PASSPHRASE });
    assertEquals(first.code, 0, first.stderr);
    assertStringIncludes(first.stdout, `AWS_ACCESS_KEY_ID=${SESSION_KEY_ID}`);
    assertStringIncludes(first.stderr, "file backend: the agent decrypted");
    assert(!first.stderr.includes("file backend: decrypting"), "the client ran no PBKDF2");
    assert(!first.stderr.includes(PASSPHRASE_TEXT), "the passphrase is not in --debug output");

    const exec = await s.run(["exec", "jon", "--", "sh", "-c", "echo $AWS_ACCESS_KEY_ID"], {
      env: NO_PASSPHRASE,
    });
    assertEquals([exec.code, exec.stdout.trim()], [0, SESSION_KEY_ID], exec.stderr);

    const status = await s.run(["agent", "status"]);
    assertEquals(status.code, 0, status.stderr);
    assertEquals(pidOf(status), pid);
    assertStringIncludes(status.stdout, `Vault: "${s.keysDir}"`);
    // export had the agent decrypt the session; exec's lookup was answered from memory.
    assertStringIncludes(status.stdout, "Sessions held: 1 (answered from memory 1 times)");

    const again = await s.run(["agent", "start"], { env: NO_PASSPHRASE });
    assertEquals(again.code, 0, again.stderr);
    assertStringIncludes(again.stdout, `An agent is already running (pid ${pid})`);

    const stop = await s.run(["agent", "stop"]);
    assertEquals(stop.code, 0, stop.stderr);
    assert(await waitGone(pid), "the agent ended");
    assert(!exists(sock), "the socket was removed");

    const started = performance.now();
    const after = await s.run(["export", "jon"], { env: NO_PASSPHRASE });
    const ms = performance.now() - started;
    assertEquals(after.code, 1);
    assertStringIncludes(after.stderr, NO_TERMINAL);
    assertStringIncludes(after.stderr, 'or run "aws-vault agent start" in a terminal first\n');
    assert(ms < 10_000, `failed fast (${ms.toFixed(0)} ms)`);

    const none = await s.run(["agent", "status"]);
    assertEquals([none.code, none.stdout], [1, `No agent is running at "${sock}"\n`]);
    const stopNone = await s.run(["agent", "stop"]);
    assertEquals([stopNone.code, stopNone.stderr], [1, `No agent is running at "${sock}"\n`]);
  } finally {
    killAgent(pid);
  }
});

const PASSPHRASE_TEXT = "test-passphrase";

function exists(path: string): boolean {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number): Promise<boolean> {
  const end = Date.now() + 15_000;
  while (Date.now() < end) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

sandboxTest("agent start: a wrong passphrase starts nothing", async (s) => {
  await vaultWithSession(s);
  const r = await s.run(["agent", "start"], { env: { AWS_VAULT_FILE_PASSPHRASE: "wrong" } });
  assertEquals(r.code, 1);
  assertEquals(r.stderr.trim().split("\n").length, 1, r.stderr);
  assertStringIncludes(r.stderr, "aws-vault: error: agent start: Cannot decrypt");
  assertStringIncludes(r.stderr, "(wrong passphrase?)");
  assert(!r.stderr.includes("wrong\n") && !r.stderr.includes('"wrong"'), "no passphrase echoed");
  assert(!exists(`${s.home}/.awsvault/agent/agent.sock`), "no socket");
  assertEquals((await s.run(["agent", "status"])).code, 1);
});

sandboxTest("agent: kill -9 leaves a stale socket that commands ignore", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    pid = await startAgent(s);
    killAgent(pid);
    assert(await waitGone(pid));
    const sock = `${s.home}/.awsvault/agent/agent.sock`;
    assert(exists(sock), "kill -9 leaves the socket file");
    // No terminal: the usual error, from the prompt path.
    const r = await s.run(["--debug", "export", "jon"], { env: NO_PASSPHRASE });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, `file backend: no agent at "${sock}"`);
    assertStringIncludes(r.stderr, NO_TERMINAL);
    // A terminal: the prompt answers.
    const pty = await s.runPty(["export", "jon"], [["Enter passphrase", PASSPHRASE_TEXT]], {
      env: NO_PASSPHRASE,
    });
    assertEquals(pty.code, 0, pty.stdout + pty.stderr);
    assertStringIncludes(pty.stdout, `AWS_ACCESS_KEY_ID=${SESSION_KEY_ID}`);
    // And a new agent replaces the stale socket.
    pid = await startAgent(s);
    const again = await s.run(["export", "jon"], { env: NO_PASSPHRASE });
    assertEquals(again.code, 0, again.stderr);
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent start: parallel starts end with one agent, which they all report", async (s) => {
  await vaultWithSession(s);
  const pids = new Set<number>();
  try {
    const runs = await Promise.all(
      Array.from({ length: 6 }, () => s.run(["agent", "start", "--idle-timeout=1m"])),
    );
    for (const r of runs) {
      assertEquals(r.code, 0, r.stderr);
      pids.add(pidOf(r));
    }
    assertEquals(pids.size, 1, `several agents started: ${[...pids].join(", ")}`);
    const status = await s.run(["agent", "status"]);
    assertEquals(pidOf(status), [...pids][0]);
  } finally {
    for (const pid of pids) killAgent(pid);
  }
});
