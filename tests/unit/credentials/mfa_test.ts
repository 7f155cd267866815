/**
 * The MFA code source (spec §12, checklist 89–90): priority `--mfa-token` >
 * `mfa_process` > prompt driver, one code per call, automatic driver choice,
 * and failing at once when nothing can ask. Fakes only; the real process
 * runner is in mfa_process_test.ts.
 */

import type { ProfileConfig } from "../../../src/config/profile_config.ts";
import {
  createMfaCodeSource,
  MFA_UNAVAILABLE,
  type MfaCodeSourceOptions,
} from "../../../src/credentials/mfa.ts";
import { ConfigError, CredentialsError } from "../../../src/errors.ts";
import type { Logger, RunRequest, RunResult, Terminal } from "../../../src/platform/types.ts";
import { ATTACH_TERMINAL_SCRIPT } from "../../../src/prompt/helper_process.ts";
import { assert, assertEquals, assertRejects } from "../../helpers/assert.ts";
import { fakeDeps, fakeIo, FakeProcessRunner, FakeTerminal } from "../../helpers/fakes.ts";

const SERIAL = "arn:aws:iam::111111111111:mfa/jonsmith";
const HOUR = 3_600_000;
const enc = new TextEncoder();

function profile(fields: Partial<ProfileConfig> = {}): ProfileConfig {
  return {
    profileName: "jonsmith",
    mfaSerial: SERIAL,
    assumeRoleDurationMs: HOUR,
    nonChainedGetSessionTokenDurationMs: HOUR,
    chainedGetSessionTokenDurationMs: 8 * HOUR,
    getFederationTokenDurationMs: HOUR,
    ssoUseStdout: false,
    ...fields,
  };
}

interface WorldOptions {
  /** Answers typed at the terminal; undefined = no controlling terminal. */
  answers?: string[];
  stdoutIsTerminal?: boolean;
  onPath?: string[];
  vars?: Record<string, string>;
  os?: "linux" | "windows";
  /** What helpers print, in order of the runs. */
  outputs?: Array<Partial<RunResult> & { text?: string }>;
  source?: Partial<MfaCodeSourceOptions>;
}

function world(options: WorldOptions = {}) {
  const outputs = [...(options.outputs ?? [])];
  const proc = new FakeProcessRunner((_req: RunRequest) => {
    const next = outputs.shift() ?? { text: "" };
    return { ...next, stdout: enc.encode(next.text ?? "") };
  }, options.onPath ?? []);
  const { io } = fakeIo({ stdoutIsTerminal: options.stdoutIsTerminal ?? true });
  const terminal = new FakeTerminal(options.answers);
  const { deps } = fakeDeps({
    proc,
    io,
    terminal,
    os: options.os ?? "linux",
    vars: { AWS_SECRET_ACCESS_KEY: "never-for-helpers", ...(options.vars ?? {}) },
  });
  const logged: string[] = [];
  const log: Logger = { enabled: true, debug: (m) => logged.push(m) };
  const source = createMfaCodeSource({ deps, log, promptDriver: "", ...options.source });
  return { source, proc, terminal, logged, deps };
}

const NO_WAY =
  `No way to ask for the MFA code for "${SERIAL}": no terminal and no GUI prompt driver; ` +
  "use --mfa-token, set mfa_process in the profile, or choose a driver with --prompt";

Deno.test("--mfa-token answers the first call without asking anything", async () => {
  const w = world({ answers: ["999999"] });
  assertEquals(
    await w.source(profile({ mfaToken: " 123456 ", mfaProcess: "pass otp x" })),
    "123456",
  );
  assertEquals(w.proc.calls.length, 0);
  assertEquals(w.terminal.asked.length, 0);
});

Deno.test("the --mfa-token code serves one call; later calls run mfa_process each time", async () => {
  const w = world({ outputs: [{ text: "222222\n" }, { text: "333333\n" }] });
  const config = profile({ mfaToken: "111111", mfaProcess: "ykman oath accounts code x" });
  assertEquals(await w.source(config), "111111");
  assertEquals(await w.source(config), "222222");
  assertEquals(await w.source(config), "333333");
  assertEquals(w.proc.calls.length, 2);
  assert(w.logged.includes(`The --mfa-token code is spent; asking again for ${SERIAL}`));
});

Deno.test("after the --mfa-token code, the prompt driver asks for the next one", async () => {
  const w = world({ answers: ["444444"] });
  const config = profile({ mfaToken: "111111" });
  assertEquals(await w.source(config), "111111");
  assertEquals(await w.source(config), "444444");
  assertEquals(w.terminal.asked, [{ message: `Enter MFA code for ${SERIAL}: `, echo: true }]);
});

