import assert from "node:assert/strict";
import { ConfigError } from "../../../src/errors.ts";
import { FileNotFoundError } from "../../../src/platform/types.ts";
import { appendProfileSection, loadConfigFile } from "../../../src/config/config_file.ts";
import { profileNameProblem } from "../../../src/config/profile_name.ts";
import { MemoryFs } from "../../helpers/fakes.ts";

const PATH = "/home/me/.aws/config";

Deno.test("profileNameProblem() names what would not read back from a section header", () => {
  const cases: Array<[string, string]> = [
    ["", "name is empty"],
    ["a\nb", 'name contains "\\n"'],
    ["a\r", 'name contains "\\r"'],
    ["a\tb", 'name contains "\\t"'],
    ["a\x00b", 'name contains "\\x00"'],
    ["a\x1bb", 'name contains "\\x1b"'],
    ["a\x7fb", 'name contains "\\x7f"'],
    ["a\u0085b", 'name contains "\\u0085"'],
    ["a\u2028b", 'name contains "\\u2028"'],
    ["a]b", 'name contains "]"'],
    ["[a", 'name contains "["'],
    [" a", 'name starts with " "'],
    ["a ", 'name ends with " "'],
    ["\u00a0a", 'name starts with "\\u00a0"'],
    ["a\u3000", 'name ends with "\\u3000"'],
    ["\ufeffa", 'name starts with "\\ufeff"'],
  ];
  for (const [name, problem] of cases) {
    assert.equal(profileNameProblem(name), problem, JSON.stringify(name));
  }
});

Deno.test("names profileNameProblem() accepts read back unchanged after appendProfileSection()", async () => {
  const names = [
    "work",
    "my profile",
    "team/prod",
    "100%",
    "a#b",
    "a ;b",
    "a=b",
    "c:d",
    'q"uote',
    "a.b.c",
    "profile x",
    "sso-session x",
    "prøduction-日本",
    "emoji-🙂",
  ];
  const fs = new MemoryFs();
  fs.put(PATH, "[profile base]\nregion = r\n");
  for (const name of names) {
    assert.equal(profileNameProblem(name), undefined, name);
    assert.equal(await appendProfileSection(fs, PATH, name), true, name);
  }
  const config = await loadConfigFile(fs, PATH);
  assert.deepEqual(config.profileNames(), ["base", ...names]);
});

Deno.test("appendProfileSection() refuses a name that would not read back, writing nothing", async () => {
  const fs = new MemoryFs();
  for (const name of ["a\nb", "a]b", " a"]) {
    await assert.rejects(
      () => appendProfileSection(fs, PATH, name),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message ===
          `Cannot add profile ${JSON.stringify(name)} to "${PATH}": ${profileNameProblem(name)}`,
    );
  }
  assert.equal(fs.files.size, 0);
  assert.equal(fs.dirs.size, 0);
});

Deno.test("loadConfigFile() never replaces a config file another process has just created", async () => {
  const fs = new MemoryFs();
  const read = fs.readTextFile.bind(fs);
  let first = true;
  // The file is missing when read, then another process creates it before ours does.
  fs.readTextFile = (path: string) => {
    if (!first) return read(path);
    first = false;
    fs.put(PATH, "[profile other]\n", 0o640);
    return Promise.reject(new FileNotFoundError(path));
  };
  await loadConfigFile(fs, PATH);
  assert.equal(fs.text(PATH), "[profile other]\n");
  assert.equal(fs.files.get(PATH)?.mode, 0o640);
});
