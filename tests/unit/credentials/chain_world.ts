/**
 * A provider-chain world on fakes, for unit tests without any server: a
 * config file, an in-memory keyring, a fake STS that records every call, a
 * scripted MFA source, a fake clock and in-memory locks.
 *
 * @module
 */

import { MemoryKeyring } from "../../../backends/memory.ts";
import type { AwsTarget, StsApi } from "../../../src/aws/sts.ts";
import { parseConfigFile } from "../../../src/config/config_file.ts";
import type { ProfileConfig } from "../../../src/config/profile_config.ts";
import { resolveProfile } from "../../../src/config/resolve.ts";
import { buildProvider, type ChainContext } from "../../../src/credentials/chain.ts";
import type { ChainOptions } from "../../../src/credentials/chain_plan.ts";
import { createSessionLock } from "../../../src/credentials/session_lock.ts";
import type { Credentials } from "../../../src/aws_credentials.ts";
import type { Interrupts, Logger } from "../../../src/platform/types.ts";
import { CredentialStore } from "../../../src/store/credential_store.ts";
import { SessionStore } from "../../../src/store/session_store.ts";
import {
  CapturedOutput,
  FakeClock,
  fakeEnv,
  FakeProcessRunner,
  MemoryFileLocks,
  MemoryFs,
} from "../../helpers/fakes.ts";

/** One STS call the fake received. */
export interface StsCall {
  op: string;
  /** The profile the call was made for. */
  profile: string;
  /** The access key id of the calling credentials ("" when unsigned). */
  caller: string;
  durationSeconds?: number;
  serialNumber?: string;
  tokenCode?: string;
  request: Record<string, unknown>;
}

/** Options of {@linkcode chainWorld}. */
export interface ChainWorldOptions {
  /** The AWS config file. */
  config: string;
  /** Profiles with stored long-term keys. */
  stored?: string[];
  env?: Record<string, string>;
  /** Fails the next STS calls with these errors, in order. */
  failures?: Error[];
  proc?: FakeProcessRunner;
  /** The ARN GetCallerIdentity answers for a calling access key id. */
  callerArn?: (accessKeyId: string) => string;
  /** The clock (a {@linkcode FakeClock} by default). */
  clock?: FakeClock;
  /** Ctrl-C as the SSO login sees it. */
  interrupts?: Interrupts;
}

/** Builds the world; `resolve` and `retrieve` run a profile through the real chain. */
export function chainWorld(options: ChainWorldOptions) {
  const clock = options.clock ?? new FakeClock();
  const keyring = new MemoryKeyring({ backend: "file" });
  const store = new CredentialStore(keyring);
  const sessions = new SessionStore(keyring);
  const calls: StsCall[] = [];
  const mfaAsked: string[] = [];
  const lines: string[] = [];
  const stderr = new CapturedOutput();
  const log: Logger = { enabled: true, debug: (m) => lines.push(m) };
  const failures = [...(options.failures ?? [])];
  const fs = new MemoryFs();
  const locks = new MemoryFileLocks();
  let n = 0;

  const answer = (target: AwsTarget, op: string, req: Record<string, unknown>): Credentials => {
    calls.push({
      op,
      profile: target.config.profileName,
      caller: target.credentials?.accessKeyId ?? "",
      durationSeconds: req.durationSeconds as number | undefined,
      serialNumber: req.serialNumber as string | undefined,
      tokenCode: req.tokenCode as string | undefined,
      request: req,
    });
    const failure = failures.shift();
    if (failure) throw failure;
    n++;
    return {
      accessKeyId: `ASIA${op.toUpperCase()}${String(n).padStart(4, "0")}`,
      secretAccessKey: `secret-${n}`,
      sessionToken: `token-${n}`,
      expiration: new Date(clock.now().getTime() + (req.durationSeconds as number) * 1000),
    };
  };
  const sts = (target: AwsTarget): StsApi => ({
    getSessionToken: (req) =>
      Promise.resolve().then(() => answer(target, "GetSessionToken", { ...req })),
    assumeRole: (req) => Promise.resolve().then(() => answer(target, "AssumeRole", { ...req })),
    assumeRoleWithWebIdentity: (req) =>
      Promise.resolve().then(() => answer(target, "AssumeRoleWithWebIdentity", { ...req })),
    getFederationToken: (req) =>
      Promise.resolve().then(() => answer(target, "GetFederationToken", { ...req })),
    getCallerIdentity: () =>
      Promise.resolve().then(() => {
        const caller = target.credentials?.accessKeyId ?? "";
        calls.push({
          op: "GetCallerIdentity",
          profile: target.config.profileName,
          caller,
          request: {},
        });
        return { account: "1", arn: options.callerArn?.(caller) ?? "arn", userId: "u" };
      }),
  });

  const ctx: ChainContext = {
    store,
    sessions,
    fs,
    proc: options.proc ?? new FakeProcessRunner(),
    os: "linux",
    clock,
    log,
    minTtlMs: 5 * 60_000,
    sts,
    mfaCode: (config) => {
      mfaAsked.push(config.profileName);
      return Promise.resolve(`${100000 + mfaAsked.length}`);
    },
    lock: createSessionLock({ locks, fs, clock, log, dir: "/home/u/.awsvault/locks" }),
    sso: {
      keyring,
      stderr,
      env: fakeEnv(options.env ?? {}),
      interrupts: options.interrupts,
      aws: { getEnv: (name) => options.env?.[name], log, timeoutMs: 10_000 },
    },
  };

  const ready = (async () => {
    for (const name of options.stored ?? []) {
      await store.set(name, { accessKeyId: `AKIA${name.toUpperCase()}`, secretAccessKey: "s" });
    }
  })();

  const resolve = (
    profile: string,
    input: { durationMs?: number; mfaToken?: string; region?: string; ssoUseStdout?: boolean } = {},
  ): ProfileConfig =>
    resolveProfile(parseConfigFile(options.config, "/home/u/.aws/config"), profile, {
      env: options.env ?? {},
      ...input,
    });

  const retrieve = async (
    profile: string,
    opts: Partial<ChainOptions> & { durationMs?: number; ssoUseStdout?: boolean } = {},
  ): Promise<Credentials> => {
    await ready;
    const config = resolve(profile, {
      durationMs: opts.durationMs,
      ssoUseStdout: opts.ssoUseStdout,
    });
    const provider = await buildProvider(ctx, config, {
      noSession: opts.noSession ?? false,
      ...opts,
    });
    return await provider.retrieve();
  };

  return {
    /** Resolves once the stored keys are in the keyring. */
    ready,
    ctx,
    clock,
    keyring,
    store,
    sessions,
    calls,
    mfaAsked,
    lines,
    stderr,
    fs,
    locks,
    resolve,
    retrieve,
  };
}
