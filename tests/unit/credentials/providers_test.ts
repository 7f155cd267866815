/**
 * What the providers send and how they read their sources: AssumeRole
 * parameters, web identity tokens, credential_process output.
 */

import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { parseCredentialProcessOutput } from "../../../src/credentials/credential_process_provider.ts";
import { CredentialsError } from "../../../src/errors.ts";
import { FakeProcessRunner } from "../../helpers/fakes.ts";
import { chainWorld } from "./chain_world.ts";

const ROLE = `[profile src]
[profile tagged]
source_profile = src
role_arn = arn:aws:iam::1:role/Tagged
external_id = ext-123
source_identity = alice
session_tags = team=blue, env = prod
transitive_session_tags = team
[profile named]
source_profile = src
role_arn = arn:aws:iam::1:role/Named
role_session_name = my-session
duration_seconds = 900
`;

Deno.test("AssumeRole sends external id, source identity, tags, transitive keys, duration", async () => {
  const w = chainWorld({ config: ROLE, stored: ["src"] });
  await w.retrieve("tagged");
  const req = w.calls.at(-1)!.request;
  assertEquals(req.roleArn, "arn:aws:iam::1:role/Tagged");
  assertEquals(req.externalId, "ext-123");
  assertEquals(req.sourceIdentity, "alice");
  assertEquals([...(req.tags as Map<string, string>)], [["team", "blue"], ["env", "prod"]]);
  assertEquals(req.transitiveTagKeys, ["team"]);
  assertEquals(req.durationSeconds, 3600);
  // Default session name: the time in nanoseconds.
  assertEquals(req.roleSessionName, String(w.clock.now().getTime()) + "000000");
});

Deno.test("AssumeRole uses role_session_name and duration_seconds from the profile", async () => {
  const w = chainWorld({ config: ROLE, stored: ["src"] });
  await w.retrieve("named");
  const req = w.calls.at(-1)!.request;
  assertEquals(req.roleSessionName, "my-session");
  assertEquals(req.durationSeconds, 900);
});

Deno.test("AWS_SESSION_TAGS, AWS_TRANSITIVE_TAGS and AWS_SOURCE_IDENTITY override the profile", async () => {
  const w = chainWorld({
    config: ROLE,
    stored: ["src"],
    env: { AWS_SESSION_TAGS: "k=v", AWS_TRANSITIVE_TAGS: "k", AWS_SOURCE_IDENTITY: "bob" },
  });
  await w.retrieve("tagged");
  const req = w.calls.at(-1)!.request;
  assertEquals([...(req.tags as Map<string, string>)], [["k", "v"]]);
  assertEquals(req.transitiveTagKeys, ["k"]);
  assertEquals(req.sourceIdentity, "bob");
});

const WEB = `[profile web-file]
role_arn = arn:aws:iam::1:role/Web
web_identity_token_file = /tokens/t
[profile web-proc]
role_arn = arn:aws:iam::1:role/Web
web_identity_token_process = print-token
[profile web-role]
source_profile = web-file
role_arn = arn:aws:iam::1:role/Next
duration_seconds = 7200
`;

Deno.test("web identity sends the token file's content verbatim, unsigned, and caches", async () => {
  const w = chainWorld({ config: WEB });
  w.fs.put("/tokens/t", "eyJ.token\n");
  await w.retrieve("web-file");
  await w.retrieve("web-file");
  assertEquals(w.calls.length, 1);
  assertEquals(w.calls[0].op, "AssumeRoleWithWebIdentity");
  assertEquals(w.calls[0].caller, "");
  assertEquals(w.calls[0].request.webIdentityToken, "eyJ.token\n");
  assertEquals((await w.sessions.list()).map((s) => s.type), ["sts.AssumeRoleWithWebIdentity"]);
});

Deno.test("web identity runs web_identity_token_process through the shell", async () => {
  const proc = new FakeProcessRunner(() => ({ stdout: new TextEncoder().encode("tok") }));
  const w = chainWorld({ config: WEB, proc });
  await w.retrieve("web-proc");
  assertEquals(proc.calls[0].cmd, "/bin/sh");
  assertEquals(proc.calls[0].args, ["-c", "print-token"]);
  assertEquals(w.calls[0].request.webIdentityToken, "tok");
});

Deno.test("web identity reports an unreadable token file", async () => {
  const w = chainWorld({ config: WEB });
  await assertRejects(
    () => w.retrieve("web-file"),
    CredentialsError,
    "unable to read file at /tokens/t: ",
  );
});

Deno.test("a role sourced from web identity is role chaining: capped at 1h", async () => {
  const w = chainWorld({ config: WEB });
  w.fs.put("/tokens/t", "tok");
  await w.retrieve("web-role");
  assertEquals(w.calls.map((c) => [c.op, c.durationSeconds]), [
    ["AssumeRoleWithWebIdentity", 3600],
    ["AssumeRole", 3600],
  ]);
});

const PROCESS_JSON = JSON.stringify({
  Version: 1,
  AccessKeyId: "ASIAPROC",
  SecretAccessKey: "s",
  SessionToken: "t",
  Expiration: "2026-11-23T14:00:00Z",
});

Deno.test("credential_process output is cached, and can source a role", async () => {
  const proc = new FakeProcessRunner(() => ({ stdout: new TextEncoder().encode(PROCESS_JSON) }));
  const w = chainWorld({
    config: "[profile cp]\ncredential_process = get-creds --x\n" +
      "[profile over]\nsource_profile = cp\nrole_arn = arn:aws:iam::1:role/Over\n",
    proc,
  });
  const creds = await w.retrieve("cp");
  assertEquals(creds.accessKeyId, "ASIAPROC");
  await w.retrieve("over");
  assertEquals(proc.calls.length, 1, "the second run used the cached credential_process session");
  assertEquals(proc.calls[0].args, ["-c", "get-creds --x"]);
  assertEquals(w.calls.map((c) => [c.op, c.caller]), [["AssumeRole", "ASIAPROC"]]);
});

Deno.test("credential_process output missing fields names them (aws-vault's message)", async () => {
  await assertRejects(
    () =>
      parseCredentialProcessOutput(
        "get-creds",
        '{"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"}',
      ),
    CredentialsError,
    'JSON credential from command "get-creds" missing the following fields: [Expiration SessionToken]',
  );
});

Deno.test("credential_process field names are case-insensitive", () => {
  const creds = parseCredentialProcessOutput(
    "c",
    '{"accesskeyid":"A","secretaccesskey":"s","sessiontoken":"t","expiration":"2026-01-01T00:00:00+02:00"}',
  );
  assertEquals(creds.expiration?.toISOString(), "2025-12-31T22:00:00.000Z");
});

Deno.test("credential_process invalid JSON and failing commands are reported", async () => {
  await assertRejects(
    () => parseCredentialProcessOutput("c", "not json"),
    CredentialsError,
    'invalid JSON format from command "c": ',
  );
  const proc = new FakeProcessRunner(() => 3);
  const w = chainWorld({ config: "[profile cp]\ncredential_process = fails\n", proc });
  await assertRejects(
    () => w.retrieve("cp"),
    CredentialsError,
    'running command "fails": exit status 3',
  );
});
