import { assertEquals, assertRejects } from "../../../helpers/assert.ts";
import { FakeProcessRunner } from "../../../helpers/fakes.ts";
import { commandWorld } from "./command_helpers.ts";
import { runAdd } from "../../../../src/cli/commands/add.ts";
import { runRemove } from "../../../../src/cli/commands/remove.ts";
import { runList } from "../../../../src/cli/commands/list.ts";
import { runExport } from "../../../../src/cli/commands/export.ts";
import { runExec } from "../../../../src/cli/commands/exec.ts";
import { runClear } from "../../../../src/cli/commands/clear.ts";
import { CredentialStore } from "../../../../src/store/credential_store.ts";
import { SessionStore } from "../../../../src/store/session_store.ts";
import { ConfigError, NoTerminalError } from "../../../../src/errors.ts";

const CONFIG = "/home/u/.aws/config";
const session = (iso: string) => ({
  accessKeyId: "ASIA",
  secretAccessKey: "S",
  sessionToken: "T",
  expiration: new Date(iso),
});

Deno.test("runAdd() asks on the terminal (key echoed, secret hidden), trims, stores and appends the profile", async () => {
  const w = commandWorld({ config: "[default]\n", answers: [" AKIA1 ", " sec "] });
  assertEquals(await runAdd(w.ctx, { profile: "work", fromEnv: false, addConfig: true }), 0);
  assertEquals(w.terminal.asked, [
    { message: "Enter Access Key ID: ", echo: true },
    { message: "Enter Secret Access Key: ", echo: false },
  ]);
  assertEquals(await new CredentialStore(w.keyring).get("work"), {
    accessKeyId: "AKIA1",
    secretAccessKey: "sec",
  });
  assertEquals(w.stdout.text, 'Added credentials to profile "work" in vault\n');
  assertEquals(w.fs.text(CONFIG), "[default]\n\n[profile work]\n");
});

Deno.test("runAdd() without a terminal fails before storing anything", async () => {
  const w = commandWorld({ config: "" });
  await assertRejects(
    () => runAdd(w.ctx, { profile: "work", fromEnv: false, addConfig: true }),
    NoTerminalError,
    "--env",
  );
  assertEquals(await w.keyring.keys(), []);
});

Deno.test("runAdd() refuses a name that cannot round-trip before touching config or keyring", async () => {
  const w = commandWorld({ vars: { AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "S" } });
  await assertRejects(
    () => runAdd(w.ctx, { profile: "a\nb", fromEnv: true, addConfig: true }),
    ConfigError,
    'Cannot add profile "a\\nb": name contains "\\n"',
  );
  await assertRejects(
    () =>
      runAdd(w.ctx, { profile: "sso.GetRoleCredentials,cA,,1", fromEnv: true, addConfig: true }),
    ConfigError,
    "name has the form of a cached session key",
  );
  assertEquals(w.fs.files.size, 0);
  assertEquals(w.fs.dirs.size, 0);
  assertEquals(await w.keyring.keys(), []);
});

Deno.test("runAdd() deletes the profile's sessions and reports how many", async () => {
  const w = commandWorld({
    config: "",
    vars: { AWS_ACCESS_KEY_ID: "A", AWS_SECRET_ACCESS_KEY: "S" },
  });
  const sessions = new SessionStore(w.keyring);
  await sessions.set("sts.GetSessionToken", "work", "", session("2030-01-01T00:00:00Z"));
  await sessions.set("sts.GetSessionToken", "other", "", session("2030-01-01T00:00:00Z"));
  await runAdd(w.ctx, { profile: "work", fromEnv: true, addConfig: false });
  assertEquals(
    w.stdout.text,
    'Added credentials to profile "work" in vault\nDeleted 1 existing sessions.\n',
  );
  assertEquals((await sessions.list()).map((s) => s.profileName), ["other"]);
  assertEquals(w.fs.text(CONFIG), "");
});

