import { assertEquals } from "../../helpers/assert.ts";
import { MemoryKeyring } from "../../../backends/memory.ts";
import { credentialNameProblem } from "../../../src/store/credential_name.ts";
import { CredentialStore } from "../../../src/store/credential_store.ts";
import { atomicTempName, isAtomicTempName } from "../../../src/platform/atomic_temp.ts";
import { isCredentialKey } from "../../../src/store/session_keys.ts";

const SESSION = "name has the form of a cached session key";

Deno.test("credentialNameProblem() refuses names the keyring would take for something else", () => {
  const cases: Array<[string, string]> = [
    ["sts.GetSessionToken,cA,,1", SESSION],
    ["sts.AssumeRole,d29yaw,bWZh,1795452751", SESSION],
    ["anything,cA,,1", SESSION],
    ["session,cA,,12", SESSION],
    ["session:work:arn:1700000000", SESSION],
    ["work session (1700000000)", SESSION],
    ["oidc:https://x.awsapps.com/start", "name has the form of an SSO token key"],
    ["oidc:", "name has the form of an SSO token key"],
    [".work.tmp-42-0123456789ab", "name has the form of a temporary file"],
    ["a\nb", 'name contains "\\n"'],
  ];
  for (const [name, problem] of cases) {
    assertEquals(credentialNameProblem(name), problem, JSON.stringify(name));
    // Stored, a session or token look-alike would be hidden from `list` (and purged).
    if (problem === SESSION) assertEquals(isCredentialKey(name), false, name);
  }
});

Deno.test("names credentialNameProblem() accepts are listed as credentials once stored", async () => {
  const names = [
    "work",
    "a,b",
    "a,b,c",
    "a,b,,x",
    "c:d",
    "session",
    "my session",
    "session (12)",
    "x session (abc)",
    "oidc",
    "OIDC:x",
    ".hidden",
    ".work.tmp-42-0123",
    "work.tmp-42-0123456789ab",
  ];
  const store = new CredentialStore(new MemoryKeyring({ backend: "file" }));
  for (const name of names) {
    assertEquals(credentialNameProblem(name), undefined, name);
    await store.set(name, { accessKeyId: "A", secretAccessKey: "S" });
  }
  assertEquals((await store.names()).sort(), [...names].sort());
});

Deno.test("isAtomicTempName() matches the names writeFileAtomic gives its temporary files", () => {
  assertEquals(isAtomicTempName(atomicTempName("config", 123)), true);
  assertEquals(isAtomicTempName(".config.tmp-123-00ff00ff00ff"), true);
  assertEquals(isAtomicTempName(".a\nb.tmp-1-0123456789ab"), true);
  assertEquals(isAtomicTempName("config.tmp-123-00ff00ff00ff"), false);
  assertEquals(isAtomicTempName(".config.tmp-123-00FF00FF00FF"), false);
  assertEquals(isAtomicTempName(".config.tmp-x-00ff00ff00ff"), false);
});
