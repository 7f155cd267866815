/**
 * The loopback alias that makes 169.254.169.254 an address of this machine,
 * added and removed with the commands aws-vault runs on each OS:
 *
 * - Linux: `ip addr add|del 169.254.169.254/24 dev lo label lo:0`
 * - macOS and the BSDs: `ifconfig lo0 alias|-alias 169.254.169.254`
 * - Windows: `netsh interface ipv4 add|delete address "Loopback Pseudo-Interface 1" 169.254.169.254 255.255.0.0`
 *
 * An alias that is already there counts as added: aws-vault accepts netsh's
 * localised "already exists" messages; here `ip`'s are accepted too, so that
 * an alias left behind by a proxy that was killed does not block the next one.
 *
 * @module
 */

import { AwsVaultError } from "../errors.ts";
import { ExecutableNotFoundError, type OsName, type ProcessRunner } from "../platform/types.ts";
import { METADATA_IP } from "./request_guard.ts";

/** The commands that add and remove the alias. */
export interface AliasCommands {
  add: string[];
  remove: string[];
}

const WINDOWS_LOOPBACK = "Loopback Pseudo-Interface 1";

/** The alias commands of `os`; throws where aws-vault has none. */
export function aliasCommands(os: OsName): AliasCommands {
  if (os === "linux") {
    const args = [`${METADATA_IP}/24`, "dev", "lo", "label", "lo:0"];
    return { add: ["ip", "addr", "add", ...args], remove: ["ip", "addr", "del", ...args] };
  }
  if (os === "darwin" || os === "freebsd") {
    return {
      add: ["ifconfig", "lo0", "alias", METADATA_IP],
      remove: ["ifconfig", "lo0", "-alias", METADATA_IP],
    };
  }
  if (os === "windows") {
    const netsh = (verb: string) => [
      "netsh",
      "interface",
      "ipv4",
      verb,
      "address",
      WINDOWS_LOOPBACK,
      METADATA_IP,
      "255.255.0.0",
    ];
    return { add: netsh("add"), remove: netsh("delete") };
  }
  throw new AwsVaultError(
    "SERVER",
    `Cannot add a network alias for ${METADATA_IP} on this operating system`,
  );
}

/** What the tools say when the address is already there (netsh in English, German, Spanish, Danish; ip). */
const ALREADY_THERE = [
  "The object already exists",
  "Das Objekt ist bereits vorhanden",
  "El objeto ya existe",
  "Objektet findes allerede",
  "RTNETLINK answers: File exists",
  "Address already assigned",
];

/** What netsh says when it needs an elevated prompt (cut before non-ASCII letters, which cmd may mangle). */
const NEEDS_ADMINISTRATOR = [
  "Run as administrator",
  "Als Administrator ausf",
  "Ejecutar como administrador",
  "r som administrator",
];

/** aws-vault's message when netsh needs an elevated prompt. */
export const NEEDS_ADMINISTRATOR_MESSAGE =
  "Creation of network alias for server mode requires elevated permissions, run as administrator";

const says = (texts: readonly string[], output: string) => texts.some((t) => output.includes(t));

type Verb = "add" | "remove";

/** Runs one alias command; its exit code and its stdout and stderr together. */
async function runAliasCommand(
  proc: ProcessRunner,
  argv: string[],
  verb: Verb,
): Promise<{ code: number; output: string }> {
  const [cmd, ...args] = argv;
  try {
    const result = await proc.run({ cmd, args, stdin: "", timeoutMs: 30_000 });
    const dec = new TextDecoder();
    return { code: result.code, output: dec.decode(result.stdout) + dec.decode(result.stderr) };
  } catch (error) {
    const reason = error instanceof ExecutableNotFoundError
      ? `${JSON.stringify(cmd)} was not found on PATH`
      : `${JSON.stringify(cmd)} could not be started`;
    throw new AwsVaultError(
      "SERVER",
      `Cannot ${verb} the network alias ${METADATA_IP}: ${reason}`,
      {
        cause: error,
      },
    );
  }
}

/** The error for a failed alias command: what the tool said first, and its status. */
function aliasError(verb: Verb, code: number, output: string): AwsVaultError {
  if (says(NEEDS_ADMINISTRATOR, output)) {
    return new AwsVaultError("SERVER", NEEDS_ADMINISTRATOR_MESSAGE);
  }
  const said = output.trim().split("\n")[0].trim();
  return new AwsVaultError(
    "SERVER",
    `Cannot ${verb} the network alias ${METADATA_IP}: ${
      said === "" ? "" : `${said}: `
    }exit status ${code}`,
  );
}

/** Adds the alias (nothing changes when it is already there). */
export async function addAlias(proc: ProcessRunner, os: OsName): Promise<void> {
  const { code, output } = await runAliasCommand(proc, aliasCommands(os).add, "add");
  if (says(ALREADY_THERE, output)) return;
  if (code !== 0 || says(NEEDS_ADMINISTRATOR, output)) throw aliasError("add", code, output);
}

/** Removes the alias. */
export async function removeAlias(proc: ProcessRunner, os: OsName): Promise<void> {
  const { code, output } = await runAliasCommand(proc, aliasCommands(os).remove, "remove");
  if (code !== 0 || says(NEEDS_ADMINISTRATOR, output)) throw aliasError("remove", code, output);
}
