/**
 * Maps each command name to its runner: parsed values in, exit code out.
 * The commands that change the vault are rarely run and load on first use.
 *
 * @module
 */

import { parseGoDuration } from "../../config/duration.ts";
import { AwsVaultError } from "../../errors.ts";
import { type EXPORT_FORMATS } from "../../output/export_formats.ts";
import { getBool, getList, getString, type Values } from "../cli_spec.ts";
import type { CommandContext } from "../context.ts";
import type { CredentialRequest } from "../profile_credentials.ts";
import { runExec } from "./exec.ts";
import { runExport } from "./export.ts";
import { runList } from "./list.ts";
import { runRotate } from "./rotate.ts";

/** Runs one command. */
export type CommandRunner = (ctx: CommandContext, values: Values) => Promise<number>;

function credentialRequest(values: Values): CredentialRequest {
  const duration = getString(values, "duration");
  let durationMs: number | undefined;
  if (duration !== "") {
    durationMs = parseGoDuration(duration);
  }
  const optional = (name: string) => getString(values, name) || undefined;
  return {
    profile: getString(values, "profile"),
    noSession: getBool(values, "no-session"),
    region: optional("region"),
    mfaToken: optional("mfa-token"),
    durationMs: durationMs === 0 ? undefined : durationMs,
  };
}

function refuseServers(values: Values): void {
  for (const flag of ["ecs-server", "ec2-server", "lazy"]) {
    if (getBool(values, flag)) {
      throw new AwsVaultError("NOT_AVAILABLE", `--${flag} is not available in this version yet`);
    }
  }
}

/** The runner of every command, by canonical name. */
export const COMMANDS: Readonly<Record<string, CommandRunner>> = {
  add: async (ctx, v) =>
    (await import("./add.ts")).runAdd(ctx, {
      profile: getString(v, "profile"),
      fromEnv: getBool(v, "env"),
      addConfig: getBool(v, "add-config"),
    }),
  remove: async (ctx, v) =>
    (await import("./remove.ts")).runRemove(ctx, {
      profile: getString(v, "profile"),
      force: getBool(v, "force"),
      sessionsOnly: getBool(v, "sessions-only"),
    }),
  list: (ctx, v) =>
    runList(ctx, {
      credentials: getBool(v, "credentials"),
      profiles: getBool(v, "profiles"),
      sessions: getBool(v, "sessions"),
    }),
  rotate: (ctx, v) =>
    runRotate(ctx, {
      profile: getString(v, "profile"),
      noSession: getBool(v, "no-session"),
    }),
  exec: (ctx, v) => {
    refuseServers(v);
    return runExec(ctx, {
      ...credentialRequest(v),
      json: getBool(v, "json"),
      command: getString(v, "cmd"),
      args: [...getList(v, "args")],
    });
  },
  export: (ctx, v) =>
    runExport(ctx, {
      ...credentialRequest(v),
      format: getString(v, "format") as typeof EXPORT_FORMATS[number],
    }),
  clear: async (ctx, v) =>
    (await import("./clear.ts")).runClear(ctx, { profile: getString(v, "profile") }),
};
