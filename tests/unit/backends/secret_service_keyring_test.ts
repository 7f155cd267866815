import assert from "node:assert/strict";
import { SecretServiceKeyring } from "../../../backends/secret_service_keyring.ts";
import { collectionPath, decodePathEscapes } from "../../../backends/secret_service_dbus.ts";
import { type DbusCall, type DbusClient, DbusError } from "../../../backends/dbus_connection.ts";
import { DbusVariant } from "../../../backends/dbus_marshal.ts";
import { type DbusMessage, MESSAGE_TYPE } from "../../../backends/dbus_message.ts";
import { encodeItemJson } from "../../../backends/item_json.ts";
import type { KeyringItem } from "../../../backends/types.ts";
import { utf8 } from "../../../src/encoding.ts";
import { KeyringError } from "../../../src/errors.ts";

const ROOT = "/org/freedesktop/secrets";

interface FakeItem {
  label: string;
  attributes: Map<string, string>;
  value: Uint8Array;
  contentType: string;
}

type PromptPlan = { dismissed: boolean; result?: DbusVariant } | "never";

/** An in-memory Secret Service behind the DbusClient interface. */
class FakeSecretService {
  collections = new Map<string, { locked: boolean; items: Map<string, FakeItem> }>();
  calls: DbusCall[] = [];
  connections = 0;
  closed = 0;
  createPrompt: PromptPlan = { dismissed: true };
  unlockPrompt: PromptPlan = { dismissed: true };
  failWith: DbusError | undefined;
  #next = 1;
  #prompts = new Map<string, { plan: PromptPlan; onDone?: () => void }>();

  connect = (): Promise<DbusClient> => {
    this.connections++;
    const listeners = new Set<(m: DbusMessage) => void>();
    const emit = (path: string, body: unknown[]) => {
      const message: DbusMessage = {
        type: MESSAGE_TYPE.signal,
        flags: 0,
        serial: 0,
        path,
        interface: "org.freedesktop.Secret.Prompt",
        member: "Completed",
        signature: "bv",
        body,
      };
      setTimeout(() => listeners.forEach((l) => l(message)), 1);
    };
    return Promise.resolve({
      call: (c: DbusCall) => this.#call(c, emit),
      onSignal: (l: (m: DbusMessage) => void) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      close: () => {
        this.closed++;
        return Promise.resolve();
      },
    });
  };

  addCollection(path: string, locked = false) {
    this.collections.set(path, { locked, items: new Map() });
  }

