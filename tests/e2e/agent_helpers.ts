/**
 * Helpers for the `aws-vault agent` end-to-end tests: a sandbox with stored keys
 * and a cached session for `jon`, starting an agent, and killing it afterwards.
 */

import { encryptJwe } from "../../backends/jwe.ts";
import { itemJson, sessionData, sessionKey } from "../helpers/aws_vault_items.ts";
import { assertEquals } from "../helpers/assert.ts";
import type { CliResult, CliSandbox } from "../helpers/cli.ts";

export const PASSPHRASE = "test-passphrase"; // the sandbox's AWS_VAULT_FILE_PASSPHRASE
/** No passphrase in the environment: only the agent or a terminal can supply it. */
export const NO_PASSPHRASE = { AWS_VAULT_FILE_PASSPHRASE: undefined };
export const SESSION_KEY_ID = "ASIACACHEDSESSION001";

/** Master keys and an unexpired cached session for `jon`, written as aws-vault would. */
export async function vaultWithSession(s: CliSandbox): Promise<void> {
  s.writeConfig("[profile jon]\nregion = eu-west-1\n");
  await s.storeKeys("jon");
  const expiry = new Date(Math.floor(Date.now() / 1000 + 3600) * 1000);
  const key = sessionKey("sts.GetSessionToken", "jon", "", expiry);
  const data = sessionData({
    AccessKeyId: SESSION_KEY_ID,
    SecretAccessKey: "cached-secret",
    SessionToken: "cached-token",
    Expiration: expiry.toISOString().replace(".000Z", "Z"),
  });
  const token = await encryptJwe(itemJson(key, data, { profile: "jon", expiry }), PASSPHRASE);
  Deno.writeTextFileSync(`${s.keysDir}/${key}`, token, { mode: 0o600 });
}

/** The pid that `agent start` (or `status`) printed. */
export function pidOf(result: CliResult): number {
  const m = /\(pid (\d+)\)/.exec(result.stdout);
  if (!m) throw new Error(`no pid in: ${result.stdout}${result.stderr}`);
  return Number(m[1]);
}

/** Starts an agent (passphrase from the environment); returns its pid. */
export async function startAgent(
  s: CliSandbox,
  args: string[] = [],
  env: Record<string, string | undefined> = {},
): Promise<number> {
  const r = await s.run(["agent", "start", ...args], { env });
  assertEquals(r.code, 0, r.stderr);
  return pidOf(r);
}

/** Kills `pid` (if it still runs). */
export function killAgent(pid: number | undefined, signal: Deno.Signal = "SIGKILL"): void {
  if (pid === undefined) return;
  try {
    Deno.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Whether process `pid` exists. */
export function alive(pid: number): boolean {
  try {
    Deno.kill(pid, "SIGCONT");
    return true;
  } catch {
    return false;
  }
}

/** Waits (polling, up to `ms`) until `check` holds; false when it never did. */
export async function eventually(check: () => boolean, ms = 15_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** Sends raw bytes to the socket; returns what came back before the agent closed it. */
export async function rawExchange(path: string, bytes: Uint8Array): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path });
  try {
    await conn.write(bytes).catch(() => 0);
    const reply = await new Response(conn.readable).text();
    return reply;
  } finally {
    try {
      conn.close();
    } catch {
      // closed by reading to the end
    }
  }
}
