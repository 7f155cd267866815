/**
 * `exec --ec2-server`: the metadata server on 127.0.0.1:9099 and the
 * privileged proxy on 169.254.169.254:80, started before the command runs
 * and stopped after it ends. As in aws-vault, it refuses to start when
 * something already answers on 169.254.169.254:80, and starts the proxy with
 * `sudo -b <this program> proxy` (directly when already root, as in
 * containers and CI; directly on Windows). Unlike aws-vault, it waits until
 * the proxy answers before the command starts.
 *
 * `exec` owns the rest: it shows {@linkcode EC2_SERVER_WARNING} first, keeps
 * the credentials in memory and fetches them before the command starts.
 *
 * @module
 */

import { AwsVaultError, messageOf } from "../errors.ts";
import { type BackgroundProcess, startBackground } from "../platform/background_process.ts";
import { startDeadline } from "../platform/deadline.ts";
import type { HttpServer } from "../platform/http_server.ts";
import { isSuperuser, selfCommand } from "../platform/self_process.ts";
import { acceptsTcp } from "../platform/tcp_probe.ts";
import { type Deps, ExecutableNotFoundError, type Logger } from "../platform/types.ts";
import { stopProxy } from "./ec2_proxy.ts";
import { type CredentialSource, startEc2MetadataServer } from "./ec2_server.ts";
import { METADATA_ADDR, METADATA_IP } from "./request_guard.ts";

/** aws-vault's help message before it starts the EC2 servers. */
export const EC2_SERVER_WARNING = "Warning: Starting a local EC2 credential server on " +
  `${METADATA_ADDR}; AWS credentials will be accessible to any process while it is running`;

/** aws-vault's error when the proxy does not come up. */
export const PROXY_NOT_RUNNING =
  "The EC2 Instance Metadata endpoint proxy server isn't running. Run `aws-vault proxy` " +
  "as Administrator or root in the background and then try this command again";

/** How long the proxy may take to answer once started (a `deno run` may compile first). */
const PROXY_START_MS = 30_000;
/** How long the proxy may take to remove the alias and exit once asked to stop. */
const PROXY_EXIT_MS = 10_000;

/** How the proxy is started; the defaults are the real ones. */
export interface ProxyLauncher {
  /** The command line of this program, without arguments. */
  self: string[];
  /** Whether this process is root (then no sudo is needed). */
  superuser: boolean;
  /** Starts a program in the background. */
  spawn: (cmd: string, args: string[]) => BackgroundProcess;
  /** Whether something answers at an address within a time limit. */
  probe: (hostname: string, port: number, timeoutMs: number) => Promise<boolean>;
  /** Asks the proxy to stop. */
  stop: () => Promise<void>;
}

/** What `exec` starts the server with. */
export interface Ec2ServerContext {
  deps: Pick<Deps, "clock" | "os" | "proc">;
  log: Logger;
  /** The resolved profile: its region is the instance identity document's. */
  config: { readonly region?: string };
  /** The profile's credentials, kept in memory and refreshed by `exec`. */
  credentials: CredentialSource;
}

/** Test settings of {@linkcode startEc2CredentialServer}. */
export interface Ec2LaunchOptions {
  /** Replaces parts of how the proxy is started. */
  launcher?: Partial<ProxyLauncher>;
  /** Where the metadata server listens (aws-vault's 9099 by default). */
  port?: number;
}

/** A running credential server for `exec`. */
export interface CredentialServerHandle {
  /** Variables to add to the command's environment (none: SDKs find 169.254.169.254 themselves). */
  env: Record<string, string>;
  /** Stops the proxy and the server. */
  stop(): Promise<void>;
}

function realLauncher(overrides: Partial<ProxyLauncher> = {}): ProxyLauncher {
  return {
    self: overrides.self ?? selfCommand(),
    superuser: overrides.superuser ?? isSuperuser(),
    spawn: overrides.spawn ?? startBackground,
    probe: overrides.probe ?? acceptsTcp,
    stop: overrides.stop ?? (() => stopProxy()),
  };
}

