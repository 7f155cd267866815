/**
 * The keychain backend driving a stand-in `security` (tests/helpers/stand_ins/security)
 * that records every run and answers in the real tool's formats; plus the
 * output parsers on verbatim samples of the real formats.
 */

import { KEYCHAIN_BACKEND, KeychainKeyring } from "../../../backends/keychain.ts";
import {
  decodePasswordOutput,
  decodePrintBuffer,
  failureMessage,
  parseDumpKeychain,
  quoteInteractive,
  toHex as hex,
} from "../../../backends/keychain_format.ts";
import type { KeyringItem } from "../../../backends/types.ts";
import { KeyringError } from "../../../src/errors.ts";
import { denoProcessRunner } from "../../../src/platform/deno_proc.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { assert, assertEquals, assertRejects, assertStringIncludes } from "../../helpers/assert.ts";
import { fakeDeps, fakeEnv } from "../../helpers/fakes.ts";
import { keychainRoundTrip, sessionItem as session } from "../../helpers/keyring_round_trips.ts";

const STAND_INS = new URL("../../helpers/stand_ins", import.meta.url).pathname;
const SILENT: Logger = { enabled: false, debug: () => {} };
const enc = new TextEncoder();
const dec = new TextDecoder();

interface Run {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

interface StoredItem {
  svce: string;
  acct: string;
  labl: string | null;
  desc: string | null;
  data: string;
  trusted: string[] | null;
  class?: string;
}

/** A temporary stand-in keychain world. */
async function world(options: { state?: unknown; path?: string } = {}) {
  const dir = await Deno.makeTempDir({ prefix: "keychain-test-" });
  const state = `${dir}/state.json`;
  const log = `${dir}/log.jsonl`;
  if (options.state !== undefined) await Deno.writeTextFile(state, JSON.stringify(options.state));
  const env = fakeEnv({
    PATH: options.path ?? `${STAND_INS}:${Deno.env.get("PATH") ?? "/usr/bin:/bin"}`,
    HOME: "/Users/test",
    SECURITY_STANDIN_STATE: state,
    SECURITY_STANDIN_LOG: log,
    AWS_SECRET_ACCESS_KEY: "secret-from-the-environment",
    AWS_VAULT_FILE_PASSPHRASE: "a-passphrase",
  });
  const proc = denoProcessRunner({ getEnv: (name) => env.get(name) });
  const logged: string[] = [];
  const narrator: Logger = { enabled: true, debug: (message) => logged.push(message) };
  const keychain = new KeychainKeyring({ proc, env, log: narrator, keychainName: "aws-vault" });
  return {
    keychain,
    logged,
    env,
    async runs(): Promise<Run[]> {
      try {
        return (await Deno.readTextFile(log)).trim().split("\n").filter((l) => l).map((l) =>
          JSON.parse(l)
        );
      } catch {
        return [];
      }
    },
    async items(name = "aws-vault.keychain"): Promise<StoredItem[]> {
      return JSON.parse(await Deno.readTextFile(state)).keychains[name]?.items ?? [];
    },
    cleanup: () => Deno.remove(dir, { recursive: true }),
  };
}

function master(key: string, secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"): KeyringItem {
  return {
    key,
    data: enc.encode(
      JSON.stringify({ AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: secret }),
    ),
    label: `aws-vault (${key})`,
    description: "",
    keychainNotTrustApplication: true,
    keychainNotSynchronizable: false,
  };
}

const storedItem = (acct: string, data: string, svce = "aws-vault"): StoredItem => ({
  svce: hex(enc.encode(svce)),
  acct: hex(enc.encode(acct)),
  labl: hex(enc.encode(`label of ${acct}`)),
  desc: null,
  data: hex(enc.encode(data)),
  trusted: null,
});

Deno.test("keychain set creates the keychain on first write and adds the item through security -i, data as hex on stdin", async () => {
  const w = await world();
  try {
    const item = master("jonsmith");
    await w.keychain.set(item);
    const addLine =
      `add-generic-password -s aws-vault -a jonsmith -l "aws-vault (jonsmith)" -D "" -T "" ` +
      `-X ${hex(item.data)} aws-vault.keychain\n`;
    assertEquals((await w.runs()).map((r) => [r.argv, r.stdin]), [
      [["-i"], addLine],
      [["create-keychain", "-P", "aws-vault.keychain"], ""],
      [["-i"], addLine],
    ]);
    assertEquals(await w.items(), [{
      class: "genp",
      svce: hex(enc.encode("aws-vault")),
      acct: hex(enc.encode("jonsmith")),
      labl: hex(enc.encode("aws-vault (jonsmith)")),
      desc: null,
      data: hex(item.data),
      trusted: [], // -T "": no application is trusted
    }]);
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain session items get the default access and carry label and kind", async () => {
  const w = await world({ state: { keychains: { "aws-vault.keychain": { items: [] } } } });
  try {
    await w.keychain.set(
      session("sts.GetSessionToken,am9uc21pdGg,,1795000000", '{"AccessKeyId":"ASIA"}'),
    );
    const [run] = await w.runs();
    assert(!run.stdin.includes("-T"), "a session item must not restrict its access");
    const [stored] = await w.items();
    assertEquals(stored.trusted, null);
    assertEquals(dec.decode(decodeHex(stored.desc!)), "aws-vault session");
    assertEquals(
      dec.decode(decodeHex(stored.labl!)),
      "aws-vault session for jonsmith (expires 2026-11-23T13:00:00Z)",
    );
  } finally {
    await w.cleanup();
  }
});

function decodeHex(text: string): Uint8Array {
  return new Uint8Array(text.match(/../g)!.map((h) => parseInt(h, 16)));
}

Deno.test("keychain set updates an existing item with -U and no -T, keeping its access list", async () => {
  const w = await world({ state: { keychains: { "aws-vault.keychain": { items: [] } } } });
  try {
    await w.keychain.set(master("jonsmith", "old"));
    await w.keychain.set(master("jonsmith", "new"));
    const runs = await w.runs();
    assertEquals(runs.length, 3);
    assert(
      runs[1].stdin.startsWith("add-generic-password -s aws-vault -a jonsmith "),
      runs[1].stdin,
    );
    assert(
      runs[2].stdin.startsWith(
        'add-generic-password -U -s aws-vault -a jonsmith -l "aws-vault (jonsmith)" -D "" -X ',
      ),
      runs[2].stdin,
    );
    const items = await w.items();
    assertEquals(items.length, 1);
    assertEquals(items[0].trusted, []);
    assertEquals(JSON.parse(dec.decode(decodeHex(items[0].data))).SecretAccessKey, "new");
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain get reads with find-generic-password -w and decodes raw and hex output", async () => {
  const w = await world({ state: { keychains: { "aws-vault.keychain": { items: [] } } } });
  try {
    const ascii = session("ascii", '{"AccessKeyId":"ASIA","SessionToken":"tok"}');
    const utf8 = session("üser/ü", '{"AccessKeyId":"ASIA","Note":"café\\n"}\n');
    await w.keychain.set(ascii);
    await w.keychain.set(utf8);
    const got = await w.keychain.get("ascii");
    assertEquals(got && dec.decode(got.data), dec.decode(ascii.data));
    assertEquals(got?.key, "ascii");
    const gotUtf8 = await w.keychain.get("üser/ü");
    assertEquals(gotUtf8 && dec.decode(gotUtf8.data), dec.decode(utf8.data));
    const finds = (await w.runs()).filter((r) => r.argv[0] === "find-generic-password").map((r) =>
      r.argv
    );
    assertEquals(finds, [
      ["find-generic-password", "-s", "aws-vault", "-a", "ascii", "-w", "aws-vault.keychain"],
      ["find-generic-password", "-s", "aws-vault", "-a", "üser/ü", "-w", "aws-vault.keychain"],
    ]);
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain get of a missing item or a missing keychain is undefined", async () => {
  const w = await world();
  try {
    assertEquals(await w.keychain.get("jonsmith"), undefined); // no keychain at all
    await w.keychain.set(master("other"));
    assertEquals(await w.keychain.get("jonsmith"), undefined); // exit status 44
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain keys lists the aws-vault accounts of dump-keychain, whatever bytes they hold", async () => {
  const odd = 'café "quoted" back\\slash';
  const w = await world({
    state: {
      keychains: {
        "aws-vault.keychain": {
          items: [
            storedItem("jonsmith", "{}"),
            storedItem("someone-else", "{}", "another-service"),
            storedItem(odd, "{}"),
            storedItem("oidc:https://mycompany.awsapps.com/start", "{}"),
            { ...storedItem("internet", "{}"), class: "inet" },
          ],
        },
      },
    },
  });
  try {
    assertEquals(await w.keychain.keys(), [
      "jonsmith",
      odd,
      "oidc:https://mycompany.awsapps.com/start",
    ]);
    assertEquals((await w.runs()).map((r) => r.argv), [["dump-keychain", "aws-vault.keychain"]]);
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain keys of a keychain that does not exist is empty", async () => {
  const w = await world();
  try {
    assertEquals(await w.keychain.keys(), []);
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain remove deletes with delete-generic-password and reports whether there was an item", async () => {
  const w = await world();
  try {
    assertEquals(await w.keychain.remove("jonsmith"), false); // no keychain
    await w.keychain.set(master("jonsmith"));
    assertEquals(await w.keychain.remove("jonsmith"), true);
    assertEquals(await w.keychain.remove("jonsmith"), false);
    assertEquals(await w.items(), []);
    const deletes = (await w.runs()).filter((r) => r.argv[0] === "delete-generic-password").map((
      r,
    ) => r.argv);
    assertEquals(deletes[0], [
      "delete-generic-password",
      "-s",
      "aws-vault",
      "-a",
      "jonsmith",
      "aws-vault.keychain",
    ]);
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain keys, labels and kinds with quotes, backslashes and spaces survive the -i quoting", async () => {
  const w = await world({ state: { keychains: { "aws-vault.keychain": { items: [] } } } });
  try {
    const key = `a "b" \\c d'e`;
    await w.keychain.set({ ...master(key), label: `label "x" \\ y`, description: "kind 'z'" });
    const [stored] = await w.items();
    assertEquals(dec.decode(decodeHex(stored.acct)), key);
    assertEquals(dec.decode(decodeHex(stored.labl!)), `label "x" \\ y`);
    assertEquals(dec.decode(decodeHex(stored.desc!)), "kind 'z'");
    assertEquals(await w.keychain.keys(), [key]);
    assertEquals(dec.decode((await w.keychain.get(key))!.data), dec.decode(master(key).data));
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain data too long for a hex line goes as a quoted -w argument on stdin; larger data is refused", async () => {
  const w = await world({ state: { keychains: { "aws-vault.keychain": { items: [] } } } });
  try {
    const token = "T".repeat(2_600);
    const big = session(
      "oidc:https://x.awsapps.com/start",
      `{"Token":{"AccessToken":"${token}"},"X":"\\\\"}`,
    );
    await w.keychain.set(big);
    const [run] = await w.runs();
    assert(!run.stdin.includes(" -X "), "hex would not fit in one line");
    assertStringIncludes(
      run.stdin,
      ` -w "{\\"Token\\":{\\"AccessToken\\":\\"${token}\\"},\\"X\\":\\"\\\\\\\\\\"}" `,
    );
    assert(enc.encode(run.stdin).length <= 4095, "the line must fit security's 4096-byte buffer");
    assertEquals(dec.decode((await w.keychain.get(big.key))!.data), dec.decode(big.data));

    const huge = session("huge", `{"Token":"${"T".repeat(4_100)}"}`);
    const error = await assertRejects(() => w.keychain.set(huge), KeyringError);
    assertStringIncludes(
      error.message,
      'Keyring backend "keychain": "huge" is too large to store through security -i',
    );
    assertEquals((await w.runs()).length, 2); // nothing was sent for it
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain errors from a locked keychain are one line naming the backend and security's message", async () => {
  const w = await world({
    state: {
      keychains: { "aws-vault.keychain": { locked: true, items: [storedItem("jonsmith", "{}")] } },
    },
  });
  try {
    const get = await assertRejects(() => w.keychain.get("jonsmith"), KeyringError);
    assertEquals(
      get.message,
      'Keyring backend "keychain": security find-generic-password failed: ' +
        "User interaction is not allowed (errSecInteractionNotAllowed, exit status 36)",
    );
    const set = await assertRejects(() => w.keychain.set(master("new")), KeyringError);
    assertEquals(
      set.message,
      'Keyring backend "keychain": security add-generic-password failed: ' +
        "SecKeychainItemCreateFromContent (aws-vault.keychain): User interaction is not allowed (exit status 36)",
    );
    const keys = await assertRejects(() => w.keychain.keys(), KeyringError);
    assertEquals(
      keys.message,
      'Keyring backend "keychain": security dump-keychain failed: ' +
        "SecKeychainSearchCopyNext: User interaction is not allowed (exit status 1)",
    );
    const remove = await assertRejects(() => w.keychain.remove("jonsmith"), KeyringError);
    assertStringIncludes(
      remove.message,
      "security delete-generic-password failed: User interaction is not allowed",
    );
    for (const e of [get, set, keys, remove]) {
      assert(!e.message.includes("\n"), "errors are one line");
    }
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain reports a denied read and a canceled keychain creation", async () => {
  const w = await world({
    state: {
      create: "cancel",
      keychains: {
        "aws-vault.keychain": { deny: "cancel", items: [storedItem("jonsmith", "{}")] },
      },
    },
  });
  try {
    const denied = await assertRejects(() => w.keychain.get("jonsmith"), KeyringError);
    assertStringIncludes(
      denied.message,
      "User canceled the operation (errSecUserCanceled, exit status 128)",
    );
    const other = new KeychainKeyring({
      proc: denoProcessRunner({ getEnv: w.env.get }),
      env: w.env,
      log: SILENT,
      keychainName: "other",
    });
    const create = await assertRejects(() => other.set(master("x")), KeyringError);
    assertEquals(
      create.message,
      'Keyring backend "keychain": cannot create the keychain "other.keychain": SecKeychainCreate other.keychain: ' +
        "User canceled the operation (exit status 128); to create it on a terminal instead, run: " +
        "security create-keychain other.keychain",
    );
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain: no secret reaches security's argv or environment, only its stdin", async () => {
  const w = await world();
  try {
    const secret = "SeCrEt-9f8e7d6c5b4a-never-in-argv";
    const item = master("jonsmith", secret);
    await w.keychain.set(item);
    await w.keychain.set(item);
    await w.keychain.get("jonsmith");
    await w.keychain.keys();
    await w.keychain.remove("jonsmith");
    const runs = await w.runs();
    assert(runs.length >= 6, `expected every operation to run security, got ${runs.length} runs`);
    const forms = [secret, hex(enc.encode(secret)), dec.decode(item.data)];
    for (const run of runs) {
      const visible = JSON.stringify([run.argv, run.env]);
      for (const form of forms) {
        assert(!visible.includes(form), `a secret reached argv/env: ${run.argv.join(" ")}`);
      }
      assertEquals(run.env.AWS_SECRET_ACCESS_KEY, undefined);
      assertEquals(run.env.AWS_VAULT_FILE_PASSPHRASE, undefined);
    }
    assert(runs.some((r) => r.stdin.includes(hex(item.data))), "the data travels on stdin");
    assert(w.logged.length >= 6, "every command is narrated for --debug");
    for (const message of w.logged) {
      for (const form of forms) {
        assert(!message.includes(form), `a secret reached the debug output: ${message}`);
      }
    }
  } finally {
    await w.cleanup();
  }
});

Deno.test("keychain says where security comes from when it is missing", async () => {
  const empty = await Deno.makeTempDir();
  const w = await world({ path: empty });
  try {
    const error = await assertRejects(() => w.keychain.keys(), KeyringError);
    assertEquals(
      error.message,
      'Keyring backend "keychain": the "security" program was not found; it is part of macOS (/usr/bin/security)',
    );
  } finally {
    await w.cleanup();
    await Deno.remove(empty);
  }
});

Deno.test("keychain descriptor is offered on macOS and usable when security is on PATH", async () => {
  assertEquals(KEYCHAIN_BACKEND.os, ["darwin"]);
  const there = fakeDeps();
  const found = await KEYCHAIN_BACKEND.probe({
    deps: { ...there.deps, proc: fakeWhich(["security"]) },
    log: SILENT,
  }, {} as never);
  assertEquals(found, { usable: true, reason: "/usr/bin/security is there" });
  const missing = await KEYCHAIN_BACKEND.probe({
    deps: { ...there.deps, proc: fakeWhich([]) },
    log: SILENT,
  }, {} as never);
  assertEquals(missing.usable, false);
  const opened = await KEYCHAIN_BACKEND.open(
    { deps: there.deps, log: SILENT },
    { keychainName: "work" } as never,
  );
  assertEquals((opened as KeychainKeyring).keychainFile, "work.keychain");
});

function fakeWhich(onPath: string[]) {
  const { deps } = fakeDeps();
  return {
    ...deps.proc,
    which: (cmd: string) => Promise.resolve(onPath.includes(cmd) ? `/usr/bin/${cmd}` : undefined),
  };
}

Deno.test("security's print_buffer values decode in all three forms", () => {
  assertEquals(decodePrintBuffer('"aws-vault"'), enc.encode("aws-vault"));
  assertEquals(decodePrintBuffer("<NULL>"), null);
  assertEquals(decodePrintBuffer("0xC3A9 "), new Uint8Array([0xc3, 0xa9]));
  assertEquals(decodePrintBuffer('0x636166C3A9  "caf\\303\\251"'), enc.encode("café"));
  assertEquals(decodePrintBuffer('"back\\134slash"'), enc.encode("back\\slash"));
  assertEquals(decodePrintBuffer(""), new Uint8Array());
});

Deno.test("a verbatim dump-keychain listing parses into classes and attributes", () => {
  const dump = [
    'keychain: "/Users/jon/Library/Keychains/aws-vault.keychain-db"',
    "version: 512",
    'class: "genp"',
    "attributes:",
    '    0x00000007 <blob>="aws-vault (jonsmith)"',
    "    0x00000008 <blob>=<NULL>",
    '    "acct"<blob>="jonsmith"',
    '    "cdat"<timedate>=0x32303233303532353037333030365A00  "20230525073006Z\\000"',
    '    "crtr"<uint32>=<NULL>',
    '    "desc"<blob>=<NULL>',
    '    "svce"<blob>="aws-vault"',
    '    "type"<uint32>=<NULL>',
    'keychain: "/Users/jon/Library/Keychains/aws-vault.keychain-db"',
    "version: 512",
    'class: "genp"',
    "attributes:",
    '    "acct"<blob>=0xE291A0 ',
    '    "svce"<blob>="aws-vault"',
    "",
  ].join("\n");
  const items = parseDumpKeychain(dump);
  assertEquals(items.length, 2);
  assertEquals(items[0].itemClass, "genp");
  assertEquals(dec.decode(items[0].attributes.get("0x00000007")!), "aws-vault (jonsmith)");
  assertEquals(items[0].attributes.get("desc"), null);
  assertEquals(dec.decode(items[1].attributes.get("acct")!), "①");
});

Deno.test("find-generic-password -w output, -i quoting and error texts follow the tool's rules", () => {
  assertEquals(decodePasswordOutput(enc.encode('{"a":1}\n')), enc.encode('{"a":1}'));
  assertEquals(decodePasswordOutput(enc.encode("7bc3a97d\n")), enc.encode("{é}"));
  assertEquals(decodePasswordOutput(enc.encode("\n")), new Uint8Array());
  assertEquals(quoteInteractive("jonsmith"), "jonsmith");
  assertEquals(quoteInteractive(""), '""');
  assertEquals(quoteInteractive('a "b" \\c'), '"a \\"b\\" \\\\c"');
  let refused = false;
  try {
    quoteInteractive("two\nlines");
  } catch {
    refused = true;
  }
  assert(refused, "a line break must be refused");
  assertEquals(
    failureMessage(
      44,
      "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n",
    ),
    "SecKeychainSearchCopyNext: The specified item could not be found in the keychain (exit status 44)",
  );
  assertEquals(
    failureMessage(51, ""),
    "The user name or passphrase you entered is not correct (errSecAuthFailed, exit status 51)",
  );
  assertEquals(
    failureMessage(3, "add-generic-password: returned 3\n"),
    "security printed no message (exit status 3)",
  );
});

/** The same round trip runs against the real security on macOS (tests/integration/keychain_test.ts). */
Deno.test("keychain round trip through the stand-in security", async () => {
  const w = await world();
  const proc = denoProcessRunner({ getEnv: (n) => w.env.get(n) });
  const name = `aws-vault-test-${Date.now()}`;
  try {
    await keychainRoundTrip(
      new KeychainKeyring({ proc, env: w.env, log: SILENT, keychainName: name }),
    );
  } finally {
    await w.cleanup();
  }
});
