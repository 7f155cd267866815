/**
 * GetSessionToken on top of long-term credentials, with MFA when the profile
 * has an `mfa_serial`; it sends only the duration and, with MFA, the serial
 * and code, as aws-vault does.
 *
 * @module
 */

import { formatGoDuration } from "../config/duration.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import type { Clock, Logger } from "../platform/types.ts";
import type { StsApiFactory } from "../aws/sts.ts";
import { maskKeyId } from "./cached_provider.ts";
import type { Credentials } from "../aws_credentials.ts";
import type { CredentialProvider, MfaCodeSource } from "./types.ts";

/** What STS-calling providers share. */
export interface StsProviderContext {
  sts: StsApiFactory;
  mfaCode: MfaCodeSource;
  log: Logger;
  clock: Clock;
}

/** Logs the outcome of an STS call without any secret. */
export function logGenerated(
  ctx: Pick<StsProviderContext, "log" | "clock">,
  creds: Credentials,
  operation: string,
): void {
  const left = (creds.expiration?.getTime() ?? 0) - ctx.clock.now().getTime();
  ctx.log.debug(
    `Generated credentials ${maskKeyId(creds.accessKeyId)} using ${operation}, expires in ${
      formatGoDuration(Math.trunc(left / 1000) * 1000)
    }`,
  );
}

/** Calls GetSessionToken with the source's credentials. */
export class SessionTokenProvider implements CredentialProvider {
  readonly kind = "sts.GetSessionToken";
  readonly #ctx: StsProviderContext;
  readonly #config: ProfileConfig;
  readonly #source: CredentialProvider;
  readonly #durationMs: number;

  constructor(
    ctx: StsProviderContext,
    options: { config: ProfileConfig; source: CredentialProvider; durationMs: number },
  ) {
    this.#ctx = ctx;
    this.#config = options.config;
    this.#source = options.source;
    this.#durationMs = options.durationMs;
  }

  async retrieve(): Promise<Credentials> {
    const credentials = await this.#source.retrieve();
    const serialNumber = this.#config.mfaSerial;
    const tokenCode = serialNumber ? await this.#ctx.mfaCode(this.#config) : undefined;
    const creds = await this.#ctx.sts({ config: this.#config, credentials }).getSessionToken({
      durationSeconds: Math.trunc(this.#durationMs / 1000),
      ...(serialNumber ? { serialNumber, tokenCode } : {}),
    });
    logGenerated(this.#ctx, creds, "GetSessionToken");
    return creds;
  }
}
