/**
 * The kwallet backend against a real kwalletd5 in a private D-Bus session
 * (tests/helpers/kwallet_session.sh). Needs the Debian packages dbus,
 * libglib2.0-bin and libkf5wallet-bin; fails (does not skip) without them.
 */

import { findKWalletService, KWALLET_BACKEND, KWalletKeyring } from "../../backends/kwallet.ts";
import { openSessionBus } from "../../backends/dbus_connection.ts";
import { encodeItemJson } from "../../backends/item_json.ts";
import type { BackendContext, KeyringItem } from "../../backends/types.ts";
import { KeyringError } from "../../src/errors.ts";
import { connectUnixSocket } from "../../src/platform/deno_unix_socket.ts";
import type { Env, Logger } from "../../src/platform/types.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../helpers/assert.ts";
import { type BusSession, startKWalletSession } from "../helpers/bus_session.ts";
import { fakeDeps, fakeEnv, FakeProcessRunner } from "../helpers/fakes.ts";
import { gdbusCall } from "../helpers/store_tools.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const KWALLETD = "org.kde.kwalletd5";
const SILENT: Logger = { enabled: false, debug: () => {} };

/** A running private session bus with kwalletd5 and the wallet "aws-vault" open. */
class KWalletSession {
  private constructor(private readonly session: BusSession) {}

  static async start(): Promise<KWalletSession> {
    return new KWalletSession(await startKWalletSession());
  }

  env(extra: Record<string, string> = {}): Env {
    return fakeEnv({
      DBUS_SESSION_BUS_ADDRESS: this.session.address,
      HOME: "/nonexistent",
      ...extra,
    });
  }

  keyring(options: { env?: Record<string, string>; wallet?: string; openTimeoutMs?: number } = {}) {
    const env = this.env(options.env);
    return new KWalletKeyring({
      openBus: () => openSessionBus(env, connectUnixSocket, { timeoutMs: 5_000 }),
      env,
      log: SILENT,
      wallet: options.wallet,
      openTimeoutMs: options.openTimeoutMs,
    });
  }

  /** `gdbus call` of an org.kde.KWallet method: an implementation independent of ours. */
  gdbus(method: string, ...args: string[]): Promise<string> {
    const { address } = this.session;
    return gdbusCall(address, KWALLETD, "/modules/kwalletd5", `org.kde.KWallet.${method}`, ...args);
  }

  async handle(): Promise<string> {
    return (await this.gdbus("open", "aws-vault", "0", "aws-vault")).replace(/\D/g, "");
  }

  stop(): Promise<void> {
    return this.session.stop();
  }
}

/** Parses gdbus's `([byte 0x7b, ...],)` rendering of an `ay`. */
function gdbusBytes(text: string): Uint8Array {
  return new Uint8Array([...text.matchAll(/0x([0-9a-f]{2})/g)].map((m) => parseInt(m[1], 16)));
}

function gdbusByteArray(bytes: Uint8Array): string {
  return `[byte ${[...bytes].map((b) => `0x${b.toString(16).padStart(2, "0")}`).join(", ")}]`;
}

