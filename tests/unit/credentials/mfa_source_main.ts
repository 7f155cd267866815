/**
 * A tiny program around `createMfaCodeSource` with the real platform (process
 * runner, controlling terminal, stdio), for mfa_process_test.ts to run under a
 * pseudo-terminal or without any terminal.
 *
 * Usage: deno run -A mfa_source_main.ts <prompt driver or ""> <file for the code>
 * Environment: MFA_PROCESS (the profile's mfa_process; empty = none).
 * Exit status 0 after writing the code; 1 with the error message on stderr.
 */

import { createMfaCodeSource } from "../../../src/credentials/mfa.ts";
import { denoEnv, denoIo } from "../../../src/platform/deno_env.ts";
import { denoProcessRunner } from "../../../src/platform/deno_proc.ts";
import { denoTerminal } from "../../../src/platform/deno_terminal.ts";
import { fakeDeps } from "../../helpers/fakes.ts";

const [promptDriver = "", outFile] = Deno.args;
const io = denoIo();
const { deps } = fakeDeps({
  env: denoEnv(),
  io,
  proc: denoProcessRunner({ getEnv: (name) => Deno.env.get(name) }),
  terminal: denoTerminal(io.stderr),
});
const source = createMfaCodeSource({
  deps,
  log: { enabled: false, debug: () => {} },
  promptDriver,
});
try {
  const code = await source({
    profileName: "jonsmith",
    mfaSerial: "arn:aws:iam::111111111111:mfa/jonsmith",
    mfaProcess: Deno.env.get("MFA_PROCESS") || undefined,
    assumeRoleDurationMs: 3_600_000,
    nonChainedGetSessionTokenDurationMs: 3_600_000,
    chainedGetSessionTokenDurationMs: 28_800_000,
    getFederationTokenDurationMs: 3_600_000,
    ssoUseStdout: false,
  });
  Deno.writeTextFileSync(outFile, code);
} catch (error) {
  io.stderr.write(`${(error as Error).message}\n`);
  Deno.exit(1);
}
