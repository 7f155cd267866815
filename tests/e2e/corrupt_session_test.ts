/**
 * End to end against moto: a cached session that cannot be read is a cache
 * miss (deleted, narrated in --debug, replaced by one new STS call), while a
 * wrong passphrase and a corrupt stored long-term key stay errors that change
 * nothing.
 */

import { encryptJwe } from "../../backends/jwe.ts";
import { itemJson } from "../helpers/aws_vault_items.ts";
import { assert, assertEquals, assertStringIncludes } from "../helpers/assert.ts";
import { motoTest, type StsSandbox, stsSandbox } from "../helpers/moto.ts";

const CONFIG = "[profile jon]\nregion = eu-west-1\n";
const PASSPHRASE = "test-passphrase"; // the sandbox's AWS_VAULT_FILE_PASSPHRASE

/** Replaces the first character of JWE segment `i` (0 header … 4 tag) by another one. */
function flipSegment(token: string, i: number): string {
  const parts = token.trim().split(".");
  parts[i] = (parts[i][0] === "A" ? "B" : "A") + parts[i].slice(1);
  return parts.join(".");
}

/** The ways a cached session's file can be unreadable, each with its file content. */
const CORRUPTIONS: [string, (key: string, token: string) => Promise<string> | string][] = [
  ["a flipped ciphertext (authentication fails)", (_, token) => flipSegment(token, 3)],
  ["a flipped encrypted key (key unwrap fails)", (_, token) => flipSegment(token, 1)],
  ["a truncated file", (_, token) => token.slice(0, 100)],
  ["an empty file", () => ""],
  ["an item that is not JSON", () => encryptJwe("not json", PASSPHRASE)],
  [
    "session data without the session fields",
    (key) => encryptJwe(itemJson(key, '{"Unrelated":true}'), PASSPHRASE),
  ],
  ["session data that is not JSON", (key) => encryptJwe(itemJson(key, "{{{"), PASSPHRASE)],
];

function sessionFiles(w: StsSandbox): string[] {
  return w.sandbox.keyFiles().filter((k) => k.startsWith("sts.GetSessionToken,"));
}

/** Caches a session for jon; returns its file name. */
async function cacheSession(w: StsSandbox): Promise<string> {
  const r = await w.run(["exec", "jon", "--json"]);
  assertEquals(r.code, 0, r.stderr);
  const [name] = sessionFiles(w);
  assert(name, "no session was cached");
  return name;
}

function snapshot(w: StsSandbox): Record<string, string> {
  return Object.fromEntries(
    w.sandbox.keyFiles().map((n) => [n, Deno.readTextFileSync(`${w.sandbox.keysDir}/${n}`)]),
  );
}

motoTest("an unreadable cached session is replaced by a new one", async (t, moto) => {
  for (const [what, corrupt] of CORRUPTIONS) {
    await t.step(what, async () => {
      const w = await stsSandbox(moto, CONFIG, ["jon"]);
      try {
        const bad = await cacheSession(w);
        const path = `${w.sandbox.keysDir}/${bad}`;
        const damaged = await corrupt(bad, Deno.readTextFileSync(path));
        Deno.writeTextFileSync(path, damaged);
        await moto.resetRequests();

        const r = await w.run(["exec", "--debug", "jon", "--json"]);
        assertEquals(r.code, 0, r.stderr);
        assert(JSON.parse(r.stdout).SessionToken, r.stdout);
        assertEquals((await moto.stsCalls()).map((c) => c.action), ["GetSessionToken"]);
        assertStringIncludes(
          r.stderr,
          "profile jon: deleting the cached sts.GetSessionToken session, which cannot be read: ",
        );
        assertEquals(r.stderr.includes("wrong passphrase"), false, r.stderr);
        assertEquals(/not json|\{\{\{/.test(r.stderr), false, "stored content in the output");
        assertEquals(sessionFiles(w).length, 1, `${sessionFiles(w)}`);
        // The bad file is gone (a new session may have the same expiry second, hence name).
        const left = w.sandbox.keyFiles().includes(bad) ? Deno.readTextFileSync(path) : undefined;
        assert(left !== damaged, "the damaged file is still there");
        // The new session is cached: the next run makes no call.
        const again = await w.run(["exec", "jon", "--json"]);
        assertEquals(again.code, 0, again.stderr);
        assertEquals((await moto.stsCalls()).length, 1);
      } finally {
        w.cleanup();
      }
    });
  }
});

motoTest("a wrong passphrase or a corrupt stored key stays an error", async (t, moto) => {
  await t.step("a wrong passphrase deletes no session and calls nothing", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const session = await cacheSession(w);
      // Also when the session's encrypted key is damaged: nothing shows the passphrase is right.
      const path = `${w.sandbox.keysDir}/${session}`;
      for (const damaged of [false, true]) {
        if (damaged) Deno.writeTextFileSync(path, flipSegment(Deno.readTextFileSync(path), 1));
        const before = snapshot(w);
        await moto.resetRequests();
        const r = await w.run(["exec", "jon", "--json"], { AWS_VAULT_FILE_PASSPHRASE: "wrong" });
        assertEquals([r.code, r.stdout], [1, ""]);
        assertEquals(
          r.stderr,
          `aws-vault: error: exec: Failed to get credentials for jon: Cannot decrypt "${session}": aes.KeyUnwrap(): integrity check failed. (wrong passphrase?)\n`,
        );
        assertEquals(snapshot(w), before);
        assertEquals(await moto.stsCalls(), []);
      }
    } finally {
      w.cleanup();
    }
  });

  await t.step("a corrupt stored key is reported and left as it is", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const path = `${w.sandbox.keysDir}/jon`;
      Deno.writeTextFileSync(path, flipSegment(Deno.readTextFileSync(path), 3));
      const before = snapshot(w);
      for (const args of [["exec", "--no-session", "jon", "--json"], ["exec", "jon", "--json"]]) {
        const r = await w.run(args);
        assertEquals(
          [r.code, r.stdout, r.stderr],
          [
            1,
            "",
            'aws-vault: error: exec: Failed to get credentials for jon: Cannot decrypt "jon": cipher: message authentication failed\n',
          ],
        );
        assertEquals(snapshot(w), before);
      }
      assertEquals(await moto.stsCalls(), []);
    } finally {
      w.cleanup();
    }
  });
});
