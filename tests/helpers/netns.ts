/**
 * Tests that change network interfaces (the 169.254.169.254 loopback alias)
 * or listen on privileged addresses run inside a private network namespace,
 * never on the host's interfaces: `unshare --net`, loopback brought up, then
 * `deno test` on a file of tests written for the inside (named without
 * `_test` so that the suite does not pick it up on the host). Moto and every
 * other server such a file needs are started inside, from that file.
 *
 * Entering a network namespace needs root: as root it is entered directly,
 * otherwise through `sudo -n` when sudo asks no password (CI machines), else
 * with a user namespace (`unshare --map-root-user`) where the kernel allows it.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url).pathname;
const MARK = "AWS_VAULT_TEST_NETNS";

/** The outcome of the tests run inside. */
export interface NetnsResult {
  code: number;
  /** Standard output and error of `deno test`, for the failure message. */
  output: string;
}

async function sudoWithoutPassword(): Promise<boolean> {
  try {
    const out = await new Deno.Command("sudo", { args: ["-n", "true"], stderr: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

/** The command line that runs `argv` in a new network namespace whose loopback is up. */
async function inNetns(argv: string[]): Promise<string[]> {
  const body = ["sh", "-c", 'ip link set lo up && exec "$@"', "netns", ...argv];
  if (Deno.uid() === 0) return ["unshare", "--net", ...body];
  if (await sudoWithoutPassword()) {
    return ["sudo", "-n", "--preserve-env", "unshare", "--net", ...body];
  }
  return ["unshare", "--net", "--map-root-user", ...body];
}

/** The environment of the tests inside: ours, without proxies or AWS settings. */
function insideEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(Deno.env.toObject())) {
    if (/^(https?_proxy|all_proxy|no_proxy|AWS_.*)$/i.test(name)) continue;
    env[name] = value;
  }
  // The inside checks that its namespace is not this one.
  const outside = Deno.readLinkSync("/proc/self/ns/net");
  return { ...env, [MARK]: outside, NO_COLOR: "1", RUST_BACKTRACE: "0" };
}

/** Runs `deno test` on `file` (relative to the project root) inside a private network namespace. */
export async function testInNetns(file: string): Promise<NetnsResult> {
  const [cmd, ...args] = await inNetns([
    Deno.execPath(),
    "test",
    "--allow-all",
    "--quiet",
    "--config",
    `${ROOT}deno.json`,
    `${ROOT}${file}`,
  ]);
  const out = await new Deno.Command(cmd, {
    args,
    env: insideEnv(),
    clearEnv: true,
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, output: dec.decode(out.stdout) + dec.decode(out.stderr) };
}

/**
 * Throws unless this process runs in a network namespace of its own, started
 * by {@linkcode testInNetns}: the files of tests for the inside call it first.
 */
export function assertPrivateNetns(): void {
  const outside = Deno.env.get(MARK);
  if (!outside || Deno.readLinkSync("/proc/self/ns/net") === outside) {
    throw new Error("these tests change network interfaces: run them through testInNetns()");
  }
}

/** Waits until `condition()` holds, checking every 20 ms; throws after `ms` milliseconds. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
