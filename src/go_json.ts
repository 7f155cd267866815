/**
 * Helpers that reproduce Go `encoding/json` behaviour where aws-vault's stored
 * data depends on it.
 *
 * @module
 */

/**
 * `JSON.stringify` with Go's default HTML escaping (`<`, `>`, `&`, U+2028,
 * U+2029 become `\uXXXX`), so that output is byte-identical to `json.Marshal`.
 * Key order is the object's insertion order (Go struct field order).
 */
export function goJsonStringify(value: unknown, indent?: string): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0"),
  );
}

/**
 * What Go's `json.NewEncoder(w).Encode` writes for a map: keys sorted, HTML
 * escaping, a newline at the end (the credential servers' answers).
 */
export function goMapJson(entries: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.entries(entries).sort(([a], [b]) => a < b ? -1 : 1));
  return goJsonStringify(sorted) + "\n";
}

/**
 * Looks up a field the way Go's decoder matches struct fields: an exact match
 * first, otherwise the first key equal ignoring case.
 */
export function lookupField(obj: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(obj)) {
    if (key.toLowerCase() === lower) return obj[key];
  }
  return undefined;
}
