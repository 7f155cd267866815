/**
 * Which names `add` may store long-term credentials under: names that can be
 * written to the config file and read back unchanged, and that the keyring
 * would not mistake for something else (a cached session or SSO token, which
 * `list` hides and later commands purge, or one of the file backend's
 * temporary files, which listings skip).
 *
 * @module
 */

import { profileNameProblem } from "../config/profile_name.ts";
import { isAtomicTempName } from "../platform/atomic_temp.ts";
import { isOidcKey, isOldSessionKey, parseSessionKey } from "./session_keys.ts";

/**
 * Why credentials for profile `name` cannot be added, as a detail for a
 * message (`name contains "\n"`), or `undefined` when they can.
 */
export function credentialNameProblem(name: string): string | undefined {
  const problem = profileNameProblem(name);
  if (problem !== undefined) return problem;
  if (parseSessionKey(name) !== undefined || isOldSessionKey(name)) {
    return "name has the form of a cached session key";
  }
  if (isOidcKey(name)) return "name has the form of an SSO token key";
  if (isAtomicTempName(name)) return "name has the form of a temporary file";
  return undefined;
}
