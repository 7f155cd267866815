/**
 * The keychain and wincred round trips, shared by the unit tests (against the stand-ins for
 * `security` and PowerShell) and the integration tests (against the real tools on macOS and
 * Windows), so that both run exactly the same sequence.
 *
 * @module
 */
import type { Keyring, KeyringItem } from "../../backends/types.ts";
import { assertEquals } from "./assert.ts";

const enc = new TextEncoder();
const dec = new TextDecoder();

/** An item as aws-vault stores a session (default access, a label and a kind). */
export function sessionItem(key: string, data: string): KeyringItem {
  return {
    key,
    data: enc.encode(data),
    label: "aws-vault session for jonsmith (expires 2026-11-23T13:00:00Z)",
    description: "aws-vault session",
    keychainNotTrustApplication: false,
    keychainNotSynchronizable: false,
  };
}

/** An item as aws-vault stores master credentials. */
export function masterItem(key: string, data: string): KeyringItem {
  return {
    key,
    data: enc.encode(data),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

/** Stores, reads, lists, updates and removes items in an empty keychain. */
export async function keychainRoundTrip(kc: Keyring): Promise<void> {
  assertEquals(await kc.keys(), []);
  assertEquals(await kc.get("sess-1"), undefined);
  const one = sessionItem("sess-1", '{"AccessKeyId":"ASIA1","SessionToken":"t1"}');
  const two = sessionItem(
    "sts.AssumeRole,cm9sZQ,,1795000000",
    '{"Note":"café ✓","SessionToken":"t2"}',
  );
  const big = sessionItem(
    "oidc:https://x.awsapps.com/start",
    `{"AccessToken":"${"a".repeat(2_600)}"}`,
  );
  for (const it of [one, two, big]) await kc.set(it);
  for (const it of [one, two, big]) {
    assertEquals(dec.decode((await kc.get(it.key))!.data), dec.decode(it.data));
  }
  assertEquals((await kc.keys()).sort(), [one.key, two.key, big.key].sort());
  await kc.set(sessionItem("sess-1", '{"AccessKeyId":"ASIA1","SessionToken":"t1-new"}'));
  assertEquals(
    dec.decode((await kc.get("sess-1"))!.data),
    '{"AccessKeyId":"ASIA1","SessionToken":"t1-new"}',
  );
  assertEquals(await kc.remove("sess-1"), true);
  assertEquals(await kc.remove("sess-1"), false);
  assertEquals(await kc.get("sess-1"), undefined);
}

/** The keys a wincred round trip writes: a small value and one over two blobs (6,000 bytes). */
export interface WincredKeys {
  base: string;
  small: KeyringItem;
  big: KeyringItem;
}

/**
 * Stores, reads, lists and removes throwaway keys (the big one split over parts and joined
 * again), then removes what is left; `stored` looks at the store while both keys are in it.
 */
export async function wincredRoundTrip(
  wincred: Keyring,
  stored: (keys: WincredKeys) => Promise<void> = () => Promise.resolve(),
): Promise<WincredKeys> {
  const base = `aws-vault-test-${Date.now()}`;
  const small = masterItem(`${base}/small`, '{"AccessKeyID":"AKIA","SecretAccessKey":"s/ü"}');
  const big = masterItem(`${base}:oidc`, `{"Token":{"AccessToken":"${"a".repeat(6_000)}"}}`);
  try {
    assertEquals(await wincred.get(small.key), undefined);
    for (const it of [small, big]) await wincred.set(it);
    for (const it of [small, big]) {
      assertEquals(dec.decode((await wincred.get(it.key))!.data), dec.decode(it.data));
    }
    const keys = (await wincred.keys()).filter((k) => k.startsWith(base)).sort();
    assertEquals(keys, [small.key, big.key].sort());
    await stored({ base, small, big });
    assertEquals(await wincred.remove(big.key), true);
    assertEquals(await wincred.remove(big.key), false);
    assertEquals(await wincred.get(big.key), undefined);
  } finally {
    for (const it of [small, big]) await wincred.remove(it.key).catch(() => false);
  }
  return { base, small, big };
}
