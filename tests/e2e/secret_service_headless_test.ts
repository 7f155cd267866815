/**
 * The CLI on headless Linux with the `secret-service` backend and its default
 * collection: `add` on a pseudo-terminal creates the `awsvault` collection with a
 * password typed on the terminal, and a later `export` without a terminal reads
 * the credentials back. The gnome-keyring session is tests/helpers/keyring_session.sh
 * (no DISPLAY, no WAYLAND_DISPLAY); the CLI runs on its bus with a scrubbed environment.
 */
import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { startKeyringSession, withBusSession } from "../helpers/bus_session.ts";
import { ITEM_FIELDS } from "../helpers/aws_vault_items.ts";
import { sandboxTest } from "../helpers/cli.ts";
import { gdbusCall, toolOutput } from "../helpers/store_tools.ts";
import { LINUX_KEYSTORES } from "../helpers/platform.ts";
import { secretServiceAttributeForms } from "../helpers/keyring_items.ts";

const COLLECTION = "/org/freedesktop/secrets/collection/awsvault";

/** Runs `fn` with the bus address of a fresh keyring_session.sh, then ends the session. */
function withKeyringSession(fn: (address: string) => Promise<void>): Promise<void> {
  return withBusSession(startKeyringSession, (session) => fn(session.address));
}

function tool(address: string, cmd: string, args: string[]): Promise<string> {
  return toolOutput(cmd, args, { env: { DBUS_SESSION_BUS_ADDRESS: address } });
}

function gdbusGet(address: string, path: string, iface: string, name: string) {
  const get = "org.freedesktop.DBus.Properties.Get";
  return gdbusCall(address, "org.freedesktop.secrets", path, get, iface, name);
}

sandboxTest(
  "headless add creates the default awsvault collection with a password typed on the terminal [needs Linux keystores]",
  LINUX_KEYSTORES,
  async (s) => {
    await withKeyringSession(async (address) => {
      const env = {
        AWS_VAULT_BACKEND: "secret-service",
        AWS_VAULT_FILE_PASSPHRASE: undefined,
        DBUS_SESSION_BUS_ADDRESS: address,
      };
      const password = "e2e-collection-pw";
      const added = await s.runPty(["add", "--debug", "p"], [
        ["Enter Access Key ID: ", "AKIAHEADLESS00000001"],
        ["Enter Secret Access Key: ", "headless/secret+key="],
        ['New password for the Secret Service collection "awsvault": ', password],
        ['Repeat the password for the Secret Service collection "awsvault": ', password],
      ], { env });
      assertEquals(added.code, 0, added.stdout);
      assertStringIncludes(added.stdout, 'Added credentials to profile "p" in vault');
      assertStringIncludes(
        added.stdout,
        'asking on the terminal for a password for the new collection "awsvault"',
      );
      assert(!added.stdout.includes(password), "the collection password was echoed or logged");
      assert(!added.stdout.includes("headless/secret+key="), "the secret key was echoed");

      const exported = await s.run(["export", "--no-session", "--format=json", "p"], { env });
      assertEquals(exported.stderr, "");
      assertEquals(
        exported.stdout,
        '{\n  "Version": 1,\n  "AccessKeyId": "AKIAHEADLESS00000001",\n' +
          '  "SecretAccessKey": "headless/secret+key="\n}\n',
      );
      assertEquals(exported.code, 0);

      // aws-vault's layout, seen by independent tools at the collection's path.
      const items = await gdbusGet(
        address,
        COLLECTION,
        "org.freedesktop.Secret.Collection",
        "Items",
      );
      const paths = [...items.matchAll(/'([^']+)'/g)].map((m) => m[1]);
      assertEquals(paths.length, 1, items);
      assert(paths[0].startsWith(`${COLLECTION}/`), paths[0]);
      const item = "org.freedesktop.Secret.Item";
      assertEquals((await gdbusGet(address, paths[0], item, "Label")).trim(), "(<'p'>,)");
      const attributes = (await gdbusGet(address, paths[0], item, "Attributes")).trim();
      assert(secretServiceAttributeForms("p").includes(attributes), attributes);
      const stored = JSON.parse(await tool(address, "secret-tool", ["lookup", "profile", "p"]));
      assertEquals(Object.keys(stored), ITEM_FIELDS);
      assertEquals([stored.Key, stored.Label], ["p", "aws-vault (p)"]);
      const data = JSON.parse(atob(stored.Data));
      assertEquals([data.AccessKeyID, data.SecretAccessKey], [
        "AKIAHEADLESS00000001",
        "headless/secret+key=",
      ]);
    });
  },
);

sandboxTest(
  "headless add without a terminal fails in one line saying what to do, creating nothing [needs Linux keystores]",
  LINUX_KEYSTORES,
  async (s) => {
    await withKeyringSession(async (address) => {
      const r = await s.run(["add", "--env", "p"], {
        env: {
          AWS_VAULT_BACKEND: "secret-service",
          DBUS_SESSION_BUS_ADDRESS: address,
          AWS_ACCESS_KEY_ID: "AKIAHEADLESS00000002",
          AWS_SECRET_ACCESS_KEY: "no-terminal-secret",
        },
      });
      assertEquals(r.stdout, "");
      assertEquals(
        r.stderr,
        'aws-vault: error: add: secret-service backend: cannot set "p": creating collection ' +
          '"awsvault": there is no display for the Secret Service prompt (DISPLAY and ' +
          "WAYLAND_DISPLAY are not set) and no terminal to ask for a password; run aws-vault " +
          "once from a terminal, or create the collection once in a desktop session, or use an " +
          "existing collection (e.g. --secret-service-collection=login) or --backend=file\n",
      );
      assertEquals(r.code, 1);
      const collections = await gdbusGet(
        address,
        "/org/freedesktop/secrets",
        "org.freedesktop.Secret.Service",
        "Collections",
      );
      assert(!collections.includes(COLLECTION), collections);
    });
  },
);
