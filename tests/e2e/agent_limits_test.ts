/**
 * End to end: `aws-vault agent`'s time limits, its socket directory, the
 * requests it refuses, and clients that must not wait for a stopped agent.
 */

import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";
import { askAgent } from "../../backends/file_agent.ts";
import {
  alive,
  eventually,
  killAgent,
  NO_PASSPHRASE,
  rawExchange,
  startAgent,
  vaultWithSession,
} from "./agent_helpers.ts";

const exists = (path: string) => {
  try {
    Deno.lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

sandboxTest("agent: an idle timeout ends it and removes its socket", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    pid = await startAgent(s, ["--idle-timeout=1s"]);
    const sock = `${s.home}/.awsvault/agent/agent.sock`;
    assert(exists(sock));
    assert(await eventually(() => !alive(pid!)), "the agent ended after its idle time");
    assert(!exists(sock), "the socket was removed");
    const r = await s.run(["export", "jon"], { env: NO_PASSPHRASE });
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "Cannot ask for the passphrase");
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent: its lifetime ends it even while in use", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    const before = Date.now();
    pid = await startAgent(s, ["--lifetime=3s", "--idle-timeout=1h"]);
    const status = await s.run(["agent", "status"]);
    const forgets = Date.parse(/Forgets at: (\S+)/.exec(status.stdout)![1]);
    assert(forgets - before <= 5_000, `forgets at the lifetime's end: ${status.stdout}`);
    // Requests keep it busy (each would reset an idle timer); it ends all the same.
    const sock = `${s.home}/.awsvault/agent/agent.sock`;
    const end = Date.now() + 15_000;
    while (alive(pid) && Date.now() < end) {
      await askAgent(sock, { op: "passphrase", dir: s.keysDir }).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert(!alive(pid), "the agent ended at the end of its lifetime");
    assert(!exists(`${s.home}/.awsvault/agent/agent.sock`));
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent: socket under $XDG_RUNTIME_DIR; an open directory is refused", async (s) => {
  await vaultWithSession(s);
  const runtime = `${s.root}/run`;
  Deno.mkdirSync(`${runtime}/aws-vault`, { recursive: true, mode: 0o755 });
  Deno.chmodSync(`${runtime}/aws-vault`, 0o755);
  const refused = await s.run(["agent", "start"], { env: { XDG_RUNTIME_DIR: runtime } });
  assertEquals(refused.code, 1);
  assertEquals(
    refused.stderr,
    `aws-vault: error: agent start: Cannot use the agent's directory: Refusing ` +
      `"${runtime}/aws-vault": it is open to group or others (mode 0755); make it 0700\n`,
  );
  Deno.chmodSync(`${runtime}/aws-vault`, 0o700);
  let pid: number | undefined;
  try {
    pid = await startAgent(s, [], { XDG_RUNTIME_DIR: runtime });
    assertEquals(Deno.statSync(`${runtime}/aws-vault/agent.sock`).mode! & 0o777, 0o600);
    const r = await s.run(["export", "jon"], {
      env: { ...NO_PASSPHRASE, XDG_RUNTIME_DIR: runtime },
    });
    assertEquals(r.code, 0, r.stderr);
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent: malformed, oversized and unknown requests close the connection", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    const sock = `${s.root}/a/agent.sock`;
    pid = await startAgent(s, [], { AWS_VAULT_AGENT_SOCK: sock });
    const enc = new TextEncoder();
    const cases: [string, Uint8Array][] = [
      ["not JSON", enc.encode("hello\n")],
      ["an unknown request", enc.encode('{"op":"dump"}\n')],
      ["a request without its fields", enc.encode('{"op":"passphrase"}\n')],
      ["a line over 64 KiB", enc.encode("x".repeat(70 * 1024))],
    ];
    for (const [what, bytes] of cases) {
      assertEquals(await rawExchange(sock, bytes), "", what);
    }
    // Another vault's passphrase is not given.
    const other = await askAgent(sock, { op: "passphrase", dir: "/elsewhere" });
    assertEquals(other, { ok: false, reason: "it serves another vault" });
    // It still serves its own.
    const status = await s.run(["agent", "status"], { env: { AWS_VAULT_AGENT_SOCK: sock } });
    assertEquals(status.code, 0, status.stderr);
  } finally {
    killAgent(pid);
  }
});

sandboxTest(
  "agent: commands for another vault fall back; a second start for it fails",
  async (s) => {
    await vaultWithSession(s);
    let pid: number | undefined;
    try {
      pid = await startAgent(s);
      const otherDir = `${s.root}/other-keys`;
      Deno.mkdirSync(otherDir, { mode: 0o700 });
      for (const name of s.keyFiles()) {
        Deno.copyFileSync(
          `${s.keysDir}/${name}`,
          `${otherDir}/${name}`,
        );
      }
      const r = await s.run(["--debug", "--file-dir", otherDir, "export", "jon"], {
        env: NO_PASSPHRASE,
      });
      assertEquals(r.code, 1);
      assertStringIncludes(r.stderr, "the agent did not answer: it serves another vault");
      assertStringIncludes(r.stderr, "Cannot ask for the passphrase");
      const second = await s.run(["--file-dir", otherDir, "agent", "start"]);
      assertEquals(second.code, 1);
      assertStringIncludes(second.stderr, `An agent for another vault, "${s.keysDir}"`);
    } finally {
      killAgent(pid);
    }
  },
);

sandboxTest("agent: a stopped (SIGSTOP) agent does not hang commands", async (s) => {
  await vaultWithSession(s);
  let pid: number | undefined;
  try {
    pid = await startAgent(s);
    Deno.kill(pid, "SIGSTOP");
    const started = performance.now();
    const r = await s.run(["--debug", "export", "jon"], { env: NO_PASSPHRASE });
    const ms = performance.now() - started;
    assertEquals(r.code, 1);
    assertStringIncludes(r.stderr, "it did not answer in time");
    assertStringIncludes(r.stderr, "Cannot ask for the passphrase");
    assert(ms < 15_000, `gave up in time (${ms.toFixed(0)} ms)`);
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent start: an empty vault is accepted, saying nothing was checked", async (s) => {
  let pid: number | undefined;
  try {
    const before = Date.now();
    const r = await s.run(["agent", "start", "--idle-timeout=1m", "--lifetime=2h"]);
    assertEquals(r.code, 0, r.stderr);
    pid = Number(/\(pid (\d+)\)/.exec(r.stdout)![1]);
    assertStringIncludes(r.stdout, "is empty: there was nothing to check the passphrase against");
    assertStringIncludes(r.stdout, "It forgets the passphrase after 1m without use");
    // "at the latest" is the end of the lifetime, not the idle deadline.
    const latest = Date.parse(/and at (\S+) at the latest/.exec(r.stdout)![1]);
    const lifetimeEnd = before + 2 * 3600_000;
    assert(Math.abs(latest - lifetimeEnd) < 60_000, r.stdout);
  } finally {
    killAgent(pid);
  }
});

sandboxTest("agent: SIGTERM ends it and removes its socket", async (s) => {
  let pid: number | undefined;
  try {
    pid = await startAgent(s);
    const sock = `${s.home}/.awsvault/agent/agent.sock`;
    assert(exists(sock));
    Deno.kill(pid, "SIGTERM");
    assert(await eventually(() => !alive(pid!)), "the agent ended");
    assert(!exists(sock), "the socket was removed");
  } finally {
    killAgent(pid);
  }
});

sandboxTest(
  "agent: a relative or too long socket path is refused in one line; commands fall back",
  async (s) => {
    const long = `${s.root}/${"d".repeat(120)}/agent.sock`;
    const tooLong = await s.run(["agent", "start"], { env: { AWS_VAULT_AGENT_SOCK: long } });
    assertEquals(tooLong.code, 1);
    assertStringIncludes(
      tooLong.stderr,
      `aws-vault: error: agent start: The agent's socket path "${long}" is `,
    );
    assertStringIncludes(tooLong.stderr, "set AWS_VAULT_AGENT_SOCK to a shorter one\n");
    assertEquals(tooLong.stderr.split("\n").length, 2, tooLong.stderr);
    let created = true;
    try {
      Deno.statSync(`${s.root}/${"d".repeat(120)}`);
    } catch {
      created = false;
    }
    assertEquals(created, false, "no directory is made for a socket that cannot be");
    const relative = await s.run(["agent", "status"], { env: { AWS_VAULT_AGENT_SOCK: "a.sock" } });
    assertEquals(relative, {
      code: 1,
      stdout: "",
      stderr:
        'aws-vault: error: agent status: AWS_VAULT_AGENT_SOCK "a.sock" is not an absolute path\n',
    });
    // A client that needs the passphrase goes on to the usual prompt path.
    await vaultWithSession(s);
    const exported = await s.run(["--debug", "export", "--no-session", "jon"], {
      env: { ...NO_PASSPHRASE, AWS_VAULT_AGENT_SOCK: "a.sock" },
    });
    assertEquals(exported.code, 1);
    assertStringIncludes(exported.stderr, "file backend: no agent: AWS_VAULT_AGENT_SOCK");
    assertStringIncludes(exported.stderr, "Cannot ask for the passphrase to unlock");
  },
);
