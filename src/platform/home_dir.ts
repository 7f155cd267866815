/**
 * The user's home directory and `~` expansion, from the environment
 * (`USERPROFILE` first on Windows, as Go's `os.UserHomeDir` does).
 *
 * @module
 */

import { ConfigError } from "../errors.ts";
import type { Deps } from "./types.ts";

/** The user's home directory from the environment. */
export function homeDir(deps: Pick<Deps, "env" | "os">): string {
  const home = deps.os === "windows"
    ? deps.env.get("USERPROFILE") ?? deps.env.get("HOME")
    : deps.env.get("HOME");
  if (!home) throw new ConfigError("Cannot find the home directory: HOME is not set");
  return home;
}

/** Replaces a leading `~/` (and `~\` on Windows) with the home directory. */
export function expandHome(path: string, deps: Pick<Deps, "env" | "os">): string {
  if (path === "~") return homeDir(deps);
  if (path.startsWith("~/") || (deps.os === "windows" && path.startsWith("~\\"))) {
    return homeDir(deps) + path.slice(1);
  }
  return path;
}
