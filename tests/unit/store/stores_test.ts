import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { MemoryKeyring } from "../../../backends/memory.ts";
import { CredentialStore, decodeMasterCredentials } from "../../../src/store/credential_store.ts";
import { decodeSessionCredentials, SessionStore } from "../../../src/store/session_store.ts";
import { KeyringError, KeyringItemCorruptError } from "../../../src/errors.ts";
import { KeyListing } from "../../../src/store/key_listing.ts";

const text = (b: Uint8Array) => new TextDecoder().decode(b);

Deno.test("CredentialStore.set() writes aws-vault's master-credential item exactly", async () => {
  const keyring = new MemoryKeyring();
  await new CredentialStore(keyring).set("jonsmith", {
    accessKeyId: "AKIAX",
    secretAccessKey: "s/e+c=",
  });
  const item = await keyring.get("jonsmith");
  assertEquals(item?.label, "aws-vault (jonsmith)");
  assertEquals(item?.description, "");
  assertEquals(item?.keychainNotTrustApplication, true);
  assertEquals(item?.keychainNotSynchronizable, false);
  assertEquals(
    text(item!.data),
    '{"AccessKeyID":"AKIAX","SecretAccessKey":"s/e+c=","SessionToken":"","Source":"","CanExpire":false,"Expires":"0001-01-01T00:00:00Z"}',
  );
});

Deno.test("decodeMasterCredentials() matches field names case-insensitively and ignores extras", () => {
  const data = new TextEncoder().encode(
    '{"accesskeyid":"AKIA1","SECRETACCESSKEY":"x","AccountID":"1"}',
  );
  assertEquals(decodeMasterCredentials(data), { accessKeyId: "AKIA1", secretAccessKey: "x" });
});

Deno.test("CredentialStore.get() reports unreadable stored data as a one-line keyring error", async () => {
  const keyring = new MemoryKeyring();
  await keyring.set({
    key: "bad",
    data: new TextEncoder().encode("{not json"),
    label: "",
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  });
  await assertRejects(
    () => new CredentialStore(keyring).get("bad"),
    KeyringError,
    'credentials stored for "bad"',
  );
});

Deno.test("CredentialStore.names() lists credentials but not sessions or tokens", async () => {
  const keyring = new MemoryKeyring();
  const store = new CredentialStore(keyring);
  await store.set("b", { accessKeyId: "A", secretAccessKey: "S" });
  await store.set("a", { accessKeyId: "A", secretAccessKey: "S" });
  await new SessionStore(keyring).set("sts.GetSessionToken", "a", "", {
    accessKeyId: "ASIA",
    secretAccessKey: "S",
    sessionToken: "T",
    expiration: new Date("2030-01-01T00:00:00Z"),
  });
  assertEquals(await store.names(), ["a", "b"]);
  assertEquals(await store.has("a"), true);
  assertEquals(await store.has("c"), false);
});

Deno.test("SessionStore.set() writes aws-vault's session item and replaces an older one", async () => {
  const keyring = new MemoryKeyring();
  const sessions = new SessionStore(keyring);
  const creds = (iso: string) => ({
    accessKeyId: "ASIA1",
    secretAccessKey: "sec",
    sessionToken: "tok",
    expiration: new Date(iso),
  });
  await sessions.set("sts.GetSessionToken", "jon", "arn:mfa", creds("2030-01-01T00:00:00Z"));
  await sessions.set("sts.GetSessionToken", "jon", "arn:mfa", creds("2030-01-01T01:00:00Z"));
  const keys = await keyring.keys();
  assertEquals(keys, ["sts.GetSessionToken,am9u,YXJuOm1mYQ,1893459600"]);
  const item = await keyring.get(keys[0]);
  assertEquals(item?.label, "aws-vault session for jon (expires 2030-01-01T01:00:00Z)");
  assertEquals(item?.description, "aws-vault session");
  assertEquals(
    text(item!.data),
    '{"AccessKeyId":"ASIA1","Expiration":"2030-01-01T01:00:00Z","SecretAccessKey":"sec","SessionToken":"tok"}',
  );
  assertEquals(
    await sessions.get("sts.GetSessionToken", "jon", "arn:mfa"),
    creds("2030-01-01T01:00:00Z"),
  );
  assertEquals(await sessions.get("sts.GetSessionToken", "jon", ""), undefined);
});

Deno.test("decodeSessionCredentials() accepts any RFC 3339 offset and rejects garbage", () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  assertEquals(
    decodeSessionCredentials(
      enc('{"accesskeyid":"A","SecretAccessKey":"S","Expiration":"2023-05-25T18:30:06.5+10:00"}'),
    )
      ?.expiration?.toISOString(),
    "2023-05-25T08:30:06.500Z",
  );
  assertEquals(decodeSessionCredentials(enc("nope")), undefined);
  assertEquals(
    decodeSessionCredentials(enc('{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"soon"}')),
    undefined,
  );
});

