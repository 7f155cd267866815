/**
 * The `secret-service` backend with no display, against a real gnome-keyring in a
 * throwaway D-Bus session (tests/helpers/keyring_session.sh, which unsets DISPLAY
 * and WAYLAND_DISPLAY): the collection is created and unlocked with a password
 * asked on a (fake) terminal, through gnome-keyring's private interface.
 */
import assert from "node:assert/strict";
import { SecretServiceKeyring } from "../../backends/secret_service_keyring.ts";
import { HeadlessCollections } from "../../backends/secret_service_headless.ts";
import type { DbusClient } from "../../backends/dbus_connection.ts";
import { KeyringError, NoTerminalError } from "../../src/errors.ts";
import type { Env, Logger, Terminal } from "../../src/platform/types.ts";
import { fakeEnv } from "../helpers/fakes.ts";
import { credentialItem as item } from "../helpers/keyring_items.ts";
import {
  createCollectionWithPassword,
  GNOME,
  gnomeMasterPasswordCall,
  ROOT,
  SECRETS,
  secretsCall as call,
  type SecretServiceBus,
  secretsProperty as property,
  withSecretServiceBus,
} from "../helpers/secret_service_bus.ts";
// Every test here needs the real Linux keystores: ignored elsewhere, and named so.
import { linuxKeystoreTest as test } from "../helpers/platform.ts";

const SERVICE = "org.freedesktop.Secret.Service";
const AWSVAULT = `${ROOT}/collection/awsvault`;
const QUIET: Logger = { enabled: false, debug() {} };
const NEW_PROMPT = 'New password for the Secret Service collection "awsvault": ';
const REPEAT_PROMPT = 'Repeat the password for the Secret Service collection "awsvault": ';
const UNLOCK_PROMPT = 'Password to unlock the Secret Service collection "awsvault": ';

interface Asked {
  message: string;
  echo: boolean;
  promptTo?: string;
}

/** A terminal that gives `answers` in order and records what it was asked. */
function fakeTerminal(answers: string[], available = true): { terminal: Terminal; asked: Asked[] } {
  const asked: Asked[] = [];
  const terminal: Terminal = {
    available: () => available,
    prompt(message, options) {
      asked.push({ message, ...options });
      const answer = answers.shift();
      return answer === undefined
        ? Promise.reject(new NoTerminalError("no answer left"))
        : Promise.resolve(answer);
    },
  };
  return { terminal, asked };
}

interface Session extends Omit<SecretServiceBus, "run"> {
  /** A keyring with headless creation/unlocking; `env` defaults to no display. */
  ring(
    terminal: Terminal,
    options?: {
      collection?: string;
      env?: Env;
      log?: Logger;
      wrap?: (connect: () => Promise<DbusClient>) => () => Promise<DbusClient>;
    },
  ): SecretServiceKeyring;
  /** Runs a program on the session's bus; `stdout` is its stdout and stderr together. */
  run(cmd: string, args: string[], stdin?: string): Promise<{ code: number; stdout: string }>;
}

/** Starts a gnome-keyring session, runs `fn` in it, then ends the session. */
async function withSession(fn: (s: Session) => Promise<void>): Promise<void> {
  await withSecretServiceBus((bus) =>
    fn({
      ...bus,
      ring: (terminal, o = {}) =>
        new SecretServiceKeyring({
          collection: o.collection ?? "awsvault",
          connect: o.wrap ? o.wrap(bus.connect) : bus.connect,
          log: o.log ?? QUIET,
          promptTimeoutMs: 5_000,
          headless: new HeadlessCollections({
            env: o.env ?? fakeEnv({}),
            terminal,
            log: o.log ?? QUIET,
          }),
        }),
      async run(cmd, args, stdin) {
        const out = await bus.run(cmd, args, stdin);
        return { code: out.code, stdout: out.stdout + out.stderr };
      },
    })
  );
}

async function collections(s: Session): Promise<string[]> {
  return await property(await s.bus(), ROOT, SERVICE, "Collections") as string[];
}

async function isLocked(s: Session, path: string): Promise<boolean> {
  const collection = "org.freedesktop.Secret.Collection";
  return await property(await s.bus(), path, collection, "Locked") as boolean;
}

