/**
 * A throwaway pass store for tests, made by tests/helpers/gpg_store.sh: a fresh
 * GnuPG key without passphrase and a `pass init`ed store, in a private temporary
 * directory that is deleted afterwards.
 */
import { runTool, toolOutput } from "./store_tools.ts";

const GPG_STORE = new URL("./gpg_store.sh", import.meta.url).pathname;

/** A store made by {@link openGpgStore}. */
export interface GpgStore {
  /** The private temporary directory that holds the key and the store. */
  readonly root: string;
  /** What gpg and pass need to use this store. */
  readonly env: { GNUPGHOME: string; PASSWORD_STORE_DIR: string };
  /** The fingerprint of the store's key. */
  readonly keyFingerprint: string;
  /** Stops the key's gpg-agent and deletes `root`. */
  close(): Promise<void>;
}

/** Parses the `NAME=value` lines printed by `gpg_store.sh init`. */
function parseAssignments(text: string): Record<string, string> {
  const pairs = text.trim().split("\n").map((line) => line.split(/=(.*)/s, 2));
  return Object.fromEntries(pairs.filter((pair) => pair.length === 2));
}

/** Makes a store in a new temporary directory named after `prefix` (`gpg_store.sh init`). */
export async function openGpgStore(prefix: string): Promise<GpgStore> {
  const root = await Deno.makeTempDir({ prefix });
  const close = async () => {
    await runTool(GPG_STORE, ["stop", root]);
    await Deno.remove(root, { recursive: true });
  };
  try {
    const vars = parseAssignments(await toolOutput(GPG_STORE, ["init", root]));
    const { GNUPGHOME, PASSWORD_STORE_DIR, KEY_FPR } = vars;
    if (!GNUPGHOME || !PASSWORD_STORE_DIR || !KEY_FPR) {
      throw new Error(`gpg_store.sh init printed no store: ${JSON.stringify(vars)}`);
    }
    return { root, env: { GNUPGHOME, PASSWORD_STORE_DIR }, keyFingerprint: KEY_FPR, close };
  } catch (error) {
    await close();
    throw error;
  }
}
