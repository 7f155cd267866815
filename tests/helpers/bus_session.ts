/**
 * The keystore harnesses that hold a private D-Bus session in serve mode
 * (tests/helpers/keyring_session.sh, tests/helpers/kwallet_session.sh): started,
 * waited for (`READY <bus address> ...` or `FAILED <reason>` on stdout, with a
 * deadline), and stopped by closing their stdin.
 */

const KEYRING_SESSION = new URL("./keyring_session.sh", import.meta.url).pathname;
const KWALLET_SESSION = new URL("./kwallet_session.sh", import.meta.url).pathname;
/** What keyring_session.sh runs inside its session: say READY, then wait for stdin to close. */
const KEYRING_SERVE =
  'printf "READY %s %s\\n" "$DBUS_SESSION_BUS_ADDRESS" "$KEYRING_SESSION_ROOT"; exec cat >/dev/null';

/** A harness that printed `READY <bus address> ...` and holds its session until stopped. */
export interface BusSession {
  /** The session bus address (for DBUS_SESSION_BUS_ADDRESS). */
  readonly address: string;
  /** The words of the READY line after the address. */
  readonly words: string[];
  /**
   * Ends the session: closes the harness's stdin and reads the rest of its output.
   * Throws when the harness does not exit 0 (with what it printed on stderr).
   */
  stop(): Promise<void>;
}

/** A gnome-keyring session (keyring_session.sh): the login keyring is unlocked. */
export interface KeyringSession extends BusSession {
  /** The harness's temporary directory (gnome-keyring's files are in `data/keyrings`). */
  readonly root: string;
}

/**
 * Starts `cmd args`, a harness that prints `READY <bus address> ...` once its session
 * is up (or `FAILED <reason>`), and waits at most `timeoutMs` for that line.
 * Throws when the harness fails, ends or times out before it is ready.
 */
export async function startBusSession(
  cmd: string,
  args: string[] = [],
  timeoutMs = 30_000,
): Promise<BusSession> {
  const name = cmd.split("/").pop();
  const child = new Deno.Command(cmd, { args, stdin: "piped", stdout: "piped", stderr: "piped" })
    .spawn();
  const stderr = new Response(child.stderr).text();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  const end = async () => {
    await child.stdin.close().catch(() => {});
    while (!(await reader.read()).done) { /* drain */ }
    return { code: (await child.status).code, stderr: await stderr };
  };
  let text = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${name} was not ready within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    while (!/^(READY|FAILED).*\n/m.test(text)) {
      const { value, done } = await Promise.race([reader.read(), deadline]);
      if (done) break;
      text += value;
    }
  } catch (error) {
    await child.stdin.close().catch(() => {});
    try {
      child.kill("SIGKILL");
    } catch { /* it has ended already */ }
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
  const ready = /^READY (\S+)(.*)$/m.exec(text);
  if (!ready) {
    const ended = await end();
    const detail = ended.stderr.trim() === "" ? "" : ` (stderr: ${ended.stderr.trim()})`;
    throw new Error(`${name} did not start: ${text.trim() || "no output"}${detail}`);
  }
  return {
    address: ready[1],
    words: ready[2].split(" ").filter((w) => w !== ""),
    async stop() {
      const ended = await end();
      if (ended.code !== 0) {
        throw new Error(`${name} ended with status ${ended.code}: ${ended.stderr}`);
      }
    },
  };
}

/** Starts keyring_session.sh in serve mode: gnome-keyring on a fresh private bus. */
export async function startKeyringSession(): Promise<KeyringSession> {
  const session = await startBusSession(KEYRING_SESSION, ["sh", "-c", KEYRING_SERVE]);
  return { ...session, root: session.words[0] };
}

/** Starts kwallet_session.sh in serve mode: kwalletd5 with the wallet "aws-vault" open. */
export function startKWalletSession(): Promise<BusSession> {
  return startBusSession(KWALLET_SESSION);
}

/** Runs `fn` with a session from `start`, then stops the session (even when `fn` fails). */
export async function withBusSession<S extends BusSession>(
  start: () => Promise<S>,
  fn: (session: S) => Promise<void>,
): Promise<void> {
  const session = await start();
  try {
    await fn(session);
  } finally {
    await session.stop();
  }
}
