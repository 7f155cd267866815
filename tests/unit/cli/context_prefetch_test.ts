/**
 * CommandContext.prefetchCredentials(): which stored items a credential request starts
 * decrypting early, and that only the file backend chosen by flag or variable is asked.
 */
import { MemoryKeyring } from "../../../backends/memory.ts";
import type { KeyringItem } from "../../../backends/types.ts";
import { CommandContext } from "../../../src/cli/context.ts";
import { utf8 } from "../../../src/encoding.ts";
import type { Logger } from "../../../src/platform/types.ts";
import { formatSessionKey } from "../../../src/store/session_keys.ts";
import { assertEquals } from "../../helpers/assert.ts";
import { fakeDeps } from "../../helpers/fakes.ts";
import { GLOBALS } from "./commands/command_helpers.ts";

/** A keyring that records what it is asked to prefetch. */
class PrefetchRecorder extends MemoryKeyring {
  readonly asked: string[][] = [];
  prefetch(keys: readonly string[]): Promise<void> {
    this.asked.push([...keys]);
    return Promise.resolve();
  }
}

const NOW = Date.parse("2026-11-23T12:00:00Z") / 1000; // the fake clock's time

function stored(key: string): KeyringItem {
  return {
    key,
    data: utf8("{}"),
    label: key,
    description: "",
    keychainNotTrustApplication: false,
    keychainNotSynchronizable: false,
  };
}

const session = (type: string, profile: string, expiration: number, mfaSerial = "") =>
  formatSessionKey({ type, profileName: profile, mfaSerial, expiration });

const KEYS = [
  "work",
  "role",
  session("sts.GetSessionToken", "work", NOW + 3600),
  session("sts.GetSessionToken", "work", NOW - 60), // expired
  session("sts.AssumeRole", "role", NOW + 3600, "arn:aws:iam::1:mfa/u"),
  session("sts.AssumeRole", "role,x", NOW + 3600), // another profile, with a comma
];

const CASES: {
  name: string;
  backend: string;
  profile: string;
  noSession: boolean;
  want: string[][];
}[] = [
  {
    name: "a profile's unexpired sessions come first",
    backend: "file",
    profile: "work",
    noSession: false,
    want: [[KEYS[2]]],
  },
  {
    name: "--no-session skips GetSessionToken sessions, leaving the stored credentials",
    backend: "file",
    profile: "work",
    noSession: true,
    want: [["work"]],
  },
  {
    name: "a role's cached AssumeRole session, even with --no-session",
    backend: "file",
    profile: "role",
    noSession: true,
    want: [[KEYS[4]]],
  },
  {
    name: "nothing stored for the profile: nothing to read",
    backend: "file",
    profile: "nobody",
    noSession: false,
    want: [[]],
  },
  {
    name: "a backend chosen automatically is not opened early",
    backend: "",
    profile: "work",
    noSession: false,
    want: [],
  },
];

for (const c of CASES) {
  Deno.test(`prefetchCredentials(): ${c.name}`, async () => {
    const { deps } = fakeDeps({ vars: { HOME: "/home/u" } });
    const keyring = new PrefetchRecorder({ backend: "file", items: KEYS.map(stored) });
    const log: Logger = { enabled: false, debug: () => {} };
    const ctx = new CommandContext(deps, { ...GLOBALS, backend: c.backend }, log, { keyring });
    await ctx.prefetchCredentials(c.profile, c.noSession);
    assertEquals(keyring.asked, c.want);
  });
}

Deno.test("prefetchCredentials() ignores a failing keyring: the real reads report it", async () => {
  const { deps } = fakeDeps({ vars: { HOME: "/home/u" } });
  const keyring = new PrefetchRecorder({ backend: "file" });
  keyring.keys = () => Promise.reject(new Error("listing failed"));
  const log: Logger = { enabled: false, debug: () => {} };
  const ctx = new CommandContext(deps, { ...GLOBALS, backend: "file" }, log, { keyring });
  await ctx.prefetchCredentials("work", false);
  assertEquals(keyring.asked, []);
});
