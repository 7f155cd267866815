/**
 * A small fake of IAM Identity Center's two HTTP APIs for tests, on one
 * loopback server: SSO OIDC (`POST /client/register`, `/device_authorization`,
 * `/token`, restJson1 with `x-amzn-errortype` errors) and the SSO portal
 * (`GET /federation/credentials` with the `x-amz-sso_bearer_token` header).
 * Its wire format is checked with botocore by `tests/e2e/sso_fake_botocore_test.ts`.
 *
 * The user's side is `GET /verify?user_code=…`: the page a browser opens,
 * which approves the device authorization (a browser stand-in fetches it), or
 * {@linkcode SsoFake.approveAll}. Refresh tokens are issued to clients
 * registered with the `sso:account:access` scope and are good once.
 *
 * @module
 */

/** One request the fake received. */
export interface SsoFakeCall {
  /** `RegisterClient`, `StartDeviceAuthorization`, `CreateToken`, `GetRoleCredentials`. */
  op: string;
  /** The JSON body (OIDC) or the query parameters (portal). */
  input: Record<string, unknown>;
  /** The bearer token of a portal call. */
  bearer?: string;
  /** The answer's error type, when it was an error. */
  error?: string;
}

/** Settings of the fake. */
export interface SsoFakeOptions {
  tokenSeconds?: number;
  deviceCodeSeconds?: number;
  intervalSeconds?: number;
  roleCredentialSeconds?: number;
  /** Answers a poll that comes sooner than the interval with SlowDownException, as AWS does. */
  enforceInterval?: boolean;
  /** The fake's clock (milliseconds since the epoch); the real one by default. */
  now?: () => number;
}

interface Device {
  clientId: string;
  userCode: string;
  expiresAt: number;
  approved: boolean;
  denied: boolean;
  intervalMs: number;
  lastPoll?: number;
}

interface Grant {
  expiresAt: number;
  revoked: boolean;
}

