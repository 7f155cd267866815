/**
 * Names from the config file and the vault reach the terminal with their
 * control characters escaped, so that they cannot move the cursor, retitle the
 * window or hide text.
 */
import { assertEquals } from "../helpers/assert.ts";
import { type CliSandbox, sandboxTest } from "../helpers/cli.ts";

/** A profile name with an SGR sequence, a C1 CSI and DEL; printable Unicode around them. */
const EVIL_PROFILE = "évil\x1b[31mred\u009b2J\x7f";
const EVIL_PROFILE_SHOWN = "évil\\x1b[31mred\\u009b2J\\x7f";
/** A stored key (a file of the file backend) that retitles the window, with a newline. */
const EVIL_KEY = "key\x1b]0;pwned\x07\nnext";
const EVIL_KEY_SHOWN = "key\\x1b]0;pwned\\a\\nnext";

function setUp(s: CliSandbox): void {
  s.writeConfig(`[profile ${EVIL_PROFILE}]\nregion = eu-west-1\n\n[profile ok]\n`);
  Deno.mkdirSync(s.keysDir, { recursive: true, mode: 0o700 });
  Deno.writeTextFileSync(`${s.keysDir}/${EVIL_KEY}`, "not read by list", { mode: 0o600 });
}

sandboxTest("list --profiles and --credentials print control characters escaped", async (s) => {
  setUp(s);
  const profiles = await s.run(["list", "--profiles"]);
  assertEquals(profiles, { code: 0, stdout: `${EVIL_PROFILE_SHOWN}\nok\n`, stderr: "" });
  const credentials = await s.run(["list", "--credentials"]);
  assertEquals(credentials, { code: 0, stdout: `${EVIL_KEY_SHOWN}\n`, stderr: "" });
});

sandboxTest("list prints control characters escaped, aligned by what is shown", async (s) => {
  setUp(s);
  const r = await s.run(["list"]);
  // Go's tabwriter as aws-vault sets it up: columns at least 25 wide, two spaces of padding.
  const rows = [
    ["Profile", "Credentials", "Sessions"],
    ["=======", "===========", "========"],
    [EVIL_PROFILE_SHOWN, "-", "-"],
    ["ok", "-", "-"],
    ["-", EVIL_KEY_SHOWN, "-"],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(25, ...rows.map((r) => [...r[i]].length + 2)));
  const table = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("") + "\n").join("");
  assertEquals(r, { code: 0, stdout: table, stderr: "" });
});

sandboxTest("the error line prints control characters of a name escaped", async (s) => {
  s.writeConfig("[profile a]\nsource_profile = b\x1b]0;pwned\x07\n\n[profile b\x1b]0;pwned\x07]\n");
  const r = await s.run(["exec", "a", "--", "true"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    "aws-vault: error: exec: Error getting temporary credentials: profile b\\x1b]0;pwned\\a: credentials missing\n",
  );
});

sandboxTest(
  "list and the error line show bidirectional overrides and zero-width characters escaped",
  async (s) => {
    // Shown raw, "prod\u202edoc.exe" reads as "prodexe.cod" and "a\u200bdmin" as "admin".
    s.writeConfig(
      "[profile prod\u202edoc.exe]\n\n[profile a\u200bdmin]\nsource_profile = x\u2066y\n",
    );
    const r = await s.run(["list", "--profiles"]);
    assertEquals(r, { code: 0, stdout: "prod\\u202edoc.exe\na\\u200bdmin\n", stderr: "" });
    const e = await s.run(["exec", "a\u200bdmin", "--", "true"]);
    assertEquals(e.code, 1);
    assertEquals(
      e.stderr,
      "aws-vault: error: exec: Error getting temporary credentials: profile x\\u2066y: credentials missing\n",
    );
  },
);
