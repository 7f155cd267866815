/**
 * Opens a URL with the operating system's opener, as aws-vault does for the
 * SSO authorization page and the console login: `$BROWSER` where it is set,
 * else `open` on macOS, `xdg-open` elsewhere, and
 * `rundll32 url.dll,FileProtocolHandler` on Windows.
 *
 * @module
 */

import { helperEnv } from "./helper_env.ts";
import type { Env, OsName, ProcessRunner } from "./types.ts";

/** What {@linkcode openUrl} needs. */
export interface OpenUrlDeps {
  env: Env;
  os: OsName;
  proc: ProcessRunner;
}

/** The program and arguments that open `url` here. */
export function openerCommand(url: string, deps: Pick<OpenUrlDeps, "env" | "os">): string[] {
  // $BROWSER may list several programs separated by ':'; the first one is used.
  const browser = (deps.env.get("BROWSER") ?? "").split(":")[0].trim();
  if (browser !== "") return [browser, url];
  if (deps.os === "darwin") return ["open", url];
  if (deps.os === "windows") return ["rundll32", "url.dll,FileProtocolHandler", url];
  return ["xdg-open", url];
}

/**
 * Opens `url`; resolves to `undefined` on success, else to a one-line reason
 * (the opener is missing or failed) that never contains the URL, which may
 * be a bearer credential.
 */
export async function openUrl(url: string, deps: OpenUrlDeps): Promise<string | undefined> {
  const [cmd, ...args] = openerCommand(url, deps);
  if (await deps.proc.which(cmd) === undefined) return `${cmd} was not found on PATH`;
  try {
    // The opener gets our environment without credentials or passphrases.
    const env = helperEnv(deps.env);
    const result = await deps.proc.run({ cmd, args, env, stdin: "", timeoutMs: 30_000 });
    if (result.code === 0) return undefined;
    return `${cmd} exited with status ${result.code}`;
  } catch (error) {
    return `${cmd} could not be started: ${error instanceof Error ? error.name : "error"}`;
  }
}
