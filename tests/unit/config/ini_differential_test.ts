/**
 * The INI reader's fast path (plain lines matched by one regular expression)
 * against its general path (every line read by the character rules), and the
 * single reader that replaces both against the general path: each pair must
 * give identical results for every INI text the config unit tests parse and
 * for thousands of generated and mutated texts.
 *
 * @module
 */

import assert from "node:assert/strict";
import { type IniDocument, parseIni } from "../../../src/config/ini.ts";
import { LineReader } from "../../../src/config/ini_lines.ts";
import { parseIniNext } from "../../../src/config/ini_next.ts";
import { iniCorpus, iniView } from "./ini_corpus.ts";

const PATH = "/home/me/.aws/config";
const CORPUS_SIZE = 6000;

/** The unit test modules whose parsed texts join the corpus. */
const TEST_MODULES = [
  "./ini_test.ts",
  "./ini_sections_test.ts",
  "./config_file_test.ts",
  "./profile_section_test.ts",
  "./resolve_test.ts",
];

type TestFn = (t: Deno.TestContext) => void | Promise<void>;

function testFnOf(args: unknown[]): TestFn | undefined {
  for (const arg of args) {
    if (typeof arg === "function") return arg as TestFn;
    if (typeof arg === "object" && arg !== null && "fn" in arg) return arg.fn as TestFn;
  }
  return undefined;
}

/** Replaces `LineReader.prototype[name]` while `body` runs. */
async function withPatched<K extends keyof LineReader>(
  patches: Partial<Record<K, LineReader[K]>>,
  body: () => Promise<void> | void,
): Promise<void> {
  const proto = LineReader.prototype as unknown as Record<string, unknown>;
  const saved = Object.keys(patches).map((name) => [name, proto[name]] as const);
  Object.assign(proto, patches);
  try {
    await body();
  } finally {
    for (const [name, original] of saved) proto[name] = original;
  }
}

/** Every text that the config unit tests parse: their test functions run with the reader observed. */
async function testCaseTexts(): Promise<string[]> {
  const registered: TestFn[] = [];
  const register = Deno.test;
  Object.assign(Deno, {
    test: (...args: unknown[]) => {
      const fn = testFnOf(args);
      if (fn !== undefined) registered.push(fn);
    },
  });
  try {
    for (const module of TEST_MODULES) await import(module);
  } finally {
    Object.assign(Deno, { test: register });
  }
  const texts = new Set<string>();
  const advancePlain = LineReader.prototype.advancePlain;
  await withPatched({
    advancePlain(this: LineReader) {
      texts.add(this.text);
      return advancePlain.call(this);
    },
  }, async () => {
    const context = {} as Deno.TestContext;
    for (const fn of registered) {
      try {
        await fn(context);
      } catch {
        // A failing test is reported by its own module; its texts were recorded.
      }
    }
  });
  return [...texts];
}

/** `parse` with the fast path turned off: every line goes through the general rules. */
async function generalView(parse: () => IniDocument): Promise<unknown> {
  let view: unknown;
  await withPatched({
    advancePlain: () => false,
    advancePlainMatch: () => null,
    advancePlainHeader: () => undefined,
  }, () => {
    view = iniView(parse);
  });
  return view;
}

Deno.test("the INI fast path reads every test case and a corpus of generated texts as the general path does", async () => {
  const seeds = await testCaseTexts();
  assert.ok(seeds.length > 50, `only ${seeds.length} texts recorded from the unit tests`);
  const corpus = iniCorpus(CORPUS_SIZE, 20250601, seeds);
  let errors = 0;
  for (const [index, text] of corpus.entries()) {
    const parse = () => parseIni(text, PATH);
    const fast = iniView(parse);
    const general = await generalView(parse);
    assert.deepEqual(fast, general, `text #${index}: ${JSON.stringify(text)}`);
    if (typeof fast === "object" && fast !== null && "error" in fast) errors++;
  }
  // The corpus must exercise both outcomes in quantity.
  assert.ok(errors > CORPUS_SIZE / 10 && errors < CORPUS_SIZE * 0.9, `${errors} errors`);
});

Deno.test("the single INI reader reads every test case and a corpus of generated texts as the old general path does", async () => {
  const seeds = await testCaseTexts();
  const corpus = iniCorpus(CORPUS_SIZE, 20250602, seeds);
  for (const [index, text] of corpus.entries()) {
    const single = iniView(() => parseIniNext(text, PATH));
    const general = await generalView(() => parseIni(text, PATH));
    assert.deepEqual(single, general, `text #${index}: ${JSON.stringify(text)}`);
  }
});
