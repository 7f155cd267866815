import { addAlias, aliasCommands, removeAlias } from "../../../src/server/ec2_alias.ts";
import { ExecutableNotFoundError, type RunRequest } from "../../../src/platform/types.ts";
import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { FakeProcessRunner } from "../../helpers/fakes.ts";

const LOOPBACK = "Loopback Pseudo-Interface 1";

Deno.test("aliasCommands() are aws-vault's commands on each OS", () => {
  assertEquals(aliasCommands("linux"), {
    add: ["ip", "addr", "add", "169.254.169.254/24", "dev", "lo", "label", "lo:0"],
    remove: ["ip", "addr", "del", "169.254.169.254/24", "dev", "lo", "label", "lo:0"],
  });
  for (const os of ["darwin", "freebsd"] as const) {
    assertEquals(aliasCommands(os), {
      add: ["ifconfig", "lo0", "alias", "169.254.169.254"],
      remove: ["ifconfig", "lo0", "-alias", "169.254.169.254"],
    });
  }
  const netsh = ["netsh", "interface", "ipv4"];
  assertEquals(aliasCommands("windows"), {
    add: [...netsh, "add", "address", LOOPBACK, "169.254.169.254", "255.255.0.0"],
    remove: [...netsh, "delete", "address", LOOPBACK, "169.254.169.254", "255.255.0.0"],
  });
});

function saying(code: number, stdout: string) {
  return new FakeProcessRunner(() => ({ code, stdout: new TextEncoder().encode(stdout) }));
}

Deno.test("addAlias() runs the OS's command and accepts an alias that is already there", async () => {
  const ok = saying(0, "");
  await addAlias(ok, "linux");
  assertEquals(ok.calls.map((c: RunRequest) => [c.cmd, ...(c.args ?? [])]), [
    aliasCommands("linux").add,
  ]);
  await addAlias(saying(2, "RTNETLINK answers: File exists\n"), "linux");
  await addAlias(saying(2, "Error: ipv4: Address already assigned.\n"), "linux");
  for (
    const text of [
      "The object already exists.",
      "Das Objekt ist bereits vorhanden.",
      "El objeto ya existe.",
      "Objektet findes allerede.",
    ]
  ) {
    await addAlias(saying(1, text), "windows");
  }
});

Deno.test("addAlias() and removeAlias() report failures with the tool's words and status", async () => {
  await assertRejects(
    () => addAlias(saying(2, "RTNETLINK answers: Operation not permitted\n"), "linux"),
    Error,
    "Cannot add the network alias 169.254.169.254: RTNETLINK answers: Operation not permitted: exit status 2",
  );
  await assertRejects(
    () =>
      removeAlias(
        saying(1, "ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address\n"),
        "darwin",
      ),
    Error,
    "Cannot remove the network alias 169.254.169.254: ifconfig: ioctl (SIOCDIFADDR): Can't assign requested address: exit status 1",
  );
  const admin = "The requested operation requires elevation (Run as administrator).";
  for (
    const run of [
      () => addAlias(saying(1, admin), "windows"),
      () => removeAlias(saying(0, admin), "windows"),
    ]
  ) {
    const error = await assertRejects(run);
    assertEquals(
      error.message,
      "Creation of network alias for server mode requires elevated permissions, run as administrator",
    );
  }
  const missing = new FakeProcessRunner(() => {
    throw new ExecutableNotFoundError("ip");
  });
  const error = await assertRejects(() => addAlias(missing, "linux"));
  assertEquals(
    error.message,
    'Cannot add the network alias 169.254.169.254: "ip" was not found on PATH',
  );
});
