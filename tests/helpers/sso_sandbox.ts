/**
 * A CLI sandbox wired to an {@linkcode SsoFake}: Identity Center endpoints
 * pointed at the fake (`AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_SSO`),
 * an AWS config with both forms of SSO profile, and a browser stand-in
 * (`$BROWSER`) that records each page it is asked to open and fetches it,
 * which approves the login at the fake.
 *
 * @module
 */

import { CliSandbox, type RunOptions } from "./cli.ts";
import { SsoFake, type SsoFakeOptions } from "./sso_fake.ts";

export const START_URL = "https://corp.awsapps.com/start";
export const LEGACY_URL = "https://legacy.awsapps.com/start#/";

/** Two roles on one `[sso-session]`, a legacy profile, and a role whose source is SSO. */
export const SSO_CONFIG = `[profile dev]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Dev
region = eu-west-1

[profile admin]
sso_session = corp
sso_account_id = 111111111111
sso_role_name = Admin

[profile legacy]
sso_start_url = ${LEGACY_URL}
sso_region = eu-west-1
sso_account_id = 222222222222
sso_role_name = ReadOnly

[profile target]
source_profile = dev
role_arn = arn:aws:iam::123456789012:role/target
region = us-east-1

[sso-session corp]
sso_start_url = ${START_URL}
sso_region = eu-west-1
`;

/** A sandbox for SSO runs. */
export class SsoSandbox {
  readonly sandbox: CliSandbox;
  readonly fake: SsoFake;
  /** The environment of every run: the fake's endpoints and the browser stand-in. */
  readonly env: Record<string, string>;
  readonly #openedLog: string;

  constructor(fake: SsoFake, config = SSO_CONFIG) {
    this.fake = fake;
    this.sandbox = CliSandbox.create();
    this.sandbox.writeConfig(config);
    const browser = `${this.sandbox.root}/browser`;
    this.#openedLog = `${this.sandbox.root}/opened`;
    Deno.writeTextFileSync(
      browser,
      `#!/bin/sh\necho "$1" >> "${this.#openedLog}"\nexec curl -fsS -o /dev/null "$1"\n`,
    );
    Deno.chmodSync(browser, 0o755);
    this.env = {
      AWS_ENDPOINT_URL_SSO_OIDC: fake.url,
      AWS_ENDPOINT_URL_SSO: fake.url,
      BROWSER: browser,
    };
  }

  /** The pages the browser stand-in was asked to open, in order. */
  opened(): string[] {
    try {
      return Deno.readTextFileSync(this.#openedLog).split("\n").filter((l) => l !== "");
    } catch {
      return [];
    }
  }

  /** Runs the CLI with the sandbox's environment plus `env`. */
  run(args: string[], env: Record<string, string | undefined> = {}, options: RunOptions = {}) {
    return this.sandbox.run(args, { ...options, env: { ...this.env, ...env } });
  }

  /** Starts the CLI without waiting (see {@linkcode CliSandbox.start}). */
  start(args: string[], env: Record<string, string | undefined> = {}) {
    return this.sandbox.start(args, { env: { ...this.env, ...env } });
  }

  cleanup(): void {
    this.sandbox.cleanup();
  }
}

/** Runs `fn` with a new fake and sandbox, removed afterwards. */
export async function withSsoSandbox(
  options: SsoFakeOptions,
  fn: (s: SsoSandbox, fake: SsoFake) => Promise<void>,
): Promise<void> {
  const fake = new SsoFake(options);
  const s = new SsoSandbox(fake);
  try {
    await fn(s, fake);
  } finally {
    s.cleanup();
    await fake.close();
  }
}
