/**
 * `rotate` end to end against moto: the IAM keys moto holds afterwards, the
 * key in the vault, the printed lines.
 */

import { assertEquals, assertNotEquals } from "../helpers/assert.ts";
import { motoTest, stsSandbox } from "../helpers/moto.ts";

const CONFIG = `[profile jon]
region = eu-west-1

[profile admin]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Admin

[profile admin\x1b]0;x\x07]
source_profile = jon
role_arn = arn:aws:iam::123456789012:role/Admin
`;

function mask(id: string): string {
  return "****************" + id.slice(-4);
}

motoTest("rotate replaces the stored access key in IAM and in the vault", async (t, moto) => {
  await t.step("rotate --no-session", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const old = w.keys.jon;
      await w.run(["exec", "jon", "--json"]); // a session, which rotate deletes
      const r = await w.run(["rotate", "-n", "jon"]);
      assertEquals(r.code, 0, r.stderr);
      const keys = await moto.accessKeyIds(old.userName);
      assertEquals(keys.length, 1);
      const fresh = keys[0];
      assertNotEquals(fresh, old.accessKeyId);
      assertEquals(r.stdout.split("\n"), [
        "Rotating credentials stored for profile 'jon' using master credentials (takes 10-20 seconds)",
        "Creating a new access key",
        `Created new access key ${mask(fresh)}`,
        "Deleted 1 sessions for jon",
        `Deleting old access key ${mask(old.accessKeyId)}`,
        `Deleted old access key ${mask(old.accessKeyId)}`,
        "Finished rotating access key",
        "",
      ]);
      const stored = await w.run(["export", "--no-session", "--format=json", "jon"]);
      assertEquals(JSON.parse(stored.stdout).AccessKeyId, fresh);
      const iam = (await moto.requests()).map((q) => q.action)
        .filter((a) => a === "CreateAccessKey" || a === "DeleteAccessKey");
      assertEquals(iam, ["CreateAccessKey", "DeleteAccessKey"]);
    } finally {
      w.cleanup();
    }
  });

  await t.step("rotate through a role profile acts on the source's IAM user", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const old = w.keys.jon;
      const r = await w.run(["rotate", "admin"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        r.stdout.split("\n")[0],
        "Rotating credentials stored for profile 'jon' using a session from profile 'admin' (takes 10-20 seconds)",
      );
      const keys = await moto.accessKeyIds(old.userName);
      assertEquals(keys.length, 1);
      assertNotEquals(keys[0], old.accessKeyId);
      const requests = await moto.requests();
      const create = requests.find((q) => q.action === "CreateAccessKey")!;
      assertEquals(create.params.get("UserName"), old.userName);
      assertEquals(create.accessKeyId.startsWith("ASIA"), true, "signed with the role session");
    } finally {
      w.cleanup();
    }
  });

  await t.step("rotate prints a profile name's control characters escaped", async () => {
    const w = await stsSandbox(moto, CONFIG, ["jon"]);
    try {
      const r = await w.run(["rotate", "admin\x1b]0;x\x07"]);
      assertEquals(r.code, 0, r.stderr);
      assertEquals(
        r.stdout.split("\n")[0],
        "Rotating credentials stored for profile 'jon' using a session from profile 'admin\\x1b]0;x\\a' (takes 10-20 seconds)",
      );
    } finally {
      w.cleanup();
    }
  });

  await t.step("rotate of a profile without stored keys fails and changes nothing", async () => {
    const w = await stsSandbox(moto, "[profile lone]\nregion = eu-west-1\n");
    try {
      const r = await w.run(["rotate", "lone"]);
      assertEquals(r.code, 1);
      assertEquals(
        r.stderr,
        "aws-vault: error: rotate: Error determining credential name for 'lone': No master credentials found\n",
      );
    } finally {
      w.cleanup();
    }
  });
});
