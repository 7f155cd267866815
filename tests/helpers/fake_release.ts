/**
 * A fake GitHub release for tests of scripts/install.sh: a local HTTP server holding release
 * files at `/releases/<tag>/<name>` and the GitHub API's latest-release answer at
 * `/api/repos/<repo>/releases/latest`, recording the paths it was asked for; and a directory
 * of chosen tools (links to real ones, or small stand-in scripts) to be the script's whole PATH.
 *
 * @module
 */

/** The repository the tests pretend releases come from. */
export const REPO = "example/aws-vault-deno";

/** A stand-in release binary: a shell script printing `version` for `--version`. */
export function standInBinary(version: string, code = 0): Uint8Array {
  return new TextEncoder().encode(`#!/bin/sh\necho "${version}" >&2\nexit ${code}\n`);
}

/** The hex SHA-256 of `data`. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(data)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A local server of release files. */
export class FakeReleaseServer {
  /** Files by URL path, e.g. `/releases/v1/SHA256SUMS`. */
  readonly files = new Map<string, Uint8Array>();
  /** Every path asked for, in order. */
  readonly requested: string[] = [];
  /** The `tag_name` the latest-release API answers with (undefined: 404). */
  latest: string | undefined;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;

  constructor() {
    this.#server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen: () => {} },
      (req) => this.#answer(req),
    );
  }

  /** The base for AWS_VAULT_RELEASES_URL. */
  get releasesUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}/releases`;
  }

  /** The base for AWS_VAULT_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.#server.addr.port}/api`;
  }

  /** Publishes `assets` under `tag`, with a SHA256SUMS over them unless `sums` replaces it. */
  async publish(
    tag: string,
    assets: Record<string, Uint8Array>,
    sums?: string | null,
  ): Promise<void> {
    const lines = [];
    for (const [name, data] of Object.entries(assets)) {
      this.files.set(`/releases/${tag}/${name}`, data);
      lines.push(`${await sha256Hex(data)}  ${name}\n`);
    }
    const text = sums === undefined ? lines.join("") : sums;
    if (text !== null) {
      this.files.set(`/releases/${tag}/SHA256SUMS`, new TextEncoder().encode(text));
    }
  }

  #answer(req: Request): Response {
    const path = new URL(req.url).pathname;
    this.requested.push(path);
    if (path === `/api/repos/${REPO}/releases/latest` && this.latest !== undefined) {
      return Response.json({ url: "x", tag_name: this.latest, name: this.latest, assets: [] });
    }
    const file = this.files.get(path);
    return file ? new Response(new Uint8Array(file)) : new Response("Not Found", { status: 404 });
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await this.#server.shutdown();
  }
}

/** Where a program is on the test process's PATH (throws when it is not there). */
export function which(name: string): string {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    try {
      if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
    } catch {
      // not in this directory
    }
  }
  throw new Error(`"${name}" is not on PATH: the install script tests need it`);
}

/**
 * Fills `dir` with links to the named real tools (`{ name: "busybox" }` links `name` to
 * busybox, which runs the applet of its link's name) and stand-in scripts (`{ name: script }`
 * with a script body), for use as the whole PATH of a run.
 */
export function toolDir(
  dir: string,
  tools: readonly string[],
  options: { via?: string; scripts?: Record<string, string> } = {},
): string {
  Deno.mkdirSync(dir, { recursive: true });
  const scripts = options.scripts ?? {};
  // A stand-in replaces the tool of its name; it is a new file, never written through a link.
  for (const name of tools.filter((t) => !(t in scripts))) {
    Deno.symlinkSync(which(options.via ?? name), `${dir}/${name}`);
  }
  for (const [name, body] of Object.entries(scripts)) {
    Deno.writeTextFileSync(`${dir}/${name}`, `#!/bin/sh\n${body}\n`, {
      mode: 0o755,
      createNew: true,
    });
  }
  return dir;
}
