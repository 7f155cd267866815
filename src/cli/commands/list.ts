/**
 * `aws-vault list` (alias `ls`): profiles, stored credentials and sessions, in aws-vault's table or one name per line.
 * Only key names are read: nothing is decrypted, so no passphrase is asked.
 *
 * @module
 */

import type { ConfigFile } from "../../config/config_file.ts";
import { formatGoDuration } from "../../config/duration.ts";
import { UsageError } from "../../errors.ts";
import { escapeControlChars } from "../../go_quote.ts";
import { listJson } from "../../output/list_json.ts";
import { renderTable } from "../../output/tab_table.ts";
import {
  isCredentialKey,
  isOidcKey,
  OIDC_PREFIX,
  parseSessionKey,
  type SessionKey,
} from "../../store/session_keys.ts";
import type { CommandContext } from "../context.ts";
import { getBool } from "../cli_spec.ts";
import type { Command } from "../command.ts";

/** Options of `list`; the first one set wins, in this order. */
export interface ListOptions {
  credentials: boolean;
  profiles: boolean;
  sessions: boolean;
  /** `--json`: every entry as JSON (not with the options above). */
  json?: boolean;
}

/** A session's label: `<type>:<time left, truncated to seconds>`. */
export function sessionLabel(session: SessionKey, now: Date): string {
  const remainingMs = session.expiration * 1000 - now.getTime();
  const truncated = Math.trunc(remainingMs / 1000) * 1000;
  return `${session.type}:${formatGoDuration(truncated)}`;
}

/**
 * The key of the SSO token a profile's own section leads to (its
 * `[sso-session]`'s start URL, else its `sso_start_url`) and that token's
 * label on the profile's row, as ByteNess shows it: `oidc:<sso-session name>`,
 * or `oidc:<start URL host>`.
 */
function ssoToken(config: ConfigFile, profile: string): { key: string; label: string } | undefined {
  const section = config.profileSection(profile);
  const session = section?.ssoSession;
  const sessionUrl = session !== undefined ? config.ssoSession(session)?.ssoStartUrl : undefined;
  if (session !== undefined && sessionUrl !== undefined) {
    return { key: OIDC_PREFIX + sessionUrl, label: OIDC_PREFIX + session };
  }
  const url = section?.ssoStartUrl;
  if (url === undefined) return undefined;
  let host = url;
  try {
    host = new URL(url).host || url;
  } catch {
    // Not a URL: the label shows it whole.
  }
  return { key: OIDC_PREFIX + url, label: OIDC_PREFIX + host };
}

/** One name per line; names come from files, so their control characters are escaped. */
function lines(names: Iterable<string>): string {
  let text = "";
  for (const name of names) text += escapeControlChars(name) + "\n";
  return text;
}

/** Runs `list`; returns the exit code. */
export async function runList(ctx: CommandContext, opts: ListOptions): Promise<number> {
  const out = ctx.deps.io.stdout;
  if (opts.json && (opts.credentials || opts.profiles || opts.sessions)) {
    throw new UsageError("--json cannot be combined with --profiles, --sessions or --credentials");
  }
  const config = await ctx.config();
  if (opts.profiles && !opts.credentials) {
    out.write(lines(config.profileNames()));
    return 0;
  }
  const keys = await (await ctx.keyring()).keys();
  const credentialNames = keys.filter(isCredentialKey);
  if (opts.credentials) {
    out.write(lines(credentialNames));
    return 0;
  }
  const now = ctx.deps.clock.now();
  const sessions = keys.map(parseSessionKey).filter((s): s is SessionKey => s !== undefined);
  if (opts.json) {
    out.write(
      listJson({ profiles: config.profileNames(), credentials: credentialNames, sessions }),
    );
    return 0;
  }
  const oidcKeys = keys.filter(isOidcKey);
  if (opts.sessions) {
    // SSO tokens first, as aws-vault lists them.
    out.write(lines([...oidcKeys, ...sessions.map((s) => sessionLabel(s, now))]));
    return 0;
  }

  const credentialSet = new Set(credentialNames);
  const rows: string[][] = [["Profile", "Credentials", "Sessions"], [
    "=======",
    "===========",
    "========",
  ]];
  const labelsByProfile = new Map<string, string[]>();
  for (const s of sessions) {
    const labels = labelsByProfile.get(s.profileName) ?? [];
    labels.push(sessionLabel(s, now));
    labelsByProfile.set(s.profileName, labels);
  }
  const oidcSet = new Set(oidcKeys);
  const oidcShown = new Set<string>();
  for (const profile of config.profileNames()) {
    const labels = [...(labelsByProfile.get(profile) ?? [])];
    const token = oidcSet.size > 0 ? ssoToken(config, profile) : undefined;
    if (token && oidcSet.has(token.key)) {
      labels.unshift(token.label);
      oidcShown.add(token.key);
    }
    rows.push([
      profile,
      credentialSet.has(profile) ? profile : "-",
      labels.length > 0 ? labels.join(", ") : "-",
    ]);
  }
  for (const name of credentialNames) {
    if (!config.hasProfile(name)) rows.push(["-", name, "-"]);
  }
  for (const k of oidcKeys) if (!oidcShown.has(k)) rows.push(["-", "-", k]);
  for (const s of sessions) {
    if (!config.hasProfile(s.profileName)) rows.push(["-", "-", sessionLabel(s, now)]);
  }
  out.write(renderTable(rows.map((row) => row.map(escapeControlChars))));
  return 0;
}

/** `list` (alias `ls`): its declaration, options and run. */
export const listCommand: Command<ListOptions> = {
  spec: () => ({
    name: "list",
    aliases: ["ls"],
    help: "List profiles, along with their credentials and sessions.",
    flags: [
      { name: "profiles", kind: "bool", help: "Show only the profile names" },
      { name: "sessions", kind: "bool", help: "Show only the session names" },
      { name: "credentials", kind: "bool", help: "Show only the profiles with stored credential" },
      {
        name: "json",
        kind: "bool",
        help: "Show profiles, stored credentials and sessions as JSON",
      },
    ],
  }),
  options: (v) => ({
    credentials: getBool(v, "credentials"),
    profiles: getBool(v, "profiles"),
    sessions: getBool(v, "sessions"),
    json: getBool(v, "json"),
  }),
  run: runList,
};
