/**
 * What `exec` gives a credential server and gets back from it: the seam
 * between the command, which runs the child while the server runs, and each
 * server (ECS, EC2), which decides how credentials are asked for.
 *
 * @module
 */

import type { StsApiFactory } from "../aws/sts.ts";
import type { ProfileConfig } from "../config/profile_config.ts";
import type { Deps, Logger } from "../platform/types.ts";
import type { RefreshingCredentials } from "./refreshing_credentials.ts";

/** What a server is started with. */
export interface CredentialServerContext {
  deps: Deps;
  log: Logger;
  /** The resolved profile (region, endpoint, AssumeRole duration). */
  config: ProfileConfig;
  /** The profile's credentials, from its provider chain, refreshed before they expire. */
  credentials: RefreshingCredentials;
  /** STS for calls made with the profile's credentials (the ECS server's `/role-arn/`). */
  sts: StsApiFactory;
  /** The profile's credentials are role credentials: AssumeRole with them is role chaining. */
  roleChaining?: boolean;
}

/** A server that is running. */
export interface RunningCredentialServer {
  /** Variables the child gets, in the order they are narrated (none for the EC2 server). */
  env: Record<string, string>;
  /** Stops the server; called once, when the child has exited or could not be started. */
  stop(): Promise<void>;
}

/** Starts a server; throws when it cannot listen. */
export type CredentialServerStarter = (
  server: CredentialServerContext,
) => Promise<RunningCredentialServer>;
