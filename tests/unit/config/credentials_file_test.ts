import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { CredentialsFile, credentialsFilePath } from "../../../src/config/credentials_file.ts";
import { ConfigError } from "../../../src/errors.ts";
import { fakeEnv } from "../../helpers/fakes.ts";

const PATH = "/home/me/.aws/credentials";

Deno.test("credentialsFilePath() uses AWS_SHARED_CREDENTIALS_FILE, with ~ expanded, else ~/.aws/credentials", () => {
  const path = (vars: Record<string, string>) =>
    credentialsFilePath({ env: fakeEnv({ HOME: "/h", ...vars }), os: "linux" });
  assertEquals(path({}), "/h/.aws/credentials");
  assertEquals(path({ AWS_SHARED_CREDENTIALS_FILE: "" }), "/h/.aws/credentials");
  assertEquals(path({ AWS_SHARED_CREDENTIALS_FILE: "~/c" }), "/h/c");
  assertEquals(path({ AWS_SHARED_CREDENTIALS_FILE: "/x/c" }), "/x/c");
});

Deno.test("profiles() lists each section's keys in file order and marks repeated ones", () => {
  const file = new CredentialsFile(
    PATH,
    "top = 1\n[b]\naws_access_key_id = AK1\naws_secret_access_key = s1 # c\n" +
      "[a]\nAWS_ACCESS_KEY_ID=AK2\naws_secret_access_key=s2\naws_session_token=t\n" +
      "[c]\nregion = x\n[b]\naws_access_key_id = AK3\n",
  );
  assertEquals(file.profiles(), [
    { name: "b", accessKeyId: "AK3", secretAccessKey: "s1", sessionToken: "", repeated: true },
    { name: "a", accessKeyId: "AK2", secretAccessKey: "s2", sessionToken: "t", repeated: false },
    { name: "c", accessKeyId: "", secretAccessKey: "", sessionToken: "", repeated: false },
  ]);
});

Deno.test("withoutKeys() removes the keys, keeps other settings and comments byte for byte", () => {
  const text =
    "# top comment\r\n[default]\r\naws_access_key_id = AK1\r\nregion = eu-west-1 ; r\r\n" +
    "aws_secret_access_key = s1\r\n\r\n[other]\r\naws_access_key_id = AK2\r\n" +
    "aws_secret_access_key = s2\r\n";
  const file = new CredentialsFile(PATH, text);
  assertEquals(
    file.withoutKeys(new Set(["default"])),
    "# top comment\r\n[default]\r\nregion = eu-west-1 ; r\r\n\r\n[other]\r\n" +
      "aws_access_key_id = AK2\r\naws_secret_access_key = s2\r\n",
  );
});

Deno.test("withoutKeys() drops a section left empty, with its blank lines, keeping comments", () => {
  const text = "\uFEFF[a]\naws_access_key_id = AK1\naws_secret_access_key = s1\n\n\n" +
    "[b]\n# about b\naws_access_key_id = AK2\naws_secret_access_key = s2\n\n[c]\nx = 1\n[a]\n" +
    "aws_secret_access_key = s1\n";
  const file = new CredentialsFile(PATH, text);
  assertEquals(
    file.withoutKeys(new Set(["a"])),
    "\uFEFF[b]\n# about b\naws_access_key_id = AK2\n" +
      "aws_secret_access_key = s2\n\n[c]\nx = 1\n",
  );
  assertEquals(file.withoutKeys(new Set(["a", "b"])), "\uFEFF# about b\n\n[c]\nx = 1\n");
  assertEquals(
    new CredentialsFile(PATH, "[a]\naws_access_key_id=k\naws_secret_access_key=s").withoutKeys(
      new Set(["a"]),
    ),
    "",
  );
});

Deno.test("withoutKeys() refuses a rewrite that would change another setting", async () => {
  // The empty `s3 =` makes the indented line after the removed key one of its nested values.
  const text = "[a]\ns3 =\naws_access_key_id = AK\n  region = x\naws_secret_access_key = s\n";
  const file = new CredentialsFile(PATH, text);
  await assertRejects(
    () => file.withoutKeys(new Set(["a"])),
    ConfigError,
    `Cannot rewrite "${PATH}": section [a] would not read back the same`,
  );
});

Deno.test("a malformed credentials file is a ConfigError naming the file and line", async () => {
  await assertRejects(
    () => new CredentialsFile(PATH, "[a]\nnot a key\n"),
    ConfigError,
    `Cannot parse "${PATH}" line 2: expected "key = value"`,
  );
});