async function lock(s: Session, path: string): Promise<void> {
  await call(await s.bus(), ROOT, SERVICE, "Lock", "ao", [[path]]);
  assert.equal(await isLocked(s, path), true);
}

/** Calls gnome-keyring's private interface directly (`member` = Create/UnlockWithMasterPassword). */
async function gnomeCall(s: Session, member: string, first: unknown, password: string) {
  return await gnomeMasterPasswordCall(await s.bus(), member, first, password);
}

async function createCollection(s: Session, label: string, password: string): Promise<string> {
  return await createCollectionWithPassword(await s.bus(), label, password);
}

async function failure(fn: () => Promise<unknown>): Promise<[number, KeyringError]> {
  const start = performance.now();
  try {
    await fn();
  } catch (error) {
    assert.ok(error instanceof KeyringError, String(error));
    return [performance.now() - start, error];
  }
  throw new Error("expected a KeyringError");
}

function keyringFiles(s: Session): string[] {
  try {
    return [...Deno.readDirSync(`${s.root}/data/keyrings`)].map((e) => e.name).sort();
  } catch {
    return [];
  }
}

test("headless set() creates the collection with a password asked twice on the terminal", async () => {
  await withSession(async (s) => {
    const password = "typed-collection-pw-93";
    const { terminal, asked } = fakeTerminal([password, password]);
    const lines: string[] = [];
    const ring = s.ring(terminal, { log: { enabled: true, debug: (m) => lines.push(m) } });
    await ring.set(item("p"));
    assert.deepEqual(asked, [
      { message: NEW_PROMPT, echo: false, promptTo: "stderr" },
      { message: REPEAT_PROMPT, echo: false, promptTo: "stderr" },
    ]);
    assert.ok((await collections(s)).includes(AWSVAULT));
    assert.ok(keyringFiles(s).includes("awsvault.keyring"), keyringFiles(s).join(", "));
    assert.equal(await isLocked(s, AWSVAULT), false);
    assert.deepEqual(await ring.keys(), ["p"]);
    assert.deepEqual(await ring.get("p"), item("p"));
    assert.ok(!lines.join("\n").includes(password), "the password is in the debug output");

    // A fresh keyring (another process) finds it by path, and so does secret-tool.
    assert.deepEqual(await s.ring(fakeTerminal([]).terminal).get("p"), item("p"));
    const stored = await s.run(
      "secret-tool",
      ["store", "--label=extra", `--collection=${AWSVAULT}`, "profile", "extra"],
      "extra-value",
    );
    assert.equal(stored.code, 0, stored.stdout);
    assert.deepEqual((await ring.keys()).sort(), ["extra", "p"]);
    const label = await s.run("gdbus", [
      "call",
      "--session",
      "--dest",
      SECRETS,
      "--object-path",
      AWSVAULT,
      "--method",
      "org.freedesktop.DBus.Properties.Get",
      "org.freedesktop.Secret.Collection",
      "Label",
    ]);
    assert.equal(label.stdout.trim(), "(<'awsvault'>,)");

    // The typed password is the collection's: after a lock it unlocks it, a wrong one does not.
    await lock(s, AWSVAULT);
    await assert.rejects(() => gnomeCall(s, "UnlockWithMasterPassword", AWSVAULT, "other"));
    await gnomeCall(s, "UnlockWithMasterPassword", AWSVAULT, password);
    assert.equal(await isLocked(s, AWSVAULT), false);
  });
});

test("headless creation of a name with '-' lands on the escaped path the keyring looks up", async () => {
  await withSession(async (s) => {
    const { terminal, asked } = fakeTerminal(["pw-1", "pw-1"]);
    const ring = s.ring(terminal, { collection: "my-vault" });
    await ring.set(item("p"));
    assert.equal(asked.length, 2);
    assert.ok((await collections(s)).includes(`${ROOT}/collection/my_2dvault`));
    assert.deepEqual(await s.ring(fakeTerminal([]).terminal, { collection: "my-vault" }).keys(), [
      "p",
    ]);
  });
});

