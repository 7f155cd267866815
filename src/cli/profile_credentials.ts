/**
 * Shared by `exec` and `export`: resolve the profile and retrieve its credentials.
 *
 * @module
 */

import { buildProvider } from "../credentials/chain.ts";
import type { Credentials } from "../credentials/types.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import { CredentialsError } from "../errors.ts";
import { goQuote } from "../go_quote.ts";
import type { CommandContext } from "./context.ts";

/** What the user asked for on the command line. */
export interface CredentialRequest {
  profile: string;
  noSession: boolean;
  region?: string;
  mfaToken?: string;
  /** `--duration` in milliseconds. */
  durationMs?: number;
}

/** The resolved profile and its credentials. */
export interface ProfileCredentials {
  config: ProfileConfig;
  credentials: Credentials;
}

/** Resolves the profile configuration (pure) from the config file, environment and flags. */
export async function resolveRequest(
  ctx: CommandContext,
  req: CredentialRequest,
): Promise<ProfileConfig> {
  const { resolveProfile } = await import("../config/resolve.ts");
  const file = await ctx.config();
  return resolveProfile(file, req.profile, {
    env: ctx.deps.env,
    region: req.region,
    mfaToken: req.mfaToken,
    durationMs: req.durationMs,
    log: (line: string) => ctx.log.debug(line),
  });
}

/** Resolves the profile and retrieves credentials through the provider chain. */
export async function profileCredentials(
  ctx: CommandContext,
  req: CredentialRequest,
): Promise<ProfileCredentials> {
  const config = await resolveRequest(ctx, req);
  const store = await ctx.credentials();
  const file = await ctx.config();
  if (!file.hasProfile(req.profile) && !(await store.has(req.profile))) {
    // aws-vault 7.2 would silently fall back to [default]; ByteNess made this an error.
    throw new CredentialsError(
      `profile ${goQuote(req.profile)} not found in ${
        goQuote(file.path)
      } and no credentials are stored for it`,
    );
  }
  const provider = await buildProvider(
    { store, log: ctx.log },
    config,
    { noSession: req.noSession },
  );
  const credentials = await provider.retrieve();
  return { config, credentials };
}
