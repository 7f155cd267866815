/**
 * A real `aws-vault add` process held mid-write (see `stall_key_writes.ts`): its
 * temporary key file is complete on disk and not yet renamed. Tests kill it with
 * SIGKILL to leave what a killed writer leaves, or keep it alive as a live writer.
 *
 * @module
 */

import type { CliSandbox } from "./cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A CLI process stopped inside its key write. */
export interface StalledWriter {
  /** The process id (the one in the temporary file's name). */
  pid: number;
  /** The temporary file's name in the key directory. */
  tempName: string;
  /** Kills the process with SIGKILL and waits until it is gone. */
  kill(): Promise<void>;
}

/** Starts `add --env <profile>` and resolves once its key write has stalled. */
export async function startStalledAdd(
  sandbox: CliSandbox,
  profile: string,
  keys: { accessKeyId: string; secretAccessKey: string },
): Promise<StalledWriter> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      "--config",
      ROOT + "deno.json",
      "--preload",
      ROOT + "tests/helpers/stall_key_writes.ts",
      ROOT + "main.ts",
      "add",
      "--env",
      "--no-add-config",
      profile,
    ],
    env: sandbox.envWith({
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
    }),
    clearEnv: true,
    cwd: sandbox.root,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const kill = async () => {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await child.status;
  };
  let text = "";
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!/^stalled .*\n/m.test(text)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the writer ended before stalling: ${text}`);
      text += value;
    }
  } catch (error) {
    await kill();
    throw error;
  }
  await reader.cancel();
  const path = /^stalled (.*)$/m.exec(text)![1];
  return { pid: child.pid, tempName: path.slice(path.lastIndexOf("/") + 1), kill };
}
