/**
 * Running a configured command line (`credential_process`,
 * `web_identity_token_process`) the way aws-vault does: `/bin/sh -c` (Windows
 * `cmd.exe /C`), environment inherited, stderr passed through, stdout captured.
 *
 * @module
 */

import { CredentialsError } from "../errors.ts";
import { fromUtf8 } from "../encoding.ts";
import { goQuote } from "../go_quote.ts";
import type { OsName, ProcessRunner } from "../platform/types.ts";

/** Runs `command` and returns its standard output; throws `running command "<cmd>": <err>`. */
export async function runShellCommand(
  proc: ProcessRunner,
  os: OsName,
  command: string,
): Promise<string> {
  const [cmd, args] = os === "windows"
    ? ["cmd.exe", ["/C", command]]
    : ["/bin/sh", ["-c", command]];
  let result;
  try {
    result = await proc.run({ cmd, args, inheritStderr: true });
  } catch (error) {
    throw new CredentialsError(
      `running command ${goQuote(command)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!result.success) {
    throw new CredentialsError(
      `running command ${goQuote(command)}: exit status ${result.code}`,
    );
  }
  return fromUtf8(result.stdout);
}
