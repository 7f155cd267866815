/**
 * URLs without the secrets they may carry: an endpoint URL written as
 * `https://user:password@host` keeps its user name and loses its password,
 * as Go's `URL.Redacted` shows it; a lone `token@host` loses the token.
 *
 * @module
 */

/** What replaces a password (or a lone user name) in a URL. */
export const REDACTED = "xxxxx";

// Greedy up to the last "@" before the path: a password may hold an unescaped "@".
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"]*)@/gi;

/** `text` with the user-info part of every URL in it redacted. */
export function redactUrls(text: string): string {
  return text.replace(USER_INFO, (_match, scheme: string, userInfo: string) => {
    const colon = userInfo.indexOf(":");
    return colon < 0
      ? `${scheme}${REDACTED}@`
      : `${scheme}${userInfo.slice(0, colon)}:${REDACTED}@`;
  });
}