  #itemOwner(path: string) {
    for (const [cpath, c] of this.collections) {
      if (c.items.has(path)) return { c, cpath, item: c.items.get(path)! };
    }
    throw new DbusError("org.freedesktop.Secret.Error.NoSuchObject", `no such object ${path}`);
  }

  #prompt(plan: PromptPlan, onDone?: () => void): string {
    const path = `${ROOT}/prompt/p${this.#next++}`;
    this.#prompts.set(path, { plan, onDone });
    return path;
  }

  #call(c: DbusCall, emit: (path: string, body: unknown[]) => void): Promise<unknown[]> {
    this.calls.push(c);
    if (this.failWith) return Promise.reject(this.failWith);
    const m = `${c.interface}.${c.member}`;
    const body = c.body ?? [];
    switch (m) {
      case "org.freedesktop.DBus.AddMatch":
      case "org.freedesktop.DBus.RemoveMatch":
        return Promise.resolve([]);
      case "org.freedesktop.DBus.Properties.Get": {
        const [iface, name] = body as [string, string];
        let v: DbusVariant;
        if (name === "Collections") v = new DbusVariant("ao", [...this.collections.keys()]);
        else if (iface.endsWith("Collection")) {
          const col = this.collections.get(c.path)!;
          v = name === "Locked"
            ? new DbusVariant("b", col.locked)
            : new DbusVariant("ao", [...col.items.keys()]);
        } else {
          const { c: col, item } = this.#itemOwner(c.path);
          if (name === "Label" && item.label === "unreadable") {
            return Promise.reject(new DbusError("org.freedesktop.DBus.Error.Failed", "broken"));
          }
          v = name === "Locked"
            ? new DbusVariant("b", col.locked)
            : new DbusVariant("s", item.label);
        }
        return Promise.resolve([v]);
      }
      case "org.freedesktop.Secret.Service.OpenSession":
        return Promise.resolve([new DbusVariant("s", ""), `${ROOT}/session/s${this.#next++}`]);
      case "org.freedesktop.Secret.Service.CreateCollection": {
        const label =
          ((body[0] as Map<string, DbusVariant>).get("org.freedesktop.Secret.Collection.Label")!)
            .value;
        const path = collectionPath(String(label));
        return Promise.resolve([
          "/",
          this.#prompt(this.createPrompt, () => this.addCollection(path)),
        ]);
      }
      case "org.freedesktop.Secret.Service.Unlock": {
        const [paths] = body as [string[]];
        return Promise.resolve([
          [],
          this.#prompt(this.unlockPrompt, () => {
            for (const p of paths) {
              const col = this.collections.get(p) ?? this.#itemOwner(p).c;
              col.locked = false;
            }
          }),
        ]);
      }
      case "org.freedesktop.Secret.Prompt.Prompt": {
        const prompt = this.#prompts.get(c.path)!;
        if (prompt.plan !== "never") {
          if (!prompt.plan.dismissed) prompt.onDone?.();
          emit(c.path, [prompt.plan.dismissed, prompt.plan.result ?? new DbusVariant("s", "")]);
        }
        return Promise.resolve([]);
      }
      case "org.freedesktop.Secret.Prompt.Dismiss":
        return Promise.resolve([]);
      case "org.freedesktop.Secret.Collection.SearchItems": {
        const [attrs] = body as [Map<string, string>];
        const col = this.collections.get(c.path)!;
        const found = [...col.items].filter(([, i]) =>
          [...attrs].every(([k, v]) => i.attributes.get(k) === v)
        );
        return Promise.resolve([found.map(([p]) => p)]);
      }
      case "org.freedesktop.Secret.Collection.CreateItem": {
        const col = this.collections.get(c.path)!;
        if (col.locked) {
          return Promise.reject(new DbusError("org.freedesktop.Secret.Error.IsLocked", "locked"));
        }
        const [props, secret, replace] = body as [Map<string, DbusVariant>, unknown[], boolean];
        const attributes = props.get("org.freedesktop.Secret.Item.Attributes")!.value as Map<
          string,
          string
        >;
        const same = [...col.items].find(([, i]) =>
          i.attributes.size === attributes.size &&
          [...attributes].every(([k, v]) => i.attributes.get(k) === v)
        );
        const path = replace && same ? same[0] : `${c.path}/${this.#next++}`;
        col.items.set(path, {
          label: String(props.get("org.freedesktop.Secret.Item.Label")!.value),
          attributes,
          value: secret[2] as Uint8Array,
          contentType: secret[3] as string,
        });
        return Promise.resolve([path, "/"]);
      }
      case "org.freedesktop.Secret.Item.GetSecret": {
        const { c: col, item } = this.#itemOwner(c.path);
        if (col.locked) {
          return Promise.reject(new DbusError("org.freedesktop.Secret.Error.IsLocked", "locked"));
        }
        return Promise.resolve([[body[0], new Uint8Array(), item.value, item.contentType]]);
      }
      case "org.freedesktop.Secret.Item.Delete":
        this.#itemOwner(c.path).c.items.delete(c.path);
        return Promise.resolve(["/"]);
    }
    return Promise.reject(new DbusError("org.freedesktop.DBus.Error.UnknownMethod", m));
  }
}

function ring(
  fake: FakeSecretService,
  options: { collection?: string; promptTimeoutMs?: number } = {},
) {
  return new SecretServiceKeyring({
    collection: options.collection ?? "awsvault",
    connect: fake.connect,
    log: { enabled: false, debug() {} },
    promptTimeoutMs: options.promptTimeoutMs ?? 1000,
  });
}

