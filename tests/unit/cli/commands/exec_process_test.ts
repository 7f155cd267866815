import { assertEquals } from "../../../helpers/assert.ts";
import { FakeProcessRunner } from "../../../helpers/fakes.ts";
import { runExec } from "../../../../src/cli/commands/exec.ts";
import type { ReplaceRequest } from "../../../../src/platform/types.ts";
import { CredentialStore } from "../../../../src/store/credential_store.ts";
import { commandWorld } from "./command_helpers.ts";

/** A runner that can replace the process; `failure` is what its replaceProcess returns. */
class ReplacingRunner extends FakeProcessRunner {
  readonly replaced: ReplaceRequest[] = [];
  constructor(readonly failure: string) {
    super(() => 5, ["tool"]);
  }
  replaceProcess(req: ReplaceRequest): string {
    this.replaced.push(req);
    return this.failure;
  }
}

async function execTool(proc: FakeProcessRunner) {
  const w = commandWorld({ config: "[profile work]\nregion = eu-west-1\n", proc });
  await new CredentialStore(w.keyring).set("work", { accessKeyId: "AKIA", secretAccessKey: "S" });
  const code = await runExec(w.ctx, {
    profile: "work",
    noSession: true,
    json: false,
    command: "tool",
    args: ["a", "b"],
  });
  return { code, debugLines: w.debugLines };
}

Deno.test("runExec() replaces the process with the command found on PATH, argv[0] as typed", async () => {
  const proc = new ReplacingRunner("execve failed: Exec format error (errno 8)");
  const { code, debugLines } = await execTool(proc);
  assertEquals(proc.replaced.length, 1);
  const { path, argv, env } = proc.replaced[0];
  assertEquals({ path, argv }, { path: "/usr/bin/tool", argv: ["tool", "a", "b"] });
  assertEquals([env.AWS_VAULT, env.AWS_ACCESS_KEY_ID, env.AWS_REGION], [
    "work",
    "AKIA",
    "eu-west-1",
  ]);
  // When that fails, the command runs as a child with the same environment.
  assertEquals(code, 5);
  assertEquals(proc.calls.map((c) => [c.cmd, c.args, c.env]), [["tool", ["a", "b"], env]]);
  assertEquals(
    debugLines.includes(
      'Cannot replace this process with "/usr/bin/tool": execve failed: Exec format error (errno 8); running it as a child',
    ),
    true,
    debugLines.join("\n"),
  );
});

Deno.test("runExec() runs the command as a child where the process cannot be replaced", async () => {
  const proc = new FakeProcessRunner(() => 4, ["tool"]);
  const { code } = await execTool(proc);
  assertEquals(code, 4);
  assertEquals(proc.calls.map((c) => [c.cmd, c.args]), [["tool", ["a", "b"]]]);
});
