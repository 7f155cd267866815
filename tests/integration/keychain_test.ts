/**
 * The keychain backend against the real /usr/bin/security on macOS, in a throwaway keychain
 * created here with a random password (so no dialog asks for one) and deleted afterwards.
 * It checks what aws-vault would find: items our backend writes, read back field by field
 * through `security` itself, and an item written in aws-vault's layout, read by our backend.
 * Elsewhere these tests are ignored, and their names say so.
 */

import { KeychainKeyring } from "../../backends/keychain.ts";
import { denoProcessRunner } from "../../src/platform/deno_proc.ts";
import type { Logger } from "../../src/platform/types.ts";
import { assert, assertEquals } from "../helpers/assert.ts";
import { fakeEnv } from "../helpers/fakes.ts";
import { keychainRoundTrip, sessionItem } from "../helpers/keyring_round_trips.ts";
import { MACOS_ONLY } from "../helpers/platform.ts";

const SILENT: Logger = { enabled: false, debug: () => {} };
const dec = new TextDecoder();

async function security(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const r = await new Deno.Command("/usr/bin/security", { args, stdin: "null" }).output();
  return { code: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

/** A new unlocked keychain that never locks itself, and our backend on it. */
async function withKeychain(fn: (kc: KeychainKeyring, file: string) => Promise<void>) {
  const name = `aws-vault-test-${Date.now()}-${crypto.randomUUID().slice(0, 8)}`;
  const file = `${name}.keychain`;
  const password = crypto.randomUUID();
  const created = await security("create-keychain", "-p", password, file);
  assertEquals(created.code, 0, created.err);
  try {
    assertEquals((await security("set-keychain-settings", file)).code, 0);
    assertEquals((await security("unlock-keychain", "-p", password, file)).code, 0);
    const env = fakeEnv(Deno.env.toObject());
    const proc = denoProcessRunner({ getEnv: (n) => env.get(n) });
    await fn(new KeychainKeyring({ proc, env, log: SILENT, keychainName: name }), file);
  } finally {
    await security("delete-keychain", file);
  }
}

/** The attributes `security find-generic-password -g` prints, by name (label is 0x00000007). */
function attributes(text: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const m of text.matchAll(/^\s*(?:"(\w{4})"|(0x00000007) )<blob>=(?:"(.*)"|<NULL>)$/gm)) {
    out[m[1] ?? "labl"] = m[3] ?? null;
  }
  const cls = /^class: "(\w+)"$/m.exec(text);
  if (cls) out.class = cls[1];
  return out;
}

Deno.test(
  "keychain round trip through the real /usr/bin/security [macOS only]",
  MACOS_ONLY,
  () => withKeychain((kc) => keychainRoundTrip(kc)),
);

Deno.test(
  "keychain items have aws-vault's layout, read back field by field by security [macOS only]",
  MACOS_ONLY,
  async () => {
    await withKeychain(async (kc, file) => {
      const key = "sts.GetSessionToken,c21va2U,,1795000000";
      const data = '{"AccessKeyId":"ASIAEXAMPLE","SessionToken":"token"}';
      await kc.set(sessionItem(key, data));
      const shown = await security("find-generic-password", ...[
        "-s",
        "aws-vault",
        "-a",
        key,
        "-g",
        file,
      ]);
      assertEquals(shown.code, 0, shown.err);
      const attrs = attributes(shown.out);
      assertEquals(
        [attrs.class, attrs.svce, attrs.acct, attrs.labl, attrs.desc],
        ["genp", "aws-vault", key, sessionItem(key, data).label, "aws-vault session"],
        shown.out,
      );
      const secret = await security("find-generic-password", ...[
        "-s",
        "aws-vault",
        "-a",
        key,
        "-w",
        file,
      ]);
      assertEquals([secret.code, secret.out], [0, `${data}\n`], secret.err);
    });
  },
);

Deno.test(
  "keychain reads an item written the way aws-vault writes it [macOS only]",
  MACOS_ONLY,
  async () => {
    await withKeychain(async (kc, file) => {
      // aws-vault (Go) stores a session: service aws-vault, account = key, its label and kind.
      const key = "sts.GetSessionToken,YXdzdmF1bHQ,,1795000000";
      const data =
        '{"AccessKeyId":"ASIAGO","Expiration":"2026-11-23T13:00:00Z","SessionToken":"go"}';
      const label = "aws-vault session for awsvault (expires 2026-11-23T13:00:00Z)";
      const added = await security(
        "add-generic-password",
        ...["-s", "aws-vault", "-a", key, "-l", label, "-D", "aws-vault session", "-w", data, file],
      );
      assertEquals(added.code, 0, added.err);
      assertEquals(await kc.keys(), [key]);
      const item = await kc.get(key);
      assert(item !== undefined, "found");
      assertEquals(dec.decode(item.data), data);
      assertEquals(await kc.remove(key), true);
      assertEquals(
        (await security("find-generic-password", "-s", "aws-vault", "-a", key, file)).code,
        44,
      );
    });
  },
);