Deno.test("SessionStore purges expired and old-format sessions but keeps live ones and credentials", async () => {
  const keyring = new MemoryKeyring();
  const sessions = new SessionStore(keyring);
  const put = (key: string) =>
    keyring.set({
      key,
      data: new Uint8Array(),
      label: "",
      description: "",
      keychainNotTrustApplication: false,
      keychainNotSynchronizable: false,
    });
  await put("jon");
  await put("prod session (1554405197)");
  await put("sts.AssumeRole,cHJvZA,,1000");
  await put("sts.AssumeRole,cHJvZA,,4000000000");
  assertEquals(await sessions.removeOldSessions(new Date(2_000_000)), 2);
  assertEquals(await keyring.keys(), ["jon", "sts.AssumeRole,cHJvZA,,4000000000"]);
  await put("oidc:https://x/start");
  assertEquals(await sessions.deleteAll(new Date(2_000_000)), 2);
  assertEquals(await keyring.keys(), ["jon"]);
});

Deno.test("SessionStore.deleteForProfile() deletes every session type of that profile only", async () => {
  const keyring = new MemoryKeyring();
  const sessions = new SessionStore(keyring);
  const exp = {
    accessKeyId: "A",
    secretAccessKey: "S",
    expiration: new Date("2031-01-01T00:00:00Z"),
  };
  await sessions.set("sts.GetSessionToken", "a", "m", exp);
  await sessions.set("sts.AssumeRole", "a", "", exp);
  await sessions.set("sts.AssumeRole", "b", "", exp);
  assertEquals(await sessions.deleteForProfile("a"), 2);
  assertEquals((await sessions.list()).map((s) => s.profileName), ["b"]);
});

/** A memory keyring that counts key listings. */
class CountingKeyring extends MemoryKeyring {
  listings = 0;
  override keys(): Promise<string[]> {
    this.listings++;
    return super.keys();
  }
}

Deno.test("CredentialStore lists the keyring once and forgets the listing on its own writes", async () => {
  const keyring = new CountingKeyring();
  const store = new CredentialStore(keyring);
  await store.set("a", { accessKeyId: "A", secretAccessKey: "S" });
  assertEquals([await store.has("a"), await store.has("b"), await store.names()], [true, false, [
    "a",
  ]]);
  assertEquals(keyring.listings, 1);
  await store.set("b", { accessKeyId: "B", secretAccessKey: "S" });
  assertEquals(await store.has("b"), true);
  await store.remove("a");
  assertEquals(await store.names(), ["b"]);
  assertEquals(keyring.listings, 3);
});

Deno.test("SessionStore.purgeAndGet() purges stale keys and reads the session from one listing", async () => {
  const keyring = new CountingKeyring();
  const sessions = new SessionStore(keyring);
  const exp = (iso: string) => ({
    accessKeyId: "A",
    secretAccessKey: "S",
    expiration: new Date(iso),
  });
  await sessions.set("sts.GetSessionToken", "old", "", exp("2020-01-01T00:00:00Z"));
  await sessions.set("sts.GetSessionToken", "jon", "m", exp("2031-01-01T00:00:00Z"));
  keyring.listings = 0;
  const now = new Date("2026-01-01T00:00:00Z");
  assertEquals(
    await sessions.purgeAndGet("sts.GetSessionToken", "jon", "m", now),
    exp("2031-01-01T00:00:00Z"),
  );
  assertEquals(await sessions.purgeAndGet("sts.GetSessionToken", "old", "", now), undefined);
  assertEquals(keyring.listings, 2);
  assertEquals((await sessions.list()).map((s) => s.profileName), ["jon"]);
});

Deno.test("a shared KeyListing serves the credential check and the cached-session read from one listing", async () => {
  const keyring = new CountingKeyring();
  const session = {
    accessKeyId: "ASIA1",
    secretAccessKey: "S",
    sessionToken: "T",
    expiration: new Date("2031-01-01T00:00:00Z"),
  };
  await new CredentialStore(keyring).set("p", { accessKeyId: "A", secretAccessKey: "S" });
  await new SessionStore(keyring).set("sts.AssumeRole", "role", "m", session);
  keyring.listings = 0;
  // One command run: its two stores share one listing.
  const listing = new KeyListing(keyring);
  const store = new CredentialStore(keyring, listing);
  const sessions = new SessionStore(keyring, listing);
  const now = new Date("2026-01-01T00:00:00Z");
  assertEquals(await store.has("p"), true);
  assertEquals(
    await sessions.purgeAndGet("sts.AssumeRole", "role", "m", now, { reuseListing: true }),
    session,
  );
  assertEquals(keyring.listings, 1, "one listing for both lookups");
});

