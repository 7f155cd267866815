import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { ConfigError } from "../../../src/errors.ts";
import { agentSocketPath } from "../../../backends/agent_protocol.ts";
import { fakeEnv } from "../../helpers/fakes.ts";

const HOME = () => "/home/jo/";

Deno.test("agentSocketPath(): AWS_VAULT_AGENT_SOCK, else an absolute XDG_RUNTIME_DIR, else ~/.awsvault", () => {
  const cases: [Record<string, string>, string][] = [
    [{ AWS_VAULT_AGENT_SOCK: "/tmp/a.sock", XDG_RUNTIME_DIR: "/run/user/1" }, "/tmp/a.sock"],
    [{ XDG_RUNTIME_DIR: "/run/user/1/" }, "/run/user/1/aws-vault/agent.sock"],
    [{ XDG_RUNTIME_DIR: "run/user/1" }, "/home/jo/.awsvault/agent/agent.sock"],
    [{ AWS_VAULT_AGENT_SOCK: "" }, "/home/jo/.awsvault/agent/agent.sock"],
    [{}, "/home/jo/.awsvault/agent/agent.sock"],
  ];
  for (const [env, path] of cases) assertEquals(agentSocketPath(fakeEnv(env), HOME, "linux"), path);
});

Deno.test("agentSocketPath(): a relative or too long path is refused, naming it", async () => {
  await assertRejects(
    () => agentSocketPath(fakeEnv({ AWS_VAULT_AGENT_SOCK: "agent.sock" }), HOME, "linux"),
    ConfigError,
    'AWS_VAULT_AGENT_SOCK "agent.sock" is not an absolute path',
  );
  const path107 = "/" + "x".repeat(106);
  assertEquals(agentSocketPath(fakeEnv({ AWS_VAULT_AGENT_SOCK: path107 }), HOME, "linux"), path107);
  await assertRejects(
    () => agentSocketPath(fakeEnv({ AWS_VAULT_AGENT_SOCK: path107 + "x" }), HOME, "linux"),
    ConfigError,
    "is 108 bytes long, more than the 107 a Unix socket may have",
  );
  // macOS and the BSDs have 4 bytes less.
  await assertRejects(
    () => agentSocketPath(fakeEnv({ AWS_VAULT_AGENT_SOCK: "/" + "x".repeat(103) }), HOME, "darwin"),
    ConfigError,
    "is 104 bytes long, more than the 103",
  );
});
