import { assertEquals, assertRejects } from "../../helpers/assert.ts";
import { availableBackends, BACKENDS, chooseBackend } from "../../../backends/registry.ts";
import { PASS_BACKEND } from "../../../backends/pass.ts";
import { KWALLET_BACKEND } from "../../../backends/kwallet.ts";
import { KEYCHAIN_BACKEND } from "../../../backends/keychain.ts";
import { SECRET_SERVICE_BACKEND } from "../../../backends/secret_service.ts";
import { WINCRED_BACKEND } from "../../../backends/wincred.ts";
import { UsageError } from "../../../src/errors.ts";
import type { KeyringOptions } from "../../../backends/types.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { fakeDeps } from "../../helpers/fakes.ts";

const OPTIONS: KeyringOptions = {
  backend: "",
  fileDir: "/k",
  keychainName: "aws-vault",
  secretServiceCollection: "awsvault",
  passDir: "/p",
  passCmd: "pass",
  passPrefix: "",
};

function logger(lines: string[]): Logger {
  return { enabled: true, debug: (m) => lines.push(m) };
}

Deno.test("the backends offered per OS follow aws-vault's order, without keyctl", () => {
  assertEquals(availableBackends("linux"), ["secret-service", "kwallet", "pass", "file"]);
  assertEquals(availableBackends("darwin"), ["keychain", "pass", "file"]);
  assertEquals(availableBackends("windows"), ["wincred", "file"]);
});

Deno.test("the lazy registry entries agree with each backend module's own descriptor", () => {
  const own = [
    WINCRED_BACKEND,
    KEYCHAIN_BACKEND,
    SECRET_SERVICE_BACKEND,
    KWALLET_BACKEND,
    PASS_BACKEND,
  ];
  for (const d of own) {
    const entry = BACKENDS.find((b) => b.name === d.name);
    assertEquals(entry?.os, d.os, d.name);
  }
});

Deno.test("with no usable OS keystore the default is file, and --debug says why", async () => {
  const { deps } = fakeDeps({ vars: { HOME: "/home/u" } });
  const lines: string[] = [];
  const chosen = await chooseBackend({ deps, log: logger(lines) }, OPTIONS);
  assertEquals(chosen.name, "file");
  assertEquals(lines.filter((l) => l.includes("is not usable")).length, 3);
  assertEquals(lines.at(-1)?.startsWith('Using keyring backend "file"'), true);
});

Deno.test("an explicit backend is used without probing; an unknown one is refused", async () => {
  const { deps } = fakeDeps();
  const lines: string[] = [];
  const chosen = await chooseBackend({ deps, log: logger(lines) }, { ...OPTIONS, backend: "pass" });
  assertEquals(chosen.name, "pass");
  assertEquals(lines, ['Using keyring backend "pass" (asked for)']);
  await assertRejects(
    () => chooseBackend({ deps, log: logger([]) }, { ...OPTIONS, backend: "keychain" }),
    UsageError,
    "Specified keyring backend not available",
  );
});
