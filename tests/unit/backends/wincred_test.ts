/**
 * The wincred backend driving a stand-in `powershell` (tests/helpers/stand_ins/powershell)
 * that checks it receives backends/wincred.ps1 and the request on stdin, records every
 * run and answers the script's protocol from a JSON credential store.
 */

import {
  loadWincredScript,
  WINCRED_BACKEND,
  WINCRED_MAX_BLOB,
  WincredKeyring,
} from "../../../backends/wincred.ts";
import { POWERSHELL_BOOTSTRAP } from "../../../src/platform/powershell.ts";
import { KeyringError } from "../../../src/errors.ts";
import { denoProcessRunner } from "../../../src/platform/deno_proc.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { fakeDeps, fakeEnv } from "../../helpers/fakes.ts";
import { masterItem as item, wincredRoundTrip } from "../../helpers/keyring_round_trips.ts";

const STAND_INS = new URL("../../helpers/stand_ins", import.meta.url).pathname;
const SILENT: Logger = { enabled: false, debug: () => {} };
const enc = new TextEncoder();
const dec = new TextDecoder();
const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

interface Credential {
  target: string;
  type: number;
  blob: string;
  comment: string | null;
  persist: number;
  user: string;
}

interface Run {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

async function world(options: { state?: unknown; path?: string } = {}) {
  const dir = await Deno.makeTempDir({ prefix: "wincred-test-" });
  const state = `${dir}/state.json`;
  const log = `${dir}/log.jsonl`;
  if (options.state !== undefined) await Deno.writeTextFile(state, JSON.stringify(options.state));
  const env = fakeEnv({
    PATH: options.path ?? `${STAND_INS}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    WINCRED_STANDIN_STATE: state,
    WINCRED_STANDIN_LOG: log,
    AWS_SECRET_ACCESS_KEY: "secret-from-the-environment",
    AWS_SESSION_TOKEN: "token-from-the-environment",
  });
  const proc = denoProcessRunner({ getEnv: (name) => env.get(name) });
  const logged: string[] = [];
  const narrator: Logger = { enabled: true, debug: (message) => logged.push(message) };
  const wincred = new WincredKeyring({
    proc,
    env,
    log: narrator,
    script: await loadWincredScript(),
  });
  return {
    wincred,
    logged,
    async runs(): Promise<Run[]> {
      try {
        return (await Deno.readTextFile(log)).trim().split("\n").filter((l) => l).map((l) =>
          JSON.parse(l)
        );
      } catch {
        return [];
      }
    },
    async credentials(): Promise<Credential[]> {
      return JSON.parse(await Deno.readTextFile(state)).credentials;
    },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

const MASTER =
  '{"AccessKeyID":"AKIAIOSFODNN7EXAMPLE","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}';

Deno.test("wincred stores a generic credential aws-vault:aws-vault:<key> whose blob is the raw credential JSON", async () => {
  const w = await world();
  try {
    await w.wincred.set(item("jonsmith", MASTER));
    assertEquals(await w.credentials(), [
      {
        target: "aws-vault:aws-vault:jonsmith",
        type: 1,
        blob: hex(enc.encode(MASTER)),
        comment: null,
        persist: 2,
        user: "",
      },
    ]);
    const got = await w.wincred.get("jonsmith");
    assertEquals(got && dec.decode(got.data), MASTER);
    assertEquals(got?.key, "jonsmith");
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred runs PowerShell with a constant bootstrap and sends the script and request on stdin", async () => {
  const w = await world();
  try {
    await w.wincred.set(item("jonsmith", MASTER));
    const [run] = await w.runs();
    assertEquals(run.argv, ["-NoProfile", "-NonInteractive", "-Command", POWERSHELL_BOOTSTRAP]);
    const script = await loadWincredScript();
    assert(run.stdin.startsWith(`${script}\0`), "the script comes first on stdin, then a NUL");
    const request = JSON.parse(run.stdin.slice(script.length + 1));
    assertEquals(request, {
      ops: [
        {
          op: "write",
          target: btoa("aws-vault:aws-vault:jonsmith"),
          blob: btoa(MASTER),
          comment: "",
        },
        { op: "purge", prefix: btoa("aws-vault:aws-vault-part:jonsmith:"), from: 1 },
      ],
    });
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred keys round-trip with /, %, spaces, commas, colons and non-ASCII", async () => {
  const w = await world();
  try {
    const keys = [
      "a/b",
      "100%",
      "with space",
      "sts.AssumeRole,cm9sZQ,,1795000000",
      "oidc:https://x.awsapps.com/start",
      "ünï-配置",
    ];
    for (const key of keys) await w.wincred.set(item(key, `{"k":"${key}"}`));
    for (const key of keys) {
      assertEquals(dec.decode((await w.wincred.get(key))!.data), `{"k":"${key}"}`);
    }
    assertEquals((await w.wincred.keys()).sort(), [...keys].sort());
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred keys lists only aws-vault:aws-vault: credentials, written by us or by aws-vault", async () => {
  const cred = (target: string) => ({
    target,
    type: 1,
    blob: "7b7d",
    comment: null,
    persist: 2,
    user: "",
  });
  const w = await world({
    state: {
      credentials: [
        cred("aws-vault:aws-vault:from-go"),
        cred("git:https://github.com"),
        cred("aws-vault:other-service:x"),
        cred("aws-vault:aws-vault-part:from-go:1"),
      ],
    },
  });
  try {
    assertEquals(await w.wincred.keys(), ["from-go"]);
    assertEquals(dec.decode((await w.wincred.get("from-go"))!.data), "{}");
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred get of a missing credential is undefined and remove reports whether it existed", async () => {
  const w = await world();
  try {
    assertEquals(await w.wincred.get("nobody"), undefined);
    assertEquals(await w.wincred.remove("nobody"), false);
    await w.wincred.set(item("jonsmith", MASTER));
    assertEquals(await w.wincred.remove("jonsmith"), true);
    assertEquals(await w.wincred.get("jonsmith"), undefined);
    assertEquals(await w.credentials(), []);
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred splits a value over 2,560 bytes into parts that keys() hides and get() joins", async () => {
  const w = await world();
  try {
    const token = "x".repeat(6_000);
    const big = `{"Token":{"AccessToken":"${token}"},"Expiration":"2026-11-23T20:00:00Z"}`;
    await w.wincred.set(item("oidc:https://x.awsapps.com/start", big));
    const creds = await w.credentials();
    assertEquals(creds.map((c) => [c.target, c.comment, c.blob.length / 2]), [
      ["aws-vault:aws-vault-part:oidc:https://x.awsapps.com/start:1", null, WINCRED_MAX_BLOB],
      [
        "aws-vault:aws-vault-part:oidc:https://x.awsapps.com/start:2",
        null,
        big.length - 2 * WINCRED_MAX_BLOB,
      ],
      [
        "aws-vault:aws-vault:oidc:https://x.awsapps.com/start",
        "aws-vault:parts=3",
        WINCRED_MAX_BLOB,
      ],
    ]);
    // What aws-vault itself would read: the first 2,560 bytes.
    assertEquals(
      dec.decode(new Uint8Array(creds[2].blob.match(/../g)!.map((h) => parseInt(h, 16)))),
      big.slice(0, 2560),
    );
    assertEquals(await w.wincred.keys(), ["oidc:https://x.awsapps.com/start"]);
    assertEquals(dec.decode((await w.wincred.get("oidc:https://x.awsapps.com/start"))!.data), big);

    // A smaller value replaces it exactly as aws-vault would store it, and the parts go.
    await w.wincred.set(item("oidc:https://x.awsapps.com/start", '{"Token":{}}'));
    assertEquals((await w.credentials()).map((c) => [c.target, c.comment]), [
      ["aws-vault:aws-vault:oidc:https://x.awsapps.com/start", null],
    ]);

    await w.wincred.set(item("big", big));
    assertEquals(await w.wincred.remove("big"), true);
    assertEquals((await w.credentials()).filter((c) => c.target.includes("big")), []);
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred reports a missing part of a split value", async () => {
  const w = await world({
    state: {
      credentials: [
        {
          target: "aws-vault:aws-vault:k",
          type: 1,
          blob: "7b",
          comment: "aws-vault:parts=2",
          persist: 2,
          user: "",
        },
      ],
    },
  });
  try {
    const error = await assertRejects(() => w.wincred.get("k"), KeyringError);
    assertEquals(error.message, 'Keyring backend "wincred": part 2 of 2 of "k" is missing');
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred turns a Cred* failure into one line naming the backend, the function and Windows' message", async () => {
  const w = await world({ state: { credentials: [], fail: { op: "write", code: 5 } } });
  try {
    const error = await assertRejects(() => w.wincred.set(item("jonsmith", MASTER)), KeyringError);
    assertEquals(
      error.message,
      'Keyring backend "wincred": CredWriteW failed for "aws-vault:aws-vault:jonsmith": Access is denied (error 5)',
    );
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred reports PowerShell's own first error line when the script cannot run", async () => {
  const w = await world({ state: { credentials: [], crash: true } });
  try {
    const error = await assertRejects(() => w.wincred.keys(), KeyringError);
    assertEquals(
      error.message,
      'Keyring backend "wincred": powershell failed (exit status 1): Add-Type : Cannot add type. ' +
        "Definition of new types is not supported in this language mode.",
    );
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred: no secret reaches PowerShell's argv or environment, only its stdin", async () => {
  const w = await world();
  try {
    const secret = "SeCrEt-0a1b2c3d-wincred-never-in-argv";
    const data = `{"AccessKeyID":"AKIA","SecretAccessKey":"${secret}","Pad":"${
      "p".repeat(3_000)
    }"}`;
    await w.wincred.set(item("jonsmith", data));
    await w.wincred.get("jonsmith");
    await w.wincred.keys();
    await w.wincred.remove("jonsmith");
    const runs = await w.runs();
    assert(runs.length >= 5, `expected a PowerShell run per operation, got ${runs.length}`);
    for (const run of runs) {
      const visible = JSON.stringify([run.argv, run.env]);
      for (const form of [secret, btoa(data).slice(0, 40), hex(enc.encode(secret))]) {
        assert(!visible.includes(form), "a secret reached argv or the environment");
      }
      assertEquals(run.env.AWS_SECRET_ACCESS_KEY, undefined);
      assertEquals(run.env.AWS_SESSION_TOKEN, undefined);
    }
    assert(
      runs[0].stdin.includes(btoa(data.slice(0, 2_559)).slice(0, 40)),
      "the data travels on stdin",
    );
    assert(w.logged.length >= 4, "every PowerShell run is narrated for --debug");
    for (const message of w.logged) {
      assert(!message.includes(secret) && !message.includes(btoa(data).slice(0, 40)), message);
    }
  } finally {
    await w.cleanup();
  }
});

Deno.test("wincred falls back to pwsh and says where PowerShell comes from when neither exists", async () => {
  const only = await Deno.makeTempDir();
  const empty = await Deno.makeTempDir();
  await Deno.symlink(`${STAND_INS}/powershell`, `${only}/pwsh`);
  const pwsh = await world({ path: `${only}:${Deno.env.get("PATH")}` });
  const none = await world({ path: empty });
  try {
    await pwsh.wincred.set(item("jonsmith", MASTER));
    assertEquals((await pwsh.credentials()).length, 1);
    const error = await assertRejects(() => none.wincred.keys(), KeyringError);
    assertEquals(
      error.message,
      'Keyring backend "wincred": PowerShell was not found ("powershell" or "pwsh" on PATH); Windows PowerShell ' +
        "is part of Windows (%SystemRoot%\\System32\\WindowsPowerShell\\v1.0), or install PowerShell 7",
    );
  } finally {
    await pwsh.cleanup();
    await none.cleanup();
    await Deno.remove(only, { recursive: true });
    await Deno.remove(empty);
  }
});

Deno.test("wincred descriptor is offered on Windows and usable when PowerShell is on PATH", async () => {
  assertEquals(WINCRED_BACKEND.os, ["windows"]);
  const { deps } = fakeDeps();
  const which = (names: string[]) => ({
    ...deps.proc,
    which: (cmd: string) =>
      Promise.resolve(names.includes(cmd) ? `C:\\Windows\\${cmd}.exe` : undefined),
  });
  assertEquals(
    await WINCRED_BACKEND.probe(
      { deps: { ...deps, proc: which(["pwsh"]) }, log: SILENT },
      {} as never,
    ),
    { usable: true, reason: "C:\\Windows\\pwsh.exe is there" },
  );
  assertEquals(
    (await WINCRED_BACKEND.probe({ deps: { ...deps, proc: which([]) }, log: SILENT }, {} as never))
      .usable,
    false,
  );
  assertEquals((await WINCRED_BACKEND.open({ deps, log: SILENT }, {} as never)).backend, "wincred");
});

Deno.test("wincred.ps1 is ASCII and writes generic, local-machine credentials with an empty user name", async () => {
  const script = await loadWincredScript();
  assert(
    [...script].every((c) => c === "\t" || c === "\n" || c === "\r" || (c >= " " && c <= "~")),
    "the script must be ASCII (it crosses the console code page)",
  );
  for (
    const needle of [
      "public const int CRED_TYPE_GENERIC = 1;",
      "public const int CRED_PERSIST_LOCAL_MACHINE = 2;",
      "c.Type = CRED_TYPE_GENERIC;",
      "c.Persist = CRED_PERSIST_LOCAL_MACHINE;",
      'c.UserName = "";',
      'EntryPoint = "CredReadW"',
      'EntryPoint = "CredWriteW"',
      'EntryPoint = "CredDeleteW"',
      'EntryPoint = "CredEnumerateW"',
    ]
  ) assertStringIncludes(script, needle);
});

/** The same round trip runs against the real Credential Manager on Windows (tests/integration/). */
Deno.test("wincred round trip through the stand-in PowerShell", async () => {
  const w = await world();
  try {
    await wincredRoundTrip(w.wincred);
  } finally {
    await w.cleanup();
  }
});