function item(key: string, secret = `s3cret/${key}`): KeyringItem {
  const data = JSON.stringify({
    AccessKeyID: "AKIAEXAMPLE",
    SecretAccessKey: secret,
    SessionToken: "",
  });
  return {
    key,
    data: new TextEncoder().encode(data),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const AWKWARD_KEYS = [
  "jonsmith",
  "team/prod",
  "100%",
  "with space",
  "sts.GetSessionToken,am9uc21pdGg,YXJuOmF3czppYW06OjExMTE6bWZhL2pvbg,1685000000",
  "oidc:https://mycompany.awsapps.com/start",
  "ünïcødé-профиль-配置",
];

test("kwallet backend stores items in a real kwalletd5 where aws-vault does", async (t) => {
  const session = await KWalletSession.start();
  try {
    const kw = session.keyring();

    await t.step("an empty wallet lists no keys, reads undefined and removes nothing", async () => {
      assertEquals(await kw.keys(), []);
      assertEquals(await kw.get("jonsmith"), undefined);
      assertEquals(await kw.remove("jonsmith"), false);
    });

    await t.step(
      "items with /, %, spaces, commas, colons and non-ASCII keys round-trip",
      async () => {
        for (const key of AWKWARD_KEYS) await kw.set(item(key));
        for (const key of AWKWARD_KEYS) {
          const got = await kw.get(key);
          assert(got !== undefined, `"${key}" was not found`);
          assertEquals(got.key, key);
          assertEquals(text(got.data), text(item(key).data));
          assertEquals(got.label, `aws-vault (${key})`);
          assertEquals(got.keychainNotTrustApplication, true);
        }
        assertEquals((await kw.keys()).sort(), [...AWKWARD_KEYS].sort());
      },
    );

    await t.step(
      "entries are Stream entries of whole-item JSON in wallet, folder and app id aws-vault",
      async () => {
        assertEquals(await session.gdbus("wallets"), "(['aws-vault'],)");
        const h = await session.handle();
        assertEquals(await session.gdbus("folderList", h, "aws-vault"), "(['aws-vault'],)");
        assertEquals(
          await session.gdbus("entryType", h, "aws-vault", "team/prod", "aws-vault"),
          "(2,)",
        );
        const raw = gdbusBytes(
          await session.gdbus("readEntry", h, "aws-vault", "team/prod", "aws-vault"),
        );
        assertEquals(text(raw), encodeItemJson(item("team/prod")));
      },
    );

    await t.step(
      "an entry aws-vault wrote with writeEntry is read back field by field",
      async () => {
        const data = '{"AccessKeyId":"ASIAEXAMPLE","Expiration":"2023-05-25T08:30:06Z",' +
          '"SecretAccessKey":"from-go","SessionToken":"tok"}';
        const goJson = `{"Key":"sts.AssumeRole,cm9sZQ,,1685000000","Data":"${btoa(data)}",` +
          `"Label":"aws-vault session for role (expires 2023-05-25T08:30:06Z)",` +
          `"Description":"aws-vault session","KeychainNotTrustApplication":false,"KeychainNotSynchronizable":false}`;
        const h = await session.handle();
        // The godbus call aws-vault makes: writeEntry(i handle, s folder, s key, ay value, s appid).
        const env = session.env();
        const bus = await openSessionBus(env, connectUnixSocket, { timeoutMs: 5_000 });
        try {
          const [rc] = await bus.call({
            destination: "org.kde.kwalletd5",
            path: "/modules/kwalletd5",
            interface: "org.kde.KWallet",
            member: "writeEntry",
            signature: "issays",
            body: [
              Number(h),
              "aws-vault",
              "sts.AssumeRole,cm9sZQ,,1685000000",
              new TextEncoder().encode(goJson),
              "aws-vault",
            ],
          });
          assertEquals(rc, 0);
        } finally {
          await bus.close();
        }
        // And one written by gdbus (an independent D-Bus implementation) as an explicit Stream.
        const other = goJson.replaceAll("sts.AssumeRole,cm9sZQ,,1685000000", "gdbus-written");
        await session.gdbus(
          "writeEntry",
          h,
          "aws-vault",
          "gdbus-written",
          gdbusByteArray(new TextEncoder().encode(other)),
          "2",
          "aws-vault",
        );
        assertEquals(
          await session.gdbus(
            "entryType",
            h,
            "aws-vault",
            "sts.AssumeRole,cm9sZQ,,1685000000",
            "aws-vault",
          ),
          "(2,)",
        );

        for (const key of ["sts.AssumeRole,cm9sZQ,,1685000000", "gdbus-written"]) {
          const got = await kw.get(key);
          assert(got !== undefined, `"${key}" was not found`);
          assertEquals(got.key, key);
          assertEquals(text(got.data), data);
          assertEquals(got.label, "aws-vault session for role (expires 2023-05-25T08:30:06Z)");
          assertEquals(got.description, "aws-vault session");
          assertEquals(got.keychainNotTrustApplication, false);
          assertEquals(got.keychainNotSynchronizable, false);
        }
      },
    );

    await t.step("a Password entry (as kwallet-query -w writes) is read as text", async () => {
      const h = await session.handle();
      await session.gdbus(
        "writePassword",
        h,
        "aws-vault",
        "as-password",
        encodeItemJson(item("as-password")),
        "aws-vault",
      );
      const got = await kw.get("as-password");
      assertEquals(got && text(got.data), text(item("as-password").data));
    });

    await t.step("setting an existing key replaces its value", async () => {
      await kw.set(item("jonsmith", "rotated"));
      assertEquals(JSON.parse(text((await kw.get("jonsmith"))!.data)).SecretAccessKey, "rotated");
      assertEquals((await kw.keys()).filter((k) => k === "jonsmith").length, 1);
    });

    await t.step("remove deletes an item and reports whether there was one", async () => {
      assertEquals(await kw.remove("100%"), true);
      assertEquals(await kw.remove("100%"), false);
      assertEquals(await kw.get("100%"), undefined);
      assert(!(await kw.keys()).includes("100%"), "a removed key is still listed");
      assertEquals(
        await session.gdbus("hasEntry", await session.handle(), "aws-vault", "100%", "aws-vault"),
        "(false,)",
      );
    });

    await t.step("many items are kept and listed", async () => {
      const many = Array.from({ length: 60 }, (_, i) => `bulk-${String(i).padStart(2, "0")}`);
      for (const key of many) await kw.set(item(key));
      const keys = await kw.keys();
      for (const key of many) assert(keys.includes(key), `"${key}" is not listed`);
      assertEquals(text((await kw.get("bulk-37"))!.data), text(item("bulk-37").data));
    });

    await t.step(
      "no helper process is started, so no secret reaches any argv or environment",
      async () => {
        const proc = new FakeProcessRunner(() => {
          throw new Error("the kwallet backend started a helper process");
        });
        const { deps } = fakeDeps({
          proc,
          env: session.env({ AWS_SECRET_ACCESS_KEY: "env-secret" }),
        });
        const logged: string[] = [];
        const ctx: BackendContext = { deps, log: { enabled: true, debug: (m) => logged.push(m) } };
        const keyring = await KWALLET_BACKEND.open(ctx, {} as never);
        await keyring.set(item("argv-check", "never-in-argv"));
        assertEquals(
          text((await keyring.get("argv-check"))!.data),
          text(item("argv-check", "never-in-argv").data),
        );
        assert((await keyring.keys()).includes("argv-check"), "argv-check is not listed");
        assertEquals(await keyring.remove("argv-check"), true);
        assertEquals(proc.calls.length, 0);
        assert(logged.length > 0, "opening the wallet is narrated for --debug");
        assert(
          !logged.some((m) => m.includes("never-in-argv")),
          "a secret reached the debug output",
        );
      },
    );

    await t.step("the probe finds kwalletd5 and honours DISABLE_KWALLET=1", async () => {
      const { deps } = fakeDeps({ env: session.env() });
      const found = await KWALLET_BACKEND.probe({ deps, log: SILENT }, {} as never);
      assertEquals(found, { usable: true, reason: "org.kde.kwalletd5 is running" });
      const off = fakeDeps({ env: session.env({ DISABLE_KWALLET: "1" }) });
      assertEquals(
        (await KWALLET_BACKEND.probe({ deps: off.deps, log: SILENT }, {} as never)).usable,
        false,
      );
    });
  } finally {
    await session.stop();
  }
});

test("kwallet backend fails fast and clearly on a closed or missing wallet", async (t) => {
  const session = await KWalletSession.start();
  try {
    await session.keyring().set(item("before-close"));
    assertEquals(await session.gdbus("close", "aws-vault", "true"), "(0,)");
    assertEquals(await session.gdbus("isOpen", "aws-vault"), "(false,)");

    await t.step("without a display a closed wallet is an immediate one-line error", async () => {
      const started = Date.now();
      const error = await assertRejects(() => session.keyring().get("before-close"), KeyringError);
      assert(Date.now() - started < 3_000, "the error took too long");
      assertEquals(
        error.message,
        'Keyring backend "kwallet": the wallet "aws-vault" is closed and there is no display for ' +
          "KWallet's password dialog; open it first (for example with kwalletmanager5, or pam_kwallet at login)",
      );
    });

    await t.step("without a display a missing wallet says it does not exist", async () => {
      const error = await assertRejects(
        () => session.keyring({ wallet: "no-such-wallet" }).keys(),
        KeyringError,
      );
      assertStringIncludes(error.message, 'the wallet "no-such-wallet" does not exist');
    });

    await t.step("with a display the password dialog is waited for a bounded time", async () => {
      const kw = session.keyring({ env: { DISPLAY: ":99" }, openTimeoutMs: 1_500 });
      const started = Date.now();
      const error = await assertRejects(() => kw.get("before-close"), KeyringError);
      const took = Date.now() - started;
      assert(took >= 1_400 && took < 8_000, `waited ${took} ms`);
      assertEquals(
        error.message,
        'Keyring backend "kwallet": the wallet "aws-vault" did not open within 1.5 s ' +
          "(is a KWallet dialog waiting for an answer?)",
      );
    });
  } finally {
    await session.stop();
  }
});

test("kwallet backend reports an unreachable session bus and a missing daemon", async () => {
  const env = fakeEnv({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/kwallet-test-bus" });
  const { deps } = fakeDeps({ env });
  const probe = await KWALLET_BACKEND.probe({ deps, log: SILENT }, {} as never);
  assertEquals(probe.usable, false);
  assertStringIncludes(probe.reason, "no D-Bus session bus");
  const keyring = await KWALLET_BACKEND.open({ deps, log: SILENT }, {} as never);
  const error = await assertRejects(() => keyring.keys(), KeyringError);
  assertStringIncludes(
    error.message,
    'Keyring backend "kwallet": cannot reach the D-Bus session bus: ',
  );

  // A bus where no KWallet daemon is running or activatable.
  const bus = {
    call: (c: { member: string }) =>
      Promise.resolve(c.member === "NameHasOwner" ? [false] : [["org.freedesktop.DBus"]]),
    onSignal: () => () => {},
    close: () => Promise.resolve(),
  };
  assertEquals(await findKWalletService(bus), undefined);
  const noDaemon = new KWalletKeyring({
    openBus: () => Promise.resolve(bus),
    env: fakeEnv(),
    log: SILENT,
  });
  const missing = await assertRejects(() => noDaemon.get("x"), KeyringError);
  assertStringIncludes(
    missing.message,
    "install it (Debian, Ubuntu: apt-get install libkf5wallet-bin)",
  );
});
