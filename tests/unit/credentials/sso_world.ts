/**
 * A provider-chain world for SSO profiles: the real chain, the real AWS SDK
 * clients (sso-oidc, sso) talking HTTP to the in-process {@linkcode SsoFake},
 * one fake clock shared by both sides (so expiry, slow-down and device-code
 * lifetimes take no real time), and a browser stand-in that approves the
 * authorization page it is given.
 *
 * @module
 */

import type { Interrupts } from "../../../src/platform/types.ts";
import { FakeClock, FakeProcessRunner } from "../../helpers/fakes.ts";
import { SsoFake, type SsoFakeOptions } from "../../helpers/sso_fake.ts";
import { SSO_CONFIG } from "../../helpers/sso_sandbox.ts";
import { chainWorld } from "./chain_world.ts";

export { LEGACY_URL, SSO_CONFIG, START_URL } from "../../helpers/sso_sandbox.ts";

/**
 * A fake clock that records each wait of a login and can act on it. The
 * short waits of callers queued on a lock also let real time pass, as they do
 * between processes, so that the lock's holder (on real HTTP) gets on.
 */
export class RecordingClock extends FakeClock {
  readonly sleeps: number[] = [];
  onSleep?: (ms: number) => void;
  override async sleep(ms: number): Promise<void> {
    if (ms < 1000) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      return await super.sleep(ms);
    }
    this.sleeps.push(ms);
    this.onSleep?.(ms);
    return await super.sleep(ms);
  }
}

/** Ctrl-C on demand. */
export class FakeInterrupts implements Interrupts {
  #listeners = new Set<() => void>();
  watch(onInterrupt: () => void): () => void {
    this.#listeners.add(onInterrupt);
    return () => this.#listeners.delete(onInterrupt);
  }
  get watched(): number {
    return this.#listeners.size;
  }
  fire(): void {
    for (const l of [...this.#listeners]) l();
  }
}

/** Options of {@linkcode ssoWorld}. */
export interface SsoWorldOptions {
  fake?: SsoFakeOptions;
  /** What the browser does with the page: approve it (default), nothing, or there is no opener. */
  browser?: "approve" | "ignore" | "missing";
  interrupts?: Interrupts;
}

/** Builds the world; call `close()` when done. */
export function ssoWorld(options: SsoWorldOptions = {}) {
  const clock = new RecordingClock();
  const fake = new SsoFake({ ...options.fake, now: () => clock.now().getTime() });
  const browser = options.browser ?? "approve";
  const opened: string[] = [];
  const proc = new FakeProcessRunner((req) => {
    if (req.cmd === "browser") {
      opened.push(req.args?.[0] ?? "");
      if (browser === "approve") fake.approveAll();
    }
    return 0;
  }, browser === "missing" ? [] : ["browser"]);
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
    AWS_ENDPOINT_URL_SSO: fake.url,
    ...(browser === "missing" ? {} : { BROWSER: "browser" }),
  };
  const world = chainWorld({
    config: SSO_CONFIG,
    env,
    proc,
    clock,
    interrupts: options.interrupts,
  });
  return { ...world, clock, fake, opened, proc, close: () => fake.close() };
}

/** What {@linkcode ssoWorld} builds. */
export type SsoWorld = ReturnType<typeof ssoWorld>;

/** Runs `fn` with a fresh world, closing its fake afterwards. */
export async function withSsoWorld(
  options: SsoWorldOptions,
  fn: (w: SsoWorld) => Promise<void>,
): Promise<void> {
  const w = ssoWorld(options);
  try {
    await fn(w);
  } finally {
    await w.close();
  }
}