Deno.test("a spent --mfa-token with nothing else to ask fails at once, saying why", async () => {
  const w = world({ stdoutIsTerminal: false });
  const config = profile({ mfaToken: "111111" });
  assertEquals(await w.source(config), "111111");
  const error = await assertRejects(() => w.source(config), CredentialsError);
  assertEquals(
    error.message,
    `No way to ask for a second MFA code for "${SERIAL}" (the --mfa-token code went to an ` +
      "earlier call, and a code is valid once): no terminal and no GUI prompt driver; " +
      "set mfa_process in the profile, or choose a driver with --prompt",
  );
  assertEquals(error.code, MFA_UNAVAILABLE);
});

Deno.test("mfa_process comes before the prompt driver", async () => {
  const w = world({ answers: ["555555"], onPath: ["/bin/sh"], outputs: [{ text: "  666666 \n" }] });
  assertEquals(await w.source(profile({ mfaProcess: "pass otp aws" })), "666666");
  assertEquals(w.terminal.asked.length, 0);
  assert(w.logged.includes("Executing mfa_process"));
});

Deno.test("mfa_process runs as `/bin/sh -c <command>`, stderr through, helper environment", async () => {
  const w = world({ outputs: [{ text: "777777" }] });
  await w.source(profile({ mfaProcess: "pass otp 'my aws' | tail -n 1" }));
  const [call] = w.proc.calls;
  assertEquals(call.cmd, "/bin/sh");
  assertEquals(call.args, ["-c", "pass otp 'my aws' | tail -n 1"]);
  assertEquals(call.inheritStderr, true);
  assertEquals(call.stdin, undefined);
  assertEquals(call.timeoutMs, 5 * 60_000);
  assertEquals(call.env?.AWS_SECRET_ACCESS_KEY, undefined);
  assertEquals(call.env?.HOME, "/home/u");
});

Deno.test("with a controlling terminal, mfa_process gets it as stdin and stderr", async () => {
  const w = world({ answers: [], onPath: ["/bin/sh"], outputs: [{ text: "777777" }] });
  await w.source(profile({ mfaProcess: "op item get aws --otp" }));
  const [call] = w.proc.calls;
  assertEquals(call.cmd, "/bin/sh");
  assertEquals(call.args, ["-c", ATTACH_TERMINAL_SCRIPT, "/bin/sh", "-c", "op item get aws --otp"]);
});

Deno.test('on Windows, mfa_process runs as `%SystemRoot%\\System32\\cmd.exe /C "<command>"`', async () => {
  const w = world({ os: "windows", vars: { SystemRoot: "D:\\Win" }, outputs: [{ text: "1" }] });
  await w.source(profile({ mfaProcess: 'op item get "my aws" --otp' }));
  const [call] = w.proc.calls;
  assertEquals(call.cmd, "D:\\Win\\System32\\cmd.exe");
  assertEquals(call.args, ['/C "op item get "my aws" --otp"']);
  assertEquals(call.windowsRawArguments, true);
});

Deno.test("a failing mfa_process reads `process provider: exit status <n>`", async () => {
  const w = world({ outputs: [{ code: 3, text: "partial" }] });
  const error = await assertRejects(
    () => w.source(profile({ mfaProcess: "op item get aws --otp --session s3cr3t" })),
    CredentialsError,
  );
  assertEquals(error.message, "process provider: exit status 3");
});

Deno.test("an mfa_process that prints nothing is an error", async () => {
  const w = world({ outputs: [{ text: " \n" }] });
  await assertRejects(
    () => w.source(profile({ mfaProcess: "true" })),
    CredentialsError,
    "process provider: the command printed no MFA code",
  );
});

Deno.test("an mfa_process that outlives the time limit is reported", async () => {
  const w = world({ outputs: [{ code: 137, timedOut: true }] });
  await assertRejects(
    () => w.source(profile({ mfaProcess: "sleep 1000" })),
    CredentialsError,
    "process provider: no answer within 5m0s",
  );
});

Deno.test("AWS_VAULT_PROMPT_TIMEOUT sets the helpers' time limit; bad values are errors", async () => {
  const w = world({ vars: { AWS_VAULT_PROMPT_TIMEOUT: "90s" }, outputs: [{ text: "1" }] });
  await w.source(profile({ mfaProcess: "x" }));
  assertEquals(w.proc.calls[0].timeoutMs, 90_000);
  const option = world({ vars: { AWS_VAULT_PROMPT_TIMEOUT: "90s" }, source: { timeoutMs: 5 } });
  await option.source(profile({ mfaProcess: "x" })).catch(() => {});
  assertEquals(option.proc.calls[0].timeoutMs, 5);
  for (const bad of ["90", "-1m", "0s", "soon"]) {
    const b = world({ vars: { AWS_VAULT_PROMPT_TIMEOUT: bad } });
    await assertRejects(
      () => b.source(profile({ mfaProcess: "x" })),
      ConfigError,
      `Invalid AWS_VAULT_PROMPT_TIMEOUT "${bad}": expected a positive duration such as "2m"`,
    );
  }
});