Deno.test("SessionStore.purgeAndGet() without reuseListing sees a session another process stored since", async () => {
  const keyring = new CountingKeyring();
  const listing = new KeyListing(keyring);
  const store = new CredentialStore(keyring, listing);
  const sessions = new SessionStore(keyring, listing);
  const now = new Date("2026-01-01T00:00:00Z");
  assertEquals(await store.has("p"), false);
  const reused = await sessions.purgeAndGet("sts.AssumeRole", "role", "m", now, {
    reuseListing: true,
  });
  assertEquals(reused, undefined);
  // Another process (its own store on the same keyring) writes the session meanwhile.
  const session = {
    accessKeyId: "ASIA2",
    secretAccessKey: "S",
    sessionToken: "T",
    expiration: new Date("2031-01-01T00:00:00Z"),
  };
  await new SessionStore(keyring).set("sts.AssumeRole", "role", "m", session);
  assertEquals(
    await sessions.purgeAndGet("sts.AssumeRole", "role", "m", now, { reuseListing: true }),
    undefined,
    "the shared listing predates the write",
  );
  assertEquals(await sessions.purgeAndGet("sts.AssumeRole", "role", "m", now), session);
});

/** A memory keyring whose `get` of one key fails with `error`. */
class FailingKeyring extends MemoryKeyring {
  constructor(readonly failing: string, readonly error: Error) {
    super();
  }
  override get(key: string) {
    return key === this.failing ? Promise.reject(this.error) : super.get(key);
  }
}

Deno.test("SessionStore deletes a session it cannot read and narrates it; other errors stay", async () => {
  const key = "sts.GetSessionToken,am9u,,1924992000"; // expires in 2031
  const now = new Date("2026-01-01T00:00:00Z");
  const cases: [string, Error | undefined, string][] = [
    [
      "damaged item",
      new KeyringItemCorruptError("Cannot decrypt: damaged"),
      "Cannot decrypt: damaged",
    ],
    ["not a session", undefined, "its data is not a session"],
  ];
  for (const [what, error, reason] of cases) {
    const keyring = new FailingKeyring(error ? key : "", error ?? new Error());
    await keyring.set({ ...sessionItem(key), data: new TextEncoder().encode('{"x":1}') });
    const lines: string[] = [];
    const sessions = new SessionStore(keyring, undefined, {
      log: { enabled: true, debug: (line) => lines.push(line) },
    });
    assertEquals(
      await sessions.purgeAndGet("sts.GetSessionToken", "jon", "", now),
      undefined,
      what,
    );
    assertEquals(await keyring.keys(), [], what);
    assertEquals(lines, [
      `profile jon: deleting the cached sts.GetSessionToken session, which cannot be read: ${reason}`,
    ]);
  }
  const locked = new FailingKeyring(key, new KeyringError("Cannot decrypt: wrong passphrase?"));
  await locked.set(sessionItem(key));
  await assertRejects(
    () => new SessionStore(locked).get("sts.GetSessionToken", "jon", ""),
    KeyringError,
    "wrong passphrase?",
  );
  assertEquals(await locked.keys(), [key]);
});

function sessionItem(key: string) {
  return {
    key,
    data: new TextEncoder().encode(
      '{"AccessKeyId":"A","SecretAccessKey":"S","Expiration":"2031-01-01T00:00:00Z"}',
    ),
    label: "",
    description: "",
    keychainNotTrustApplication: false,
    keychainNotSynchronizable: false,
  };
}

Deno.test("CredentialStore.data() returns the stored bytes as they are and setData() labels them as aws-vault", async () => {
  const keyring = new MemoryKeyring();
  const store = new CredentialStore(keyring);
  // Field order and extra fields as another writer may have left them: copied unchanged.
  const data = new TextEncoder().encode(
    '{"SecretAccessKey":"s","AccessKeyID":"AKIAX","AccountID":"123456789012"}',
  );
  await store.setData("p", data);
  assertEquals((await keyring.get("p"))?.label, "aws-vault (p)");
  assertEquals(text((await store.data("p"))!), text(data));
  assertEquals(await store.data("missing"), undefined);
  await keyring.set({ ...(await keyring.get("p"))!, data: new TextEncoder().encode("{}") });
  await assertRejects(
    () => store.data("p"),
    KeyringError,
    'Cannot read the credentials stored for "p": AccessKeyID is missing',
  );
});
