/**
 * The wincred backend against the real Credential Manager on Windows, through PowerShell,
 * with throwaway keys removed afterwards; `cmdkey /list`, which is not our code, shows what
 * was stored, including the parts of a value over 2,560 bytes. Elsewhere these tests are
 * ignored, and their names say so.
 */

import {
  loadWincredScript,
  WINCRED_MAX_BLOB,
  WINCRED_PART_PREFIX,
  WINCRED_PREFIX,
  WincredKeyring,
} from "../../backends/wincred.ts";
import { denoProcessRunner } from "../../src/platform/deno_proc.ts";
import type { Logger } from "../../src/platform/types.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { fakeEnv } from "../helpers/fakes.ts";
import { wincredRoundTrip } from "../helpers/keyring_round_trips.ts";
import { WINDOWS_ONLY } from "../helpers/platform.ts";

const SILENT: Logger = { enabled: false, debug: () => {} };
const dec = new TextDecoder();

/** The generic credentials whose target names contain `needle`, as `cmdkey /list` shows them. */
async function cmdkeyTargets(needle: string): Promise<string[]> {
  const r = await new Deno.Command("cmdkey", { args: ["/list"], stdin: "null" }).output();
  assertEquals(r.code, 0, dec.decode(r.stderr));
  const text = dec.decode(r.stdout);
  return [...text.matchAll(/target=(\S+)/g)].map((m) => m[1]).filter((t) => t.includes(needle))
    .sort();
}

Deno.test(
  "wincred round trip through the real Credential Manager, a value over 2,560 bytes split and joined [Windows only]",
  WINDOWS_ONLY,
  async () => {
    const env = fakeEnv(Deno.env.toObject());
    const wincred = new WincredKeyring({
      proc: denoProcessRunner({ getEnv: (n) => env.get(n) }),
      env,
      log: SILENT,
      script: await loadWincredScript(),
    });
    const { base } = await wincredRoundTrip(wincred, async ({ base, small, big }) => {
      assert(big.data.length > 2 * WINCRED_MAX_BLOB, "the big value needs three parts");
      assertEquals(
        await cmdkeyTargets(base),
        [
          `${WINCRED_PREFIX}${big.key}`,
          `${WINCRED_PREFIX}${small.key}`,
          `${WINCRED_PART_PREFIX}${big.key}:1`,
          `${WINCRED_PART_PREFIX}${big.key}:2`,
        ].sort(),
      );
    });
    assertEquals(await cmdkeyTargets(base), [], "every key and part removed");
  },
);