function item(key: string, secret = "s3cret"): KeyringItem {
  return {
    key,
    data: utf8(`{"SecretAccessKey":"${secret}"}`),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

Deno.test("decodePathEscapes() decodes GNOME's _XX escapes, leaving other underscores", () => {
  assert.equal(decodePathEscapes(`${ROOT}/collection/my_2dvault`), `${ROOT}/collection/my-vault`);
  assert.equal(decodePathEscapes("a_5fb_c3_a9"), "a_bé");
  assert.equal(decodePathEscapes("plain_name_zz"), "plain_name_zz");
});

Deno.test("set() calls CreateItem as aws-vault does: label and profile = key, JSON as application/json, replace", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  await ring(fake).set(item("jonsmith"));
  const create = fake.calls.find((c) => c.member === "CreateItem")!;
  assert.equal(create.path, `${ROOT}/collection/awsvault`);
  assert.equal(create.signature, "a{sv}(oayays)b");
  const [props, secret, replace] = create.body as [Map<string, DbusVariant>, unknown[], boolean];
  assert.deepEqual(
    props.get("org.freedesktop.Secret.Item.Label"),
    new DbusVariant("s", "jonsmith"),
  );
  assert.deepEqual(
    props.get("org.freedesktop.Secret.Item.Attributes"),
    new DbusVariant("a{ss}", new Map([["profile", "jonsmith"]])),
  );
  assert.equal(props.size, 2);
  assert.match(String(secret[0]), /^\/org\/freedesktop\/secrets\/session\//);
  assert.deepEqual(secret.slice(1), [
    new Uint8Array(),
    utf8(encodeItemJson(item("jonsmith"))),
    "application/json",
  ]);
  assert.equal(replace, true);
  assert.deepEqual([fake.connections, fake.closed], [1, 1]);
});

Deno.test("get() makes one connection and no prompt when the collection is unlocked", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  await ring(fake).set(item("p"));
  fake.calls = [];
  assert.deepEqual(await ring(fake).get("p"), item("p"));
  assert.deepEqual(fake.calls.map((c) => c.member), [
    "Get",
    "SearchItems",
    "Get",
    "OpenSession",
    "GetSecret",
  ]);
  assert.deepEqual([fake.connections, fake.closed], [2, 2]);
});

Deno.test("the collection is found by its escaped path, and no other collection is used", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/my_2dvault`);
  fake.addCollection(`${ROOT}/collection/login`);
  await ring(fake, { collection: "my-vault" }).set(item("p"));
  assert.deepEqual(await ring(fake, { collection: "my-vault" }).keys(), ["p"]);
  assert.deepEqual(await ring(fake, { collection: "my_vault" }).keys(), []);
  assert.equal(fake.collections.get(`${ROOT}/collection/login`)!.items.size, 0);
});

Deno.test("without the collection get/remove find nothing and open no session", async () => {
  const fake = new FakeSecretService();
  const r = ring(fake);
  assert.equal(await r.get("p"), undefined);
  assert.equal(await r.remove("p"), false);
  assert.deepEqual(await r.keys(), []);
  assert.ok(!fake.calls.some((c) => c.member === "OpenSession" || c.member === "CreateCollection"));
});

Deno.test("set() creates the missing collection (label = name) through its prompt, then stores", async () => {
  const fake = new FakeSecretService();
  fake.createPrompt = {
    dismissed: false,
    result: new DbusVariant("o", `${ROOT}/collection/awsvault`),
  };
  await ring(fake).set(item("p"));
  const create = fake.calls.find((c) => c.member === "CreateCollection")!;
  assert.deepEqual(create.body, [
    new Map([["org.freedesktop.Secret.Collection.Label", new DbusVariant("s", "awsvault")]]),
    "",
  ]);
  assert.deepEqual(await ring(fake).get("p"), item("p"));
});

Deno.test("a dismissed prompt fails with one line; an unanswered one is dismissed after the time limit", async () => {
  const fake = new FakeSecretService();
  await assert.rejects(() => ring(fake).set(item("p")), (e: Error) => {
    assert.ok(e instanceof KeyringError);
    assert.equal(
      e.message,
      'secret-service backend: cannot set "p": creating collection "awsvault": ' +
        "the Secret Service prompt was dismissed (it needs a desktop session to be answered)",
    );
    return true;
  });
  fake.createPrompt = "never";
  const start = performance.now();
  await assert.rejects(
    () => ring(fake, { promptTimeoutMs: 80 }).set(item("p")),
    /^KeyringError: secret-service backend: cannot set "p": creating collection "awsvault": no answer to the Secret Service prompt within 0\.08 s$/,
  );
  assert.ok(performance.now() - start < 1000);
  assert.ok(fake.calls.some((c) => c.member === "Dismiss"));
  assert.equal(fake.calls.filter((c) => c.member === "AddMatch").length, 2);
  assert.equal(fake.calls.filter((c) => c.member === "RemoveMatch").length, 2);
});

Deno.test("a locked collection is unlocked through the prompt before reading", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  await ring(fake).set(item("p"));
  fake.collections.get(`${ROOT}/collection/awsvault`)!.locked = true;
  await assert.rejects(
    () => ring(fake).get("p"),
    /cannot get "p": unlocking collection "awsvault": .*dismissed/,
  );
  fake.unlockPrompt = { dismissed: false, result: new DbusVariant("ao", []) };
  assert.deepEqual(await ring(fake).get("p"), item("p"));
});

Deno.test("set() removes other items for the key, e.g. one with extra attributes", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  const col = fake.collections.get(`${ROOT}/collection/awsvault`)!;
  col.items.set(`${ROOT}/collection/awsvault/old`, {
    label: "p",
    attributes: new Map([["profile", "p"], ["xdg:schema", "org.freedesktop.Secret.Generic"]]),
    value: utf8(encodeItemJson(item("p", "old"))),
    contentType: "text/plain",
  });
  await ring(fake).set(item("p", "new"));
  assert.equal(col.items.size, 1);
  assert.deepEqual(await ring(fake).get("p"), item("p", "new"));
  assert.equal(await ring(fake).remove("p"), true);
  assert.equal(col.items.size, 0);
});

Deno.test("a secret that is not item JSON fails without quoting it", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  await ring(fake).set(item("p"));
  const col = fake.collections.get(`${ROOT}/collection/awsvault`)!;
  for (const stored of col.items.values()) stored.value = utf8("hunter2-plain-password");
  await assert.rejects(() => ring(fake).get("p"), (e: Error) => {
    assert.equal(
      e.message,
      'secret-service backend: cannot get "p": the secret of item "p" is not a keyring item in JSON',
    );
    return true;
  });
});

Deno.test("keys() skips items whose label cannot be read", async () => {
  const fake = new FakeSecretService();
  fake.addCollection(`${ROOT}/collection/awsvault`);
  await ring(fake).set(item("a"));
  await ring(fake).set(item("b"));
  const col = fake.collections.get(`${ROOT}/collection/awsvault`)!;
  [...col.items.values()][0].label = "unreadable";
  assert.deepEqual(await ring(fake).keys(), ["b"]);
});

Deno.test("errors are one line naming the backend; a missing service names gnome-keyring", async () => {
  const fake = new FakeSecretService();
  fake.failWith = new DbusError(
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "The name org.freedesktop.secrets was not provided by any .service files",
  );
  await assert.rejects(
    () => ring(fake).keys(),
    /^KeyringError: secret-service backend: cannot list keys: no Secret Service provider on the session bus \(e\.g\. the Debian package "gnome-keyring"\)$/,
  );
  fake.failWith = new DbusError("org.freedesktop.DBus.Error.Failed", "first line\nsecond line");
  await assert.rejects(
    () => ring(fake).get("k"),
    /^KeyringError: secret-service backend: cannot get "k": first line$/,
  );
  const noBus = new SecretServiceKeyring({
    collection: "awsvault",
    connect: () =>
      Promise.reject(new DbusError("org.freedesktop.DBus.Error.NoServer", "no session bus: x")),
    log: { enabled: false, debug() {} },
  });
  await assert.rejects(
    () => noBus.get("k"),
    /^KeyringError: secret-service backend: cannot get "k": no session bus: x$/,
  );
  assert.equal(fake.connections, fake.closed);
});