Deno.test("runRemove() deletes only after 'y' and leaves sessions alone", async () => {
  const w = commandWorld({ config: "", answers: ["no", "y"] });
  await new CredentialStore(w.keyring).set("work", { accessKeyId: "A", secretAccessKey: "S" });
  await new SessionStore(w.keyring).set(
    "sts.AssumeRole",
    "work",
    "m",
    session("2030-01-01T00:00:00Z"),
  );
  assertEquals(await runRemove(w.ctx, { profile: "work", force: false, sessionsOnly: false }), 0);
  assertEquals(await w.keyring.keys(), ["sts.AssumeRole,d29yaw,bQ,1893456000", "work"]);
  assertEquals(w.stdout.text, "");
  assertEquals(await runRemove(w.ctx, { profile: "work", force: false, sessionsOnly: false }), 0);
  assertEquals(w.terminal.asked[1].message, 'Delete credentials for profile "work"? (y|N) ');
  assertEquals(w.stdout.text, "Deleted credentials.\n");
  assertEquals(await w.keyring.keys(), ["sts.AssumeRole,d29yaw,bQ,1893456000"]);
});

Deno.test("runList() shows sessions with the time left, truncated to seconds", async () => {
  const w = commandWorld({ config: "[profile work]\n" });
  w.clock.advance(0);
  const now = w.clock.now().getTime();
  await new SessionStore(w.keyring).set("sts.GetSessionToken", "work", "", {
    ...session("2000-01-01T00:00:00Z"),
    expiration: new Date(now + (7 * 3600 + 59 * 60 + 12) * 1000 + 900),
  });
  await runList(w.ctx, { credentials: false, profiles: false, sessions: true });
  assertEquals(w.stdout.text, "sts.GetSessionToken:7h59m12s\n");
});

Deno.test("runExport() refuses inside an aws-vault subshell", async () => {
  const w = commandWorld({ config: "[profile work]\n", vars: { AWS_VAULT: "x" } });
  await assertRejects(
    () => runExport(w.ctx, { profile: "work", noSession: true, format: "env" }),
    Error,
    "in an existing aws-vault subshell",
  );
});

Deno.test("runExec() looks the command up before touching credentials and passes the child's status", async () => {
  const proc = new FakeProcessRunner(() => 3, ["tool"]);
  const w = commandWorld({ config: "[profile work]\nregion = eu-west-1\n", proc });
  await new CredentialStore(w.keyring).set("work", { accessKeyId: "AKIA", secretAccessKey: "S" });
  assertEquals(
    await runExec(w.ctx, {
      profile: "work",
      noSession: true,
      json: false,
      command: "tool",
      args: ["a"],
    }),
    3,
  );
  const call = proc.calls[0];
  assertEquals(call.cmd, "tool");
  assertEquals(call.args, ["a"]);
  assertEquals(call.env?.AWS_VAULT, "work");
  assertEquals(call.env?.AWS_REGION, "eu-west-1");
  await assertRejects(
    () =>
      runExec(w.ctx, {
        profile: "work",
        noSession: true,
        json: false,
        command: "missing",
        args: [],
      }),
    Error,
    'Cannot run "missing"',
  );
  assertEquals(proc.calls.length, 1);
});

Deno.test("runClear() counts every session and OIDC token it removes", async () => {
  const w = commandWorld({ config: "" });
  const sessions = new SessionStore(w.keyring);
  await sessions.set("sts.GetSessionToken", "a", "", session("2030-01-01T00:00:00Z"));
  await sessions.set("sts.AssumeRole", "b", "m", session("2030-01-01T00:00:00Z"));
  await new CredentialStore(w.keyring).set("a", { accessKeyId: "A", secretAccessKey: "S" });
  await runClear(w.ctx, { profile: "" });
  assertEquals(w.stdout.text, "Cleared 2 sessions.\n");
  assertEquals(await w.keyring.keys(), ["a"]);
});