test("headless creation with mismatched or empty passwords fails in one line and creates nothing", async () => {
  await withSession(async (s) => {
    const before = await collections(s);
    const mismatch = fakeTerminal(["first-pw", "second-pw"]);
    const ring = s.ring(mismatch.terminal);
    const [, error] = await failure(() => ring.set(item("p")));
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": ' +
        "the two passwords do not match; nothing was created",
    );
    assert.ok(!error.message.includes("first-pw") && !error.message.includes("second-pw"));
    // Asked at most once per process: a second set() repeats the error without asking.
    const [, again] = await failure(() => ring.set(item("q")));
    assert.equal(again.message.replace('"q"', '"p"'), error.message);
    assert.equal(mismatch.asked.length, 2);

    const empty = fakeTerminal([""]);
    const [, emptyError] = await failure(() => s.ring(empty.terminal).set(item("p")));
    assert.equal(
      emptyError.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": ' +
        "the password is empty (the collection would be stored unencrypted); nothing was created",
    );
    assert.deepEqual(empty.asked.map((a) => a.message), [NEW_PROMPT]);
    assert.deepEqual(await collections(s), before);
    assert.ok(!keyringFiles(s).includes("awsvault.keyring"));
  });
});

test("headless unlock of a locked collection asks its password once and reads the item", async () => {
  await withSession(async (s) => {
    const collection = await createCollection(s, "awsvault", "right-pw");
    await s.ring(fakeTerminal([]).terminal).set(item("p"));
    await lock(s, collection);
    const { terminal, asked } = fakeTerminal(["right-pw"]);
    const ring = s.ring(terminal);
    assert.deepEqual(await ring.get("p"), item("p"));
    assert.deepEqual(asked, [{ message: UNLOCK_PROMPT, echo: false, promptTo: "stderr" }]);
    assert.equal(await isLocked(s, collection), false);

    // Locked again in the same process: the remembered password is used, nothing is asked.
    await lock(s, collection);
    await ring.set(item("p", "changed"));
    assert.deepEqual(await ring.get("p"), item("p", "changed"));
    await lock(s, collection);
    assert.equal(await ring.remove("p"), true);
    assert.equal(asked.length, 1);
    assert.deepEqual(await ring.keys(), []);
  });
});

test("headless unlock with a wrong password fails in one line naming the collection, changing nothing", async () => {
  await withSession(async (s) => {
    const collection = await createCollection(s, "awsvault", "right-pw");
    await s.ring(fakeTerminal([]).terminal).set(item("p"));
    await lock(s, collection);
    const { terminal, asked } = fakeTerminal(["wrong-pw-123"]);
    const ring = s.ring(terminal);
    for (
      const [verb, op] of [["get", () => ring.get("p")], ["set", () => ring.set(item("p", "x"))], [
        "remove",
        () => ring.remove("p"),
      ]] as const
    ) {
      const [, error] = await failure(op);
      assert.equal(
        error.message,
        `secret-service backend: cannot ${verb} "p": unlocking collection "awsvault": ` +
          "the password is wrong",
      );
    }
    assert.equal(asked.length, 1, "asked more than once");
    assert.equal(await isLocked(s, collection), true);
    assert.deepEqual(await ring.keys(), ["p"]);
    await gnomeCall(s, "UnlockWithMasterPassword", collection, "right-pw");
    assert.deepEqual(await s.ring(fakeTerminal([]).terminal).get("p"), item("p"));
  });
});

test("headless without a terminal: create and unlock fail fast in one line saying what to do", async () => {
  await withSession(async (s) => {
    const { terminal, asked } = fakeTerminal([], false);
    const [ms, error] = await failure(() => s.ring(terminal).set(item("p")));
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": there is no display ' +
        "for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set) and no terminal " +
        "to ask for a password; run aws-vault once from a terminal, or create the collection once " +
        "in a desktop session, or use an existing collection (e.g. --secret-service-collection=login) " +
        "or --backend=file",
    );
    assert.ok(ms < 2_000, `took ${ms} ms`);
    assert.ok(!(await collections(s)).includes(AWSVAULT));

    const collection = await createCollection(s, "awsvault", "right-pw");
    await s.ring(terminal).set(item("p"));
    await lock(s, collection);
    const [ms2, locked] = await failure(() => s.ring(terminal).get("p"));
    assert.equal(
      locked.message,
      'secret-service backend: cannot get "p": unlocking collection "awsvault": there is no ' +
        "display for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set) and no " +
        "terminal to ask for its password; run aws-vault from a terminal, or unlock the " +
        "collection in a desktop session, or use --backend=file",
    );
    assert.ok(ms2 < 2_000, `took ${ms2} ms`);
    assert.deepEqual(asked, []);
    assert.equal(await isLocked(s, collection), true);
  });
});

