/**
 * A helper of ours that outlives us (`aws-vault agent`): started in a session of
 * its own, handed a secret on standard input, and heard from once, on the first
 * line of its standard output, before we leave it running.
 *
 * @module
 */

/** Options of {@linkcode startDetached}. */
export interface StartDetachedOptions {
  args: string[];
  /** The child's whole environment. */
  env: Record<string, string>;
  /** Written to the child's standard input, which is then closed. */
  input: string;
}

/** The first line the child wrote (without its newline; "" when it wrote none) and its pid. */
export interface DetachedStart {
  pid: number;
  firstLine: string;
}

/** Starts `cmd` detached, hands it `input`, and waits for its first line of output. */
export async function startDetached(
  cmd: string,
  options: StartDetachedOptions,
): Promise<DetachedStart> {
  const child = new Deno.Command(cmd, {
    args: options.args,
    env: options.env,
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    detached: true,
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(options.input));
  await writer.close();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { done, value } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel().catch(() => {});
  child.unref();
  return { pid: child.pid, firstLine: text.split("\n")[0] };
}

/** Reads all of standard input as text. */
export async function readAllStdin(): Promise<string> {
  return await new Response(Deno.stdin.readable).text();
}

/** Writes one line to standard output, then closes standard input, output and error. */
export async function reportAndDetach(line: string): Promise<void> {
  try {
    const bytes = new TextEncoder().encode(line + "\n");
    let rest = bytes;
    while (rest.length > 0) rest = rest.subarray(await Deno.stdout.write(rest));
  } catch {
    // whoever started us has gone; nobody is left to tell
  }
  for (const stream of [Deno.stdin, Deno.stdout, Deno.stderr]) {
    try {
      stream.close();
    } catch {
      // already closed
    }
  }
}

/** Ignores hang-ups and calls `onStop` on SIGTERM or SIGINT. */
export function onStopSignals(onStop: () => void): void {
  Deno.addSignalListener("SIGHUP", () => {});
  for (const signal of ["SIGTERM", "SIGINT"] as const) Deno.addSignalListener(signal, onStop);
}

/** This process's id. */
export function ownPid(): number {
  return Deno.pid;
}
