/**
 * Entry names and files of the `pass` backend, computed the way aws-vault does
 * (Go `filepath.Join`, which cleans the path), and the keys listing's one repair.
 *
 * Decision on the `//` collapse, an aws-vault quirk kept for compatibility:
 * aws-vault stores key `k` at `Join(prefix, k)`, so `oidc:https://host/start`
 * lands in `<prefix>/oidc:https:/host/start.gpg`. We store at exactly the same place
 * (anything else would not interoperate with aws-vault's stores), and get/remove
 * of the original key find it because the key is cleaned the same way. Only
 * listing is repaired: a listed name starting `oidc:http:/` or `oidc:https:/`
 * (one slash, which no real start URL has) is given its `//` back, so keys()
 * returns the key that was stored. Keys whose cleaned path would leave the prefix
 * directory (`..`) or name no file are refused.
 *
 * @module
 */

/** Go's `path.Clean` for slash-separated paths. */
export function goCleanPath(path: string): string {
  if (path === "") return ".";
  const rooted = path.startsWith("/");
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** Go's `filepath.Join` on Unix: the non-empty elements joined with `/`, then cleaned. */
export function goJoinPath(...elements: string[]): string {
  const parts = elements.filter((e) => e !== "");
  return parts.length === 0 ? "" : goCleanPath(parts.join("/"));
}

/** Thrown for keys that cannot be stored as a pass entry. */
export class PassKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PassKeyError";
  }
}

/** The pass entry name for `key`: `Join(prefix, key)`, as aws-vault computes it. */
export function passEntryName(prefix: string, key: string): string {
  const relative = goCleanPath(key.replace(/^\/+/, ""));
  if (key === "" || relative === "." || relative === ".." || relative.startsWith("../")) {
    throw new PassKeyError(`key "${key}" does not name a file inside the password store`);
  }
  return goJoinPath(prefix, key);
}

/** The encrypted file of entry `name` in store `dir` (what pass itself uses: `<dir>/<name>.gpg`). */
export function passEntryFile(dir: string, name: string): string {
  return `${goJoinPath(dir, name)}.gpg`;
}

/** The key aws-vault meant by listed name `name` (see the module note on `//`). */
export function repairListedKey(name: string): string {
  return name.replace(/^oidc:(https?):\/(?!\/)/, "oidc:$1://");
}

/** Compares strings by their UTF-8 bytes, as Go's `sort.Strings` does. */
export function compareBytewise(a: string, b: string): number {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return x.length - y.length;
}