function random(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function json(body: unknown, status = 200, errorType?: string): Response {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (errorType) headers["x-amzn-errortype"] = `${errorType}:http://internal.amazon.com/coral/`;
  return new Response(JSON.stringify(body), { status, headers });
}

function oidcError(type: string, error: string, status = 400): Response {
  return json({ error, error_description: `${type} from the fake` }, status, type);
}

/** A running fake. */
export class SsoFake {
  readonly url: string;
  readonly calls: SsoFakeCall[] = [];
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #opts: Required<Omit<SsoFakeOptions, "now">>;
  readonly #now: () => number;
  readonly #clients = new Map<string, { secret: string; scopes: string[] }>();
  readonly #devices = new Map<string, Device>();
  readonly #tokens = new Map<string, Grant>();
  readonly #refreshTokens = new Map<string, string>();
  #slowDowns = 0;
  #rejectRefresh = false;
  #portalFailures: Array<{ status: number; type: string }> = [];
  #oidcFailures = 0;

  constructor(options: SsoFakeOptions = {}) {
    this.#opts = {
      tokenSeconds: options.tokenSeconds ?? 3600,
      deviceCodeSeconds: options.deviceCodeSeconds ?? 600,
      intervalSeconds: options.intervalSeconds ?? 1,
      roleCredentialSeconds: options.roleCredentialSeconds ?? 3600,
      enforceInterval: options.enforceInterval ?? false,
    };
    this.#now = options.now ?? (() => Date.now());
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen() {} },
      (req) => this.#handle(req),
    );
    this.url = `http://127.0.0.1:${this.#server.addr.port}`;
  }

  /** The operations received, in order (`CreateToken` split by grant: `CreateToken:refresh_token`). */
  ops(): string[] {
    return this.calls.map((c) =>
      c.op === "CreateToken" && c.input.grantType === "refresh_token"
        ? "CreateToken:refresh_token"
        : c.op
    );
  }

  /** How many calls of `op` (as {@linkcode ops} names them). */
  count(op: string): number {
    return this.ops().filter((o) => o === op).length;
  }

  /** Approves every device authorization started so far. */
  approveAll(): void {
    for (const d of this.#devices.values()) d.approved = true;
  }

  /** Denies every device authorization started so far. */
  denyAll(): void {
    for (const d of this.#devices.values()) d.denied = true;
  }

  /** Answers the next `n` device-code polls with SlowDownException. */
  slowDownNext(n: number): void {
    this.#slowDowns = n;
  }

  /** Rejects every refresh token from now on (the session ended). */
  rejectRefreshTokens(): void {
    this.#rejectRefresh = true;
  }

  /** Makes every access token issued so far unknown to the portal (signed out). */
  revokeAccessTokens(): void {
    for (const g of this.#tokens.values()) g.revoked = true;
  }

  /** Fails the next `n` OIDC calls with HTTP 500 (an outage). */
  failOidc(n: number): void {
    this.#oidcFailures = n;
  }

  /** Fails the next portal calls with these answers. */
  failPortal(...failures: Array<{ status: number; type: string }>): void {
    this.#portalFailures.push(...failures);
  }

  async close(): Promise<void> {
    await this.#server.shutdown();
  }

  async #handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (req.method === "GET" && url.pathname === "/verify") return this.#verify(url);
    if (req.method === "GET" && url.pathname === "/federation/credentials") {
      return this.#record("GetRoleCredentials", Object.fromEntries(url.searchParams), req);
    }
    const routes: Record<string, string> = {
      "/client/register": "RegisterClient",
      "/device_authorization": "StartDeviceAuthorization",
      "/token": "CreateToken",
    };
    const op = routes[url.pathname];
    if (req.method !== "POST" || !op) return json({ message: "not found" }, 404);
    let input: Record<string, unknown>;
    try {
      input = await req.json();
    } catch {
      return oidcError("InvalidRequestException", "invalid_request");
    }
    return this.#record(op, input, req);
  }

  #record(op: string, input: Record<string, unknown>, req: Request): Response {
    const bearer = req.headers.get("x-amz-sso_bearer_token") ?? undefined;
    const outage = op !== "GetRoleCredentials" && this.#oidcFailures > 0;
    if (outage) this.#oidcFailures--;
    const res = outage
      ? oidcError("InternalServerException", "server_error", 500)
      : op === "RegisterClient"
      ? this.#register(input)
      : op === "StartDeviceAuthorization"
      ? this.#start(input)
      : op === "CreateToken"
      ? this.#createToken(input)
      : this.#roleCredentials(input, bearer);
    const error = res.headers.get("x-amzn-errortype")?.split(":")[0];
    this.calls.push({ op, input, ...(bearer ? { bearer } : {}), ...(error ? { error } : {}) });
    return res;
  }

  #verify(url: URL): Response {
    const code = url.searchParams.get("user_code");
    const device = [...this.#devices.values()].find((d) => d.userCode === code);
    if (!device) return new Response("unknown code", { status: 404 });
    device.approved = true;
    return new Response("Request approved", { status: 200 });
  }

  #client(input: Record<string, unknown>): { scopes: string[] } | undefined {
    const client = this.#clients.get(String(input.clientId));
    return client && client.secret === input.clientSecret ? client : undefined;
  }

  #register(input: Record<string, unknown>): Response {
    if (typeof input.clientName !== "string" || input.clientType !== "public") {
      return oidcError("InvalidRequestException", "invalid_request");
    }
    const clientId = random("client-");
    const clientSecret = random("secret-");
    const scopes = Array.isArray(input.scopes) ? input.scopes.map(String) : [];
    this.#clients.set(clientId, { secret: clientSecret, scopes });
    const now = Math.floor(this.#now() / 1000);
    return json({
      clientId,
      clientSecret,
      clientIdIssuedAt: now,
      clientSecretExpiresAt: now + 90 * 86400,
    });
  }

  #start(input: Record<string, unknown>): Response {
    if (!this.#client(input)) return oidcError("InvalidClientException", "invalid_client", 401);
    if (typeof input.startUrl !== "string") {
      return oidcError("InvalidRequestException", "invalid_request");
    }
    const deviceCode = random("device-");
    const userCode = `${random("").slice(0, 4)}-${random("").slice(0, 4)}`.toUpperCase();
    const { deviceCodeSeconds, intervalSeconds } = this.#opts;
    this.#devices.set(deviceCode, {
      clientId: String(input.clientId),
      userCode,
      expiresAt: this.#now() + deviceCodeSeconds * 1000,
      approved: false,
      denied: false,
      intervalMs: intervalSeconds * 1000,
    });
    return json({
      deviceCode,
      userCode,
      verificationUri: `${this.url}/verify`,
      verificationUriComplete: `${this.url}/verify?user_code=${userCode}`,
      expiresIn: deviceCodeSeconds,
      interval: intervalSeconds,
    });
  }

  #issue(clientId: string): Response {
    const accessToken = random("access-");
    this.#tokens.set(accessToken, {
      expiresAt: this.#now() + this.#opts.tokenSeconds * 1000,
      revoked: false,
    });
    const scopes = this.#clients.get(clientId)?.scopes ?? [];
    const body: Record<string, unknown> = {
      accessToken,
      tokenType: "Bearer",
      expiresIn: this.#opts.tokenSeconds,
    };
    if (scopes.includes("sso:account:access")) {
      const refreshToken = random("refresh-");
      this.#refreshTokens.set(refreshToken, clientId);
      body.refreshToken = refreshToken;
    }
    return json(body);
  }

  #createToken(input: Record<string, unknown>): Response {
    if (!this.#client(input)) return oidcError("InvalidClientException", "invalid_client", 401);
    const clientId = String(input.clientId);
    if (input.grantType === "refresh_token") {
      const owner = this.#refreshTokens.get(String(input.refreshToken));
      if (this.#rejectRefresh || owner !== clientId) {
        return oidcError("InvalidGrantException", "invalid_grant");
      }
      // Good once: the answer carries the next one.
      this.#refreshTokens.delete(String(input.refreshToken));
      return this.#issue(clientId);
    }
    if (input.grantType !== "urn:ietf:params:oauth:grant-type:device_code") {
      return oidcError("UnsupportedGrantTypeException", "unsupported_grant_type");
    }
    const device = this.#devices.get(String(input.deviceCode));
    if (!device || device.clientId !== clientId) {
      return oidcError("InvalidGrantException", "invalid_grant");
    }
    const now = this.#now();
    if (now >= device.expiresAt) return oidcError("ExpiredTokenException", "expired_token");
    const early = this.#opts.enforceInterval && device.lastPoll !== undefined &&
      now - device.lastPoll < device.intervalMs - 250;
    device.lastPoll = now;
    if (this.#slowDowns > 0 || early) {
      if (this.#slowDowns > 0) this.#slowDowns--;
      device.intervalMs += 5000;
      return oidcError("SlowDownException", "slow_down");
    }
    if (device.denied) return oidcError("AccessDeniedException", "access_denied");
    if (!device.approved) {
      return oidcError("AuthorizationPendingException", "authorization_pending");
    }
    this.#devices.delete(String(input.deviceCode));
    return this.#issue(clientId);
  }

  #roleCredentials(input: Record<string, unknown>, bearer: string | undefined): Response {
    const failure = this.#portalFailures.shift();
    if (failure) {
      return json({ message: `${failure.type} from the fake` }, failure.status, failure.type);
    }
    const grant = bearer ? this.#tokens.get(bearer) : undefined;
    if (!grant || grant.revoked || this.#now() >= grant.expiresAt) {
      return json({ message: "Session token not found or invalid" }, 401, "UnauthorizedException");
    }
    if (!input.role_name || !input.account_id) {
      return json({ message: "Missing role_name or account_id" }, 400, "InvalidRequestException");
    }
    return json({
      roleCredentials: {
        accessKeyId: `ASIA${random("").slice(0, 16).toUpperCase()}`,
        secretAccessKey: random("role-secret-"),
        sessionToken: random("role-session-"),
        expiration: this.#now() + this.#opts.roleCredentialSeconds * 1000,
      },
    });
  }
}
