/**
 * The INI reader against a plainly written reference model of the same rules
 * (`ini_reference.ts`): both must give identical results (sections, keys,
 * values, line numbers, nested values, or the same error) for every INI text
 * the config unit tests parse and for thousands of generated and mutated texts.
 *
 * @module
 */

import assert from "node:assert/strict";
import { parseIni } from "../../../src/config/ini.ts";
import { IniLineReader } from "../../../src/config/ini_line_reader.ts";
import { iniCorpus, iniView } from "./ini_corpus.ts";
import { referenceParseIni } from "./ini_reference.ts";

const PATH = "/home/me/.aws/config";
const CORPUS_SIZE = 6000;
/** Texts the unit tests parse that are longer (the 5 MB ones) test speed, not rules: left out. */
const MAX_SEED_LENGTH = 64 * 1024;

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
  const proto = IniLineReader.prototype;
  const advance = proto.advance;
  proto.advance = function (this: IniLineReader) {
    if (this.text.length <= MAX_SEED_LENGTH) texts.add(this.text);
    return advance.call(this);
  };
  try {
    const context = {} as Deno.TestContext;
    for (const fn of registered) {
      try {
        await fn(context);
      } catch {
        // A failing test is reported by its own module; its texts were recorded.
      }
    }
  } finally {
    proto.advance = advance;
  }
  return [...texts];
}

Deno.test("parseIni() reads every unit-test text and 6,000 generated and mutated texts as the reference model does", async () => {
  const seeds = await testCaseTexts();
  assert.ok(seeds.length > 50, `only ${seeds.length} texts recorded from the unit tests`);
  let errors = 0;
  for (const [index, text] of iniCorpus(CORPUS_SIZE, 20250601, seeds).entries()) {
    const actual = iniView(() => parseIni(text, PATH));
    const expected = iniView(() => referenceParseIni(text, PATH));
    assert.deepEqual(actual, expected, `text #${index}: ${JSON.stringify(text)}`);
    if (typeof actual === "object" && actual !== null && "error" in actual) errors++;
  }
  // The corpus must exercise both outcomes in quantity.
  assert.ok(errors > CORPUS_SIZE / 10 && errors < CORPUS_SIZE * 0.9, `${errors} errors`);
});
