/**
 * The `secret-service` backend against a real gnome-keyring, each test in its own
 * throwaway D-Bus session (tests/helpers/keyring_session.sh). Independent tools
 * (`gdbus`, `secret-tool`) and raw D-Bus calls check the stored layout.
 */
import assert from "node:assert/strict";
import { SecretServiceKeyring } from "../../backends/secret_service_keyring.ts";
import { probeSecretService } from "../../backends/secret_service.ts";
import { openSessionBus } from "../../backends/dbus_connection.ts";
import { DbusVariant } from "../../backends/dbus_marshal.ts";
import { encodeItemJson } from "../../backends/item_json.ts";
import { fromUtf8, utf8 } from "../../src/encoding.ts";
import { KeyringError } from "../../src/errors.ts";
import { connectUnixSocket } from "../../src/platform/deno_unix_socket.ts";
import type { Deps, Env, Logger } from "../../src/platform/types.ts";
import { fakeEnv } from "../helpers/fakes.ts";
import {
  credentialItem as item,
  ODD_KEYS,
  secretServiceAttributeForms,
} from "../helpers/keyring_items.ts";
import {
  createCollectionWithPassword,
  openPlainSession as plainSession,
  ROOT,
  SECRETS,
  secretsCall as call,
  type SecretServiceBus,
  secretsProperty as property,
  withSecretServiceBus,
} from "../helpers/secret_service_bus.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const QUIET: Logger = { enabled: false, debug() {} };

interface Session extends SecretServiceBus {
  ring(options?: { collection?: string; log?: Logger }): SecretServiceKeyring;
}

/** Starts a gnome-keyring session, runs `fn` in it, then ends the session. */
async function withSession(fn: (s: Session) => Promise<void>): Promise<void> {
  await withSecretServiceBus((bus) =>
    fn({
      ...bus,
      ring: (o = {}) =>
        new SecretServiceKeyring({
          collection: o.collection ?? "awsvault",
          connect: bus.connect,
          log: o.log ?? QUIET,
          promptTimeoutMs: 5_000,
        }),
    })
  );
}

/** Creates a collection without a prompt, through gnome-keyring's private interface. */
async function createCollection(s: Session, label: string): Promise<string> {
  return await createCollectionWithPassword(await s.bus(), label, "collection-test-pw");
}

async function elapsed(fn: () => Promise<unknown>): Promise<[number, unknown]> {
  const start = performance.now();
  try {
    return [performance.now() - start, await fn()];
  } catch (error) {
    return [performance.now() - start, error as Error];
  }
}

