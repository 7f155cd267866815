/**
 * Maps each command name to its runner: parsed values in, exit code out.
 * Command modules are imported lazily so that a run loads only its own command.
 *
 * @module
 */

import { AwsVaultError } from "../../errors.ts";
import { type EXPORT_FORMATS } from "../../output/export_formats.ts";
import { getBool, getList, getString, type Values } from "../cli_spec.ts";
import type { CommandContext } from "../context.ts";
import type { CredentialRequest } from "../profile_credentials.ts";
import { coldModules } from "../../cold_modules.ts";

/** Runs one command. */
export type CommandRunner = (ctx: CommandContext, values: Values) => Promise<number>;

async function credentialRequest(values: Values): Promise<CredentialRequest> {
  const duration = getString(values, "duration");
  let durationMs: number | undefined;
  if (duration !== "") {
    const { parseGoDuration } = await import("../../config/duration.ts");
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

/** The server modes are not available yet; `--lazy` alone changes nothing, as in aws-vault. */
function refuseServers(values: Values): void {
  for (const flag of ["ecs-server", "ec2-server"]) {
    if (getBool(values, flag)) {
      throw new AwsVaultError("NOT_AVAILABLE", `--${flag} is not available in this version yet`);
    }
  }
}

/** The runner of every command, by canonical name. */
export const COMMANDS: Readonly<Record<string, CommandRunner>> = {
  add: async (ctx, v) =>
    (await coldModules.add()).runAdd(ctx, {
      profile: getString(v, "profile"),
      fromEnv: getBool(v, "env"),
      addConfig: getBool(v, "add-config"),
    }),
  remove: async (ctx, v) =>
    (await coldModules.remove()).runRemove(ctx, {
      profile: getString(v, "profile"),
      force: getBool(v, "force"),
      sessionsOnly: getBool(v, "sessions-only"),
    }),
  list: async (ctx, v) =>
    (await import("./list.ts")).runList(ctx, {
      credentials: getBool(v, "credentials"),
      profiles: getBool(v, "profiles"),
      sessions: getBool(v, "sessions"),
    }),
  rotate: async (ctx, v) =>
    (await import("./rotate.ts")).runRotate(ctx, {
      profile: getString(v, "profile"),
      noSession: getBool(v, "no-session"),
    }),
  exec: async (ctx, v) => {
    refuseServers(v);
    return (await import("./exec.ts")).runExec(ctx, {
      ...(await credentialRequest(v)),
      json: getBool(v, "json"),
      command: getString(v, "cmd"),
      args: [...getList(v, "args")],
    });
  },
  export: async (ctx, v) =>
    (await import("./export.ts")).runExport(ctx, {
      ...(await credentialRequest(v)),
      format: getString(v, "format") as typeof EXPORT_FORMATS[number],
    }),
  clear: async (ctx, v) =>
    (await coldModules.clear()).runClear(ctx, { profile: getString(v, "profile") }),
};
