/**
 * aws-vault's `session_tags` (`k1=v1,k2=v2`) and `transitive_session_tags`
 * (`k1,k2`) syntaxes, shared by the config file and the `AWS_SESSION_TAGS` /
 * `AWS_TRANSITIVE_TAGS` environment variables.
 *
 * @module
 */

/** aws-vault's description of a malformed session tags string. */
export const SESSION_TAGS_SYNTAX_ERROR =
  "session tags string must be <key1>=<value1>,[<key2>=<value2>[,...]]";

/**
 * Parses `k1=v1,k2=v2` into tags in order of appearance (a repeated key keeps
 * its last value). Whitespace around keys and values is trimmed; a value may
 * contain `=`. Returns `undefined` when an element has no `=` (including an
 * empty element, as in `a=1,`).
 */
export function parseSessionTags(text: string): Map<string, string> | undefined {
  const tags = new Map<string, string>();
  for (const element of text.split(",")) {
    const equals = element.indexOf("=");
    if (equals === -1) return undefined;
    tags.set(element.slice(0, equals).trim(), element.slice(equals + 1).trim());
  }
  return tags;
}

/** Parses `k1,k2` into trimmed, non-empty tag keys. */
export function parseTransitiveSessionTags(text: string): string[] {
  return text.split(",").map((tag) => tag.trim()).filter((tag) => tag !== "");
}

/** Formats tags as Go's `%v` prints a `map[string]string`: `map[k1:v1 k2:v2]`, keys sorted. */
export function formatGoMap(tags: ReadonlyMap<string, string>): string {
  const keys = [...tags.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[${keys.map((key) => `${key}:${tags.get(key)}`).join(" ")}]`;
}

/** Formats a list as Go's `%v` prints a `[]string`: `[a b]`. */
export function formatGoSlice(items: readonly string[]): string {
  return `[${items.join(" ")}]`;
}
