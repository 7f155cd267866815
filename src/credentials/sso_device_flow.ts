/**
 * The OAuth device authorization flow of IAM Identity Center, as aws-vault
 * runs it, with what its users missed: register a public client (asking for
 * the scopes that bring a refresh token), start a device authorization, tell
 * the user on stderr where to confirm it (and open that page unless
 * `--stdout`), then ask for the token every `interval` seconds. A slow-down
 * answer makes the wait 5 s longer instead of ending the login; the device
 * code's own lifetime bounds the whole wait; Ctrl-C ends it at once.
 *
 * No terminal is needed: the link on stderr is all a user needs, and the
 * browser is opened without waiting for the opener, whose failure is only a
 * warning.
 *
 * @module
 */

import type { DeviceAuthorization, OidcClient, OidcToken, SsoOidcApi } from "../aws/sso_oidc.ts";
import { OidcRejectedError } from "../aws/sso_oidc.ts";
import { formatGoDuration } from "../config/duration.ts";
import { AwsVaultError, InterruptedError, messageOf, SSO_LOGIN_FAILED_CODE } from "../errors.ts";
import type { Clock, Interrupts, Logger, Output } from "../platform/types.ts";

/** The client name aws-vault registers. */
export const OIDC_CLIENT_NAME = "aws-vault";
/** The wait between token requests when the service names none (the OAuth default). */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
/** How much longer to wait after each slow-down answer (the OAuth rule). */
export const SLOW_DOWN_STEP_MS = 5_000;
/** The device code's lifetime when the service names none. */
const DEFAULT_DEVICE_CODE_LIFETIME_MS = 10 * 60_000;

/** What the flow needs. */
export interface DeviceFlowContext {
  oidc: SsoOidcApi;
  clock: Clock;
  log: Logger;
  stderr: Output;
  /** Opens a page in the browser; resolves to why it could not, else `undefined`. */
  openUrl: (url: string) => Promise<string | undefined>;
  interrupts?: Interrupts;
}

/** One login. */
export interface DeviceFlowRequest {
  startUrl: string;
  scopes: readonly string[];
  /** `--stdout`: print the page's link only, without opening a browser. */
  useStdout: boolean;
}

/** A new token and the client it was issued to (needed for its refresh). */
export interface DeviceLogin {
  token: OidcToken;
  client: OidcClient;
}

function loginFailed(startUrl: string, detail: string, cause?: unknown): AwsVaultError {
  return new AwsVaultError(
    SSO_LOGIN_FAILED_CODE,
    `SSO login for ${JSON.stringify(startUrl)} failed: ${detail}`,
    { cause },
  );
}

/** Races every step against Ctrl-C. */
class InterruptWatch {
  readonly #stop: () => void;
  readonly interrupted: Promise<never>;

  constructor(interrupts: Interrupts | undefined) {
    let stop = () => {};
    this.interrupted = new Promise<never>((_, reject) => {
      stop = interrupts?.watch(() => reject(new InterruptedError("SSO login interrupted"))) ??
        (() => {});
    });
    // Nobody may be racing at the moment the interrupt comes.
    this.interrupted.catch(() => {});
    this.#stop = stop;
  }

  race<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.interrupted]);
  }

  stop(): void {
    this.#stop();
  }
}

function announce(ctx: DeviceFlowContext, auth: DeviceAuthorization, useStdout: boolean): void {
  const url = auth.verificationUriComplete;
  const code = auth.userCode ? `The page should show the code ${auth.userCode}\n` : "";
  if (useStdout) {
    ctx.stderr.write(
      `Open the SSO authorization page in a browser (use Ctrl-C to abort)\n${url}\n${code}`,
    );
    return;
  }
  ctx.stderr.write(
    `Opening the SSO authorization page in your default browser (use Ctrl-C to abort)\n${url}\n${code}`,
  );
  ctx.log.debug("Opening SSO authorization page in browser");
  // The link is printed already: polling starts at once, and a failed opener is only a warning.
  const warn = (reason: string | undefined) => {
    if (reason === undefined) return;
    ctx.stderr.write(
      `aws-vault: warning: cannot open the SSO authorization page: ${reason}; open the link above\n`,
    );
  };
  ctx.openUrl(url).then(warn, (error) => warn(messageOf(error).split("\n")[0]));
}

async function poll(
  ctx: DeviceFlowContext,
  watch: InterruptWatch,
  req: DeviceFlowRequest,
  client: OidcClient,
  auth: DeviceAuthorization,
): Promise<OidcToken> {
  const lifetimeMs = auth.expiresInSeconds > 0
    ? auth.expiresInSeconds * 1000
    : DEFAULT_DEVICE_CODE_LIFETIME_MS;
  const deadline = ctx.clock.now().getTime() + lifetimeMs;
  let intervalMs = auth.intervalSeconds ? auth.intervalSeconds * 1000 : DEFAULT_POLL_INTERVAL_MS;
  while (true) {
    let answer;
    try {
      answer = await watch.race(ctx.oidc.pollDeviceToken(client, auth.deviceCode));
    } catch (error) {
      if (!(error instanceof OidcRejectedError)) throw error;
      const detail = error.reason === "ExpiredTokenException"
        ? "the authorization page was not confirmed in time"
        : error.reason === "AccessDeniedException"
        ? "the request was denied on the authorization page"
        : error.message.replace(/^profile [^:]*: /, "");
      throw loginFailed(req.startUrl, detail, error);
    }
    if (answer.status === "token") return answer.token;
    if (answer.status === "slow_down") {
      intervalMs += SLOW_DOWN_STEP_MS;
      ctx.log.debug(`SSO asked to slow down: polling every ${formatGoDuration(intervalMs)}`);
    }
    const leftMs = deadline - ctx.clock.now().getTime();
    if (leftMs <= 0) {
      throw loginFailed(
        req.startUrl,
        `the authorization page was not confirmed within ${formatGoDuration(lifetimeMs)}`,
      );
    }
    await watch.race(ctx.clock.sleep(Math.min(intervalMs, leftMs)));
  }
}

/** Runs one device-code login for `req.startUrl`. */
export async function deviceLogin(
  ctx: DeviceFlowContext,
  req: DeviceFlowRequest,
): Promise<DeviceLogin> {
  const watch = new InterruptWatch(ctx.interrupts);
  try {
    const client = await watch.race(
      ctx.oidc.registerClient({ clientName: OIDC_CLIENT_NAME, scopes: req.scopes }),
    );
    ctx.log.debug(
      `Created new OIDC client (expires at: ${client.expiresAt?.toISOString() ?? "unknown"})`,
    );
    const auth = await watch.race(ctx.oidc.startDeviceAuthorization(client, req.startUrl));
    ctx.log.debug(
      `Created OIDC device code for ${req.startUrl} (expires in: ${auth.expiresInSeconds}s)`,
    );
    announce(ctx, auth, req.useStdout);
    const token = await poll(ctx, watch, req, client, auth);
    ctx.log.debug(
      `Created new OIDC access token for ${req.startUrl} (expires in: ${token.expiresInSeconds}s, ` +
        `refresh token: ${token.refreshToken !== undefined})`,
    );
    return { token, client };
  } finally {
    watch.stop();
  }
}
