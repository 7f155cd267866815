/**
 * `aws-vault list --json`: one entry per profile of the config file, then per
 * stored credential and per session whose profile is not in it, in the
 * table's order, as `{"profile", "credentials", "sessions": [{"type", "expires"}]}`.
 * SSO tokens are not listed: their expiry is inside the encrypted item.
 *
 * @module
 */

import type { SessionKey } from "../store/session_keys.ts";
import { rfc3339 } from "../time_format.ts";

/** What the listing holds. */
export interface ListData {
  /** Profiles of the config file, in its order. */
  profiles: readonly string[];
  /** Names of stored credentials, in the backend's order. */
  credentials: readonly string[];
  /** Cached sessions, in the backend's order. */
  sessions: readonly SessionKey[];
}

interface Entry {
  profile: string;
  credentials: string | null;
  sessions: { type: string; expires: string }[];
}

/** The JSON array, with two-space indents. */
export function listJson(data: ListData): string {
  const stored = new Set(data.credentials);
  const entries = new Map<string, Entry>();
  const entry = (profile: string) => {
    let found = entries.get(profile);
    if (!found) {
      found = { profile, credentials: stored.has(profile) ? profile : null, sessions: [] };
      entries.set(profile, found);
    }
    return found;
  };
  for (const profile of data.profiles) entry(profile);
  for (const name of data.credentials) entry(name);
  for (const s of data.sessions) {
    entry(s.profileName).sessions.push({
      type: s.type,
      expires: rfc3339(new Date(s.expiration * 1000)),
    });
  }
  return JSON.stringify([...entries.values()], null, 2) + "\n";
}