test("with a display the service's own prompt is used and the terminal is not asked", async () => {
  await withSession(async (s) => {
    const { terminal, asked } = fakeTerminal(["pw", "pw"]);
    const ring = s.ring(terminal, { env: fakeEnv({ DISPLAY: ":99" }) });
    const [, error] = await failure(() => ring.set(item("p")));
    // keyring_session.sh has no X server: gcr-prompter cannot show the dialog.
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": ' +
        "the Secret Service prompt was dismissed (it needs a desktop session to be answered)",
    );
    assert.deepEqual(asked, []);
    assert.ok(!(await collections(s)).includes(AWSVAULT));
  });
});

/**
 * Makes the real gnome-keyring look like another Secret Service provider:
 * "introspection" hides its private interface from `Introspect`; "calls" lets
 * `Introspect` through but sends calls on that interface to a name the daemon
 * does not have, so they fail with UnknownMethod.
 */
function notGnomeKeyring(
  connect: () => Promise<DbusClient>,
  mode: "introspection" | "calls",
): () => Promise<DbusClient> {
  return async () => {
    const bus = await connect();
    return {
      async call(c) {
        const sent = mode === "calls" && c.interface === GNOME
          ? { ...c, interface: "org.example.NotGnomeKeyring" }
          : c;
        const reply = await bus.call(sent);
        if (mode === "introspection" && c.member === "Introspect") {
          return [String(reply[0]).replaceAll(GNOME, "org.example.Hidden")];
        }
        return reply;
      },
      onSignal: (listener) => bus.onSignal(listener),
      close: () => bus.close(),
    };
  };
}

test("headless on a service without gnome-keyring's interface: its prompt is tried, then one line saying what to do", async () => {
  await withSession(async (s) => {
    const { terminal, asked } = fakeTerminal(["pw", "pw"]);
    const ring = s.ring(terminal, { wrap: (c) => notGnomeKeyring(c, "introspection") });
    const [ms, error] = await failure(() => ring.set(item("p")));
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": there is no display ' +
        "for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set), and this Secret " +
        "Service can only ask through it; create the collection once in a desktop session, or use " +
        "an existing collection (e.g. --secret-service-collection=login) or --backend=file",
    );
    assert.ok(ms < 2_000, `took ${ms} ms`);
    assert.deepEqual(asked, [], "a password was asked for nothing");
    assert.ok(!(await collections(s)).includes(AWSVAULT));

    const collection = await createCollection(s, "awsvault", "right-pw");
    await ring.set(item("p"));
    await lock(s, collection);
    const [, locked] = await failure(() => ring.get("p"));
    assert.equal(
      locked.message,
      'secret-service backend: cannot get "p": unlocking collection "awsvault": there is no ' +
        "display for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set), and " +
        "this Secret Service can only ask through it; unlock the collection in a desktop " +
        "session, or use --backend=file",
    );
    assert.deepEqual(asked, []);
  });
});

test("headless when the private call fails with UnknownMethod: one line saying what to do", async () => {
  await withSession(async (s) => {
    const { terminal } = fakeTerminal(["pw-x", "pw-x"]);
    const ring = s.ring(terminal, { wrap: (c) => notGnomeKeyring(c, "calls") });
    const [, error] = await failure(() => ring.set(item("p")));
    assert.equal(
      error.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": there is no display ' +
        "for the Secret Service prompt (DISPLAY and WAYLAND_DISPLAY are not set), and this Secret " +
        "Service cannot take a password from the terminal; create the collection once in a " +
        "desktop session, or use an existing collection (e.g. --secret-service-collection=login) " +
        "or --backend=file",
    );
    assert.ok(!(await collections(s)).includes(AWSVAULT));
  });
});