/** Starts `<this program> proxy`: through `sudo -b` unless root or on Windows. */
async function startProxy(
  server: Ec2ServerContext,
  launcher: ProxyLauncher,
): Promise<BackgroundProcess | undefined> {
  const [cmd, ...args] = launcher.self;
  if (server.deps.os !== "windows" && !launcher.superuser) {
    server.log.debug("Starting `aws-vault proxy` as root in the background");
    let code: number;
    try {
      code = await server.deps.proc.runInherited({
        cmd: "sudo",
        args: ["-b", cmd, ...args, "proxy"],
      });
    } catch (error) {
      const reason = error instanceof ExecutableNotFoundError
        ? '"sudo" was not found on PATH'
        : messageOf(error);
      throw new AwsVaultError("SERVER", `Cannot start the EC2 metadata proxy: ${reason}`, {
        cause: error,
      });
    }
    if (code !== 0) {
      throw new AwsVaultError(
        "SERVER",
        `Cannot start the EC2 metadata proxy: sudo exited with status ${code}`,
      );
    }
    return undefined;
  }
  server.log.debug("Starting `aws-vault proxy` in the background");
  return launcher.spawn(cmd, [...args, "proxy"]);
}

/** Waits until the proxy answers; throws when it exits first or does not answer in time. */
async function awaitProxy(
  server: Ec2ServerContext,
  launcher: ProxyLauncher,
  child: BackgroundProcess | undefined,
): Promise<void> {
  let exited: number | undefined;
  child?.status.then((code) => exited = code);
  let late = false;
  const cancel = startDeadline(PROXY_START_MS, () => late = true);
  try {
    while (!(await launcher.probe(METADATA_IP, 80, 100))) {
      if (exited !== undefined) {
        server.log.debug(`aws-vault proxy exited with status ${exited}`);
        throw new AwsVaultError("SERVER", PROXY_NOT_RUNNING);
      }
      if (late) throw new AwsVaultError("SERVER", PROXY_NOT_RUNNING);
      await server.deps.clock.sleep(50);
    }
  } finally {
    cancel();
  }
}

/** Asks the proxy to stop and, when it is our child, waits for it to exit (killing it if it hangs). */
async function endProxy(launcher: ProxyLauncher, child: BackgroundProcess | undefined) {
  await launcher.stop();
  if (!child) return;
  const exited = await new Promise<boolean>((resolve) => {
    const cancel = startDeadline(PROXY_EXIT_MS, () => resolve(false));
    child.status.then(() => {
      cancel();
      resolve(true);
    });
  });
  if (!exited) {
    // SIGTERM makes the proxy remove the alias before it exits.
    child.kill("SIGTERM");
    await child.status;
  }
}

/**
 * Starts the EC2 metadata server and its proxy for `exec --ec2-server`;
 * `stop()` on the handle stops both. Throws when something already answers
 * on 169.254.169.254:80, when 127.0.0.1:9099 is taken, or when the proxy
 * does not come up.
 */
export async function startEc2CredentialServer(
  server: Ec2ServerContext,
  options: Ec2LaunchOptions = {},
): Promise<CredentialServerHandle> {
  const launcher = realLauncher(options.launcher);
  if (await launcher.probe(METADATA_IP, 80, 10)) {
    throw new AwsVaultError("SERVER", `Another process is already bound to ${METADATA_ADDR}`);
  }
  let metadata: HttpServer;
  try {
    metadata = await startEc2MetadataServer({
      credentials: server.credentials,
      region: server.config.region ?? "",
      clock: server.deps.clock,
      log: server.log,
      port: options.port,
    });
  } catch (error) {
    throw new AwsVaultError("SERVER", `Failed to start credential server: ${messageOf(error)}`, {
      cause: error,
    });
  }
  let child: BackgroundProcess | undefined;
  try {
    child = await startProxy(server, launcher);
    await awaitProxy(server, launcher, child);
  } catch (error) {
    await endProxy(launcher, child);
    await metadata.close();
    throw error;
  }
  return {
    env: {},
    stop: async () => {
      await endProxy(launcher, child);
      await metadata.close();
    },
  };
}