test("secret-service round-trips items whose keys hold / % spaces commas colons and non-ASCII", async () => {
  await withSession(async (s) => {
    assert.equal(await createCollection(s, "awsvault"), `${ROOT}/collection/awsvault`);
    const ring = s.ring();
    for (const key of ODD_KEYS) await ring.set(item(key));
    assert.deepEqual((await ring.keys()).sort(), [...ODD_KEYS].sort());
    for (const key of ODD_KEYS) assert.deepEqual(await ring.get(key), item(key));
    assert.equal(await ring.get("absent"), undefined);
    await ring.set(item("team/prod", "replaced"));
    assert.deepEqual(await ring.get("team/prod"), item("team/prod", "replaced"));
    assert.equal((await ring.keys()).length, ODD_KEYS.length);
    for (const key of ODD_KEYS) assert.equal(await ring.remove(key), true);
    assert.equal(await ring.remove("team/prod"), false);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("secret-service stores 50 items, lists and removes them", async () => {
  await withSession(async (s) => {
    await createCollection(s, "awsvault");
    const ring = s.ring();
    const keys = Array.from({ length: 50 }, (_, i) => `profile-${i}`);
    for (const key of keys) await ring.set(item(key));
    assert.deepEqual((await ring.keys()).sort(), [...keys].sort());
    for (const key of keys) assert.deepEqual(await ring.get(key), item(key));
    for (const key of keys) assert.equal(await ring.remove(key), true);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("secret-service items have aws-vault's layout: label and profile = key, whole-item JSON secret", async () => {
  await withSession(async (s) => {
    await createCollection(s, "awsvault");
    await s.ring().set({
      key: "jonsmith",
      data: utf8('{"AccessKeyID":"AKIAEXAMPLE","SecretAccessKey":"abc"}'),
      label: "aws-vault (jonsmith)",
      description: "",
      keychainNotTrustApplication: true,
      keychainNotSynchronizable: false,
    });
    const json =
      '{"Key":"jonsmith","Data":"eyJBY2Nlc3NLZXlJRCI6IkFLSUFFWEFNUExFIiwiU2VjcmV0QWNjZXNzS2V5IjoiYWJjIn0=",' +
      '"Label":"aws-vault (jonsmith)","Description":"","KeychainNotTrustApplication":true,' +
      '"KeychainNotSynchronizable":false}';
    const gdbus = (path: string, ...args: string[]) =>
      s.run("gdbus", [
        "call",
        "--session",
        "--dest",
        SECRETS,
        "--object-path",
        path,
        "--method",
        ...args,
      ]);
    const items = await gdbus(
      `${ROOT}/collection/awsvault`,
      "org.freedesktop.DBus.Properties.Get",
      "org.freedesktop.Secret.Collection",
      "Items",
    );
    const paths = [...items.stdout.matchAll(/'([^']+)'/g)].map((m) => m[1]);
    assert.equal(paths.length, 1, items.stdout + items.stderr);
    assert.ok(paths[0].startsWith(`${ROOT}/collection/awsvault/`));
    const get = (name: string) =>
      gdbus(paths[0], "org.freedesktop.DBus.Properties.Get", "org.freedesktop.Secret.Item", name);
    assert.equal((await get("Label")).stdout.trim(), "(<'jonsmith'>,)");
    const attributes = (await get("Attributes")).stdout.trim();
    assert.ok(secretServiceAttributeForms("jonsmith").includes(attributes), attributes);

    const bus = await s.bus();
    const [secret] = await call(bus, paths[0], "org.freedesktop.Secret.Item", "GetSecret", "o", [
      await plainSession(bus),
    ]);
    const [, parameters, value, contentType] = secret as [string, Uint8Array, Uint8Array, string];
    assert.equal(fromUtf8(value), json);
    // We send application/json (checked in the unit tests); gnome-keyring 42 keeps no
    // content type and reports every secret as text/plain.
    assert.ok(["application/json", "text/plain"].includes(contentType), contentType);
    assert.equal(parameters.length, 0);
  });
});

test("secret-service reads an item written the way aws-vault writes it (CreateItem, application/json)", async () => {
  await withSession(async (s) => {
    const collection = await createCollection(s, "awsvault");
    const written = item("from-aws-vault");
    const bus = await s.bus();
    const [path, prompt] = await call(
      bus,
      collection,
      "org.freedesktop.Secret.Collection",
      "CreateItem",
      "a{sv}(oayays)b",
      [
        new Map([
          ["org.freedesktop.Secret.Item.Label", new DbusVariant("s", "from-aws-vault")],
          [
            "org.freedesktop.Secret.Item.Attributes",
            new DbusVariant("a{ss}", new Map([["profile", "from-aws-vault"]])),
          ],
        ]),
        [
          await plainSession(bus),
          new Uint8Array(),
          utf8(encodeItemJson(written)),
          "application/json",
        ],
        true,
      ],
    );
    assert.equal(prompt, "/");
    assert.ok(String(path).startsWith(`${collection}/`));
    const ring = s.ring();
    assert.deepEqual(await ring.keys(), ["from-aws-vault"]);
    assert.deepEqual(await ring.get("from-aws-vault"), written);
    assert.equal(await ring.remove("from-aws-vault"), true);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("secret-service reads a secret-tool item and replaces it on set without leaving a duplicate", async () => {
  await withSession(async (s) => {
    await createCollection(s, "awsvault");
    const stored = await s.run(
      "secret-tool",
      [
        "store",
        "--label=by-secret-tool",
        `--collection=${ROOT}/collection/awsvault`,
        "profile",
        "by-secret-tool",
      ],
      encodeItemJson(item("by-secret-tool", "v1")),
    );
    assert.equal(stored.code, 0, stored.stderr);
    const ring = s.ring();
    assert.deepEqual(await ring.get("by-secret-tool"), item("by-secret-tool", "v1"));
    await ring.set(item("by-secret-tool", "v2"));
    assert.deepEqual(await ring.keys(), ["by-secret-tool"]);
    assert.deepEqual(await ring.get("by-secret-tool"), item("by-secret-tool", "v2"));
    const lookup = await s.run("secret-tool", ["search", "--all", "profile", "by-secret-tool"]);
    assert.equal([...lookup.stdout.matchAll(/^label = /gm)].length, 1, lookup.stdout);
  });
});

test("secret-service stores a secret over 8 KiB in full (no secret-tool limit on this route)", async () => {
  await withSession(async (s) => {
    await createCollection(s, "awsvault");
    const ring = s.ring();
    const big = item("oidc:https://example.awsapps.com/start", "t".repeat(20_000));
    await ring.set(big);
    const back = await ring.get(big.key);
    assert.deepEqual(back, big);
    assert.equal(back!.data.length, big.data.length);
  });
});

test("secret-service finds a collection by its escaped object path (my-vault → my_2dvault)", async () => {
  await withSession(async (s) => {
    assert.equal(await createCollection(s, "my-vault"), `${ROOT}/collection/my_2dvault`);
    const ring = s.ring({ collection: "my-vault" });
    await ring.set(item("p"));
    assert.deepEqual(await ring.keys(), ["p"]);
    assert.deepEqual(await ring.get("p"), item("p"));
    assert.deepEqual(await s.ring().keys(), [], "the default collection awsvault does not exist");
  });
});

test("secret-service without its collection: nothing found, and set fails fast with one line", async () => {
  await withSession(async (s) => {
    const ring = s.ring();
    assert.equal(await ring.get("p"), undefined);
    assert.deepEqual(await ring.keys(), []);
    assert.equal(await ring.remove("p"), false);
    const [ms, error] = await elapsed(() => ring.set(item("p")));
    assert.ok(error instanceof KeyringError, String(error));
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": ' +
        "the Secret Service prompt was dismissed (it needs a desktop session to be answered)",
    );
    assert.ok(ms < 4_000, `took ${ms} ms`);
    const bus = await s.bus();
    const collections =
      (await property(bus, ROOT, "org.freedesktop.Secret.Service", "Collections")) as string[];
    assert.ok(!collections.some((c) => c.includes("awsvault")), collections.join(", "));
  });
});

test("secret-service on a locked collection lists keys but fails get/set/remove fast with one line", async () => {
  await withSession(async (s) => {
    const collection = await createCollection(s, "awsvault");
    const ring = s.ring();
    await ring.set(item("locked-away", "hidden-secret-value"));
    const bus = await s.bus();
    await call(bus, ROOT, "org.freedesktop.Secret.Service", "Lock", "ao", [[collection]]);
    assert.equal(
      await property(bus, collection, "org.freedesktop.Secret.Collection", "Locked"),
      true,
    );
    assert.deepEqual(await ring.keys(), ["locked-away"]);
    for (
      const [verb, op] of [["get", () => ring.get("locked-away")], [
        "set",
        () => ring.set(item("locked-away")),
      ], [
        "remove",
        () => ring.remove("locked-away"),
      ]] as const
    ) {
      const [ms, error] = await elapsed(op);
      assert.ok(error instanceof KeyringError, `${verb}: ${error}`);
      assert.equal(
        error.message,
        `secret-service backend: cannot ${verb} "locked-away": unlocking collection "awsvault": ` +
          "the Secret Service prompt was dismissed (it needs a desktop session to be answered)",
      );
      assert.ok(ms < 4_000, `${verb} took ${ms} ms`);
    }
  });
});

test("secret-service probe: usable in the session, not on a dead socket or without a bus", async () => {
  await withSession(async (s) => {
    const ctx = (env: Env) => ({ deps: { env } as unknown as Deps, log: QUIET });
    const ok = await probeSecretService(ctx(s.env));
    assert.deepEqual(ok, {
      usable: true,
      reason: '"org.freedesktop.secrets" is running on the session bus',
    });
    const dead = await probeSecretService(
      ctx(fakeEnv({ DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent/bus" })),
    );
    assert.equal(dead.usable, false);
    assert.match(
      dead.reason,
      /^cannot connect to the session bus at DBUS_SESSION_BUS_ADDRESS "unix:path=\/nonexistent\/bus": /,
    );
    const none = await probeSecretService(ctx(fakeEnv({})));
    assert.deepEqual(none, {
      usable: false,
      reason: "no session bus: DBUS_SESSION_BUS_ADDRESS and XDG_RUNTIME_DIR are not set",
    });
  });
});

test("secret-service never puts a secret in debug output", async () => {
  await withSession(async (s) => {
    await createCollection(s, "awsvault");
    const lines: string[] = [];
    const ring = s.ring({ log: { enabled: true, debug: (m) => lines.push(m) } });
    const secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY";
    await ring.set(item("debugged", secret));
    assert.deepEqual(await ring.get("debugged"), item("debugged", secret));
    await ring.keys();
    await ring.remove("debugged");
    const text = lines.join("\n");
    assert.match(text, /secret-service: get "debugged" \(collection "awsvault"\)/);
    assert.ok(!text.includes(secret));
    assert.ok(
      !text.includes(btoa(JSON.stringify({ AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: secret }))),
    );
  });
});

/** A session bus with no services at all (nothing activatable), on an abstract socket. */
async function withBareBus(fn: (env: Env) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bare-bus-" });
  const config = `${dir}/bus.conf`;
  await Deno.writeTextFile(
    config,
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:abstract=${dir}/socket</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
<allow own="*"/></policy></busconfig>`,
  );
  const daemon = new Deno.Command("dbus-daemon", {
    args: [`--config-file=${config}`, "--nofork", "--print-address=1"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = daemon.stdout.pipeThrough(new TextDecoderStream()).getReader();
  try {
    let text = "";
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("dbus-daemon did not start");
      text += value;
    }
    assert.match(text, /^unix:abstract=/);
    await fn(fakeEnv({ DBUS_SESSION_BUS_ADDRESS: text.trim() }));
  } finally {
    daemon.kill("SIGTERM");
    while (!(await reader.read()).done) { /* drain */ }
    await daemon.status;
    await Deno.remove(dir, { recursive: true });
  }
}

test("secret-service on a bus without a Secret Service: probe says so, operations fail in one line", async () => {
  await withBareBus(async (env) => {
    const probe = await probeSecretService({ deps: { env } as unknown as Deps, log: QUIET });
    assert.deepEqual(probe, {
      usable: false,
      reason: 'nothing provides "org.freedesktop.secrets" on the session bus',
    });
    const ring = new SecretServiceKeyring({
      collection: "awsvault",
      connect: () => openSessionBus(env, connectUnixSocket, { timeoutMs: 5_000 }),
      log: QUIET,
    });
    await assert.rejects(() => ring.get("p"), (e: Error) => {
      assert.ok(e instanceof KeyringError);
      assert.equal(
        e.message,
        'secret-service backend: cannot get "p": no Secret Service provider on the session bus ' +
          '(e.g. the Debian package "gnome-keyring")',
      );
      return true;
    });
  });
});