Deno.test("automatic choice: the terminal asks when stdout is a terminal", async () => {
  const w = world({ answers: [" 123123 "], onPath: ["zenity"], vars: { DISPLAY: ":0" } });
  assertEquals(await w.source(profile()), "123123");
  assertEquals(w.proc.calls.length, 0);
  assert(w.logged.includes("Using prompt driver: terminal"));
});

Deno.test("automatic choice: a GUI driver asks when stdout is not a terminal (credential_process)", async () => {
  const w = world({
    answers: ["unused"],
    stdoutIsTerminal: false,
    onPath: ["zenity"],
    vars: { DISPLAY: ":0" },
    outputs: [{ text: "321321\n" }, { text: "654654\n" }],
  });
  assertEquals(await w.source(profile()), "321321");
  assertEquals(await w.source(profile()), "654654");
  assertEquals(w.proc.calls.map((c) => c.cmd), ["zenity", "zenity"]);
  assertEquals(w.terminal.asked.length, 0);
  assertEquals(w.logged.filter((l) => l.startsWith("Using prompt driver")), [
    "Using prompt driver: zenity",
  ]);
});

Deno.test("automatic choice: the terminal still asks under credential_process when no GUI driver exists", async () => {
  const w = world({ answers: ["777000"], stdoutIsTerminal: false });
  assertEquals(await w.source(profile()), "777000");
});

Deno.test("no terminal, no GUI driver, no mfa_process: fail at once with how to supply the code", async () => {
  const w = world({ stdoutIsTerminal: false });
  const error = await assertRejects(() => w.source(profile()), CredentialsError);
  assertEquals(error.message, NO_WAY);
  assertEquals(error.code, MFA_UNAVAILABLE);
  assertEquals(w.proc.calls.length, 0);
});

Deno.test("no controlling terminal fails at once even when stdout is a terminal", async () => {
  const w = world({ stdoutIsTerminal: true });
  await assertRejects(() => w.source(profile()), CredentialsError, NO_WAY);
});

Deno.test("--prompt=terminal without a terminal says so", async () => {
  const w = world({ source: { promptDriver: "terminal" } });
  await assertRejects(
    () => w.source(profile()),
    CredentialsError,
    `No way to ask for the MFA code for "${SERIAL}": --prompt=terminal, but there is no terminal; ` +
      "use --mfa-token",
  );
});

Deno.test("the requested driver asks, falling back to the profile's prompt method", async () => {
  const requested = world({
    source: { promptDriver: "ykman" },
    onPath: ["ykman"],
    outputs: [{ text: "1" }],
  });
  await requested.source(profile({ mfaPromptMethod: "kdialog" }));
  assertEquals(requested.proc.calls[0].cmd, "ykman");
  const fromConfig = world({ onPath: ["kdialog"], outputs: [{ text: "1" }] });
  await fromConfig.source(profile({ mfaPromptMethod: "kdialog" }));
  assertEquals(fromConfig.proc.calls[0].cmd, "kdialog");
});

Deno.test("an empty answer is an error, not an empty code sent to AWS", async () => {
  const w = world({ answers: ["   "] });
  await assertRejects(
    () => w.source(profile()),
    CredentialsError,
    `No MFA code was entered for "${SERIAL}"`,
  );
});

Deno.test("a profile without mfa_serial cannot ask", async () => {
  const w = world({ answers: ["1"] });
  await assertRejects(
    () => w.source(profile({ mfaSerial: undefined })),
    CredentialsError,
    "profile jonsmith: an MFA code was needed but mfa_serial is not set",
  );
});

Deno.test("calls are answered one at a time: two prompts never overlap", async () => {
  let open = 0;
  let overlapped = false;
  const asked: string[] = [];
  const terminal: Terminal = {
    available: () => true,
    async prompt(message) {
      if (open++ > 0) overlapped = true;
      asked.push(message);
      await new Promise((r) => setTimeout(r, 20));
      open--;
      return String(asked.length);
    },
  };
  const { deps } = fakeDeps({ terminal, io: fakeIo({ stdoutIsTerminal: true }).io });
  const source = createMfaCodeSource({
    deps,
    log: { enabled: false, debug: () => {} },
    promptDriver: "",
  });
  const codes = await Promise.all([
    source(profile()),
    source(profile({ mfaSerial: "arn:aws:iam::222222222222:mfa/other" })),
  ]);
  assertEquals(codes, ["1", "2"]);
  assertEquals(overlapped, false);
  assertEquals(asked, [
    `Enter MFA code for ${SERIAL}: `,
    "Enter MFA code for arn:aws:iam::222222222222:mfa/other: ",
  ]);
});

Deno.test("a failed call does not block the next one", async () => {
  const w = world({ answers: ["", "808080"] });
  await assertRejects(() => w.source(profile()), CredentialsError);
  assertEquals(await w.source(profile()), "808080");
});
