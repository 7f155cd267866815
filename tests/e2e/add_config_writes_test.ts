/**
 * `add` and the config file, end to end: names that cannot round-trip are
 * refused before anything is written.
 */

import { assertEquals } from "../helpers/assert.ts";
import { sandboxTest } from "../helpers/cli.ts";

const KEYS = {
  AWS_ACCESS_KEY_ID: "AKIAE2EEXAMPLE000001",
  AWS_SECRET_ACCESS_KEY: "e2eSecret/with+chars=",
};

const ORIGINAL = "# notes\n[default]\nregion = eu-west-1   # keep\n";

sandboxTest("add refuses names that cannot round-trip and writes nothing", async (s) => {
  const cases: Array<[string, string]> = [
    ["a\nb", 'Cannot add profile "a\\nb": name contains "\\n"'],
    ["a]b", 'Cannot add profile "a]b": name contains "]"'],
    ["a[b", 'Cannot add profile "a[b": name contains "["'],
    ["a\x01b", 'Cannot add profile "a\\x01b": name contains "\\x01"'],
    [" a", 'Cannot add profile " a": name starts with " "'],
    ["a\t", 'Cannot add profile "a\\t": name contains "\\t"'],
    ["", 'Cannot add profile "": name is empty'],
    [
      "sts.GetSessionToken,cA,,1",
      'Cannot add profile "sts.GetSessionToken,cA,,1": name has the form of a cached session key',
    ],
    [
      "oidc:https://x.awsapps.com/start",
      'Cannot add profile "oidc:https://x.awsapps.com/start": name has the form of an SSO token key',
    ],
    [
      ".p.tmp-1-0123456789ab",
      'Cannot add profile ".p.tmp-1-0123456789ab": name has the form of a temporary file',
    ],
  ];
  // Once without a config file (none may be created), once with one (it must stay as it was).
  for (const withConfig of [false, true]) {
    if (withConfig) s.writeConfig(ORIGINAL);
    const results = await Promise.all(
      cases.map(([name]) => s.run(["add", "--env", name], { env: KEYS })),
    );
    results.forEach((r, i) => {
      const [name, message] = cases[i];
      assertEquals(r.stderr, `aws-vault: error: add: ${message}\n`, JSON.stringify(name));
      assertEquals(r.stdout, "");
      assertEquals(r.code, 1);
    });
    assertEquals(s.keyFiles(), []);
    if (withConfig) assertEquals(Deno.readTextFileSync(s.configPath), ORIGINAL);
    else assertEquals([...Deno.readDirSync(s.home)].map((e) => e.name), []);
  }
});
