/**
 * Config files that are endless or huge: the CLI fails fast with a one-line
 * error naming the file, in bounded memory, or reads a huge line quickly.
 *
 * @module
 */

import { assert, assertEquals } from "../helpers/assert.ts";
import { cliCommandLine, type CliSandbox, sandboxTest } from "../helpers/cli.ts";

/** Generous bounds for a loaded 2-core machine; the faults they catch take minutes and gigabytes. */
const WALL_LIMIT_MS = 30_000;
const RSS_LIMIT_KB = 1024 * 1024;

interface BoundedRun {
  code: number;
  stdout: string;
  stderr: string;
  peakRssKb: number;
}

/** The resident set size of process `pid` in KiB, or 0 once it has gone. */
function rssKb(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/**
 * Runs the CLI and samples its memory while it runs; kills it and fails the
 * test when it outgrows RSS_LIMIT_KB or WALL_LIMIT_MS.
 */
async function runBounded(
  s: CliSandbox,
  args: string[],
  env: Record<string, string>,
): Promise<BoundedRun> {
  const [program, ...programArgs] = cliCommandLine();
  const child = new Deno.Command(program, {
    args: [...programArgs, ...args],
    env: s.envWith(env),
    clearEnv: true,
    cwd: s.root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const started = Date.now();
  let peakRssKb = 0;
  let exceeded = "";
  const sampler = setInterval(() => {
    peakRssKb = Math.max(peakRssKb, rssKb(child.pid));
    if (peakRssKb > RSS_LIMIT_KB) exceeded = `resident memory reached ${peakRssKb} KiB`;
    else if (Date.now() - started > WALL_LIMIT_MS) {
      exceeded = `still running after ${WALL_LIMIT_MS} ms`;
    }
    if (exceeded !== "") child.kill("SIGKILL");
  }, 20);
  try {
    const out = await child.output();
    assert(exceeded === "", `aws-vault ${args.join(" ")}: ${exceeded}`);
    const decoder = new TextDecoder();
    return {
      code: out.code,
      stdout: decoder.decode(out.stdout),
      stderr: decoder.decode(out.stderr),
      peakRssKb,
    };
  } finally {
    clearInterval(sampler);
  }
}

sandboxTest(
  "an endless config file (/dev/zero) is a one-line error naming it, in bounded memory",
  async (s) => {
    const r = await runBounded(s, ["list"], { AWS_CONFIG_FILE: "/dev/zero" });
    assertEquals(r.code, 1);
    assertEquals(r.stderr, 'aws-vault: error: list: Cannot read "/dev/zero": larger than 16 MiB\n');
  },
);

sandboxTest("a config file over 16 MiB is a one-line error naming it", async (s) => {
  s.writeConfig("[default]\nregion = eu-west-1\n" + "# padding\n".repeat(1_700_000));
  const r = await runBounded(s, ["list"], {});
  assertEquals(r.code, 1);
  assertEquals(
    r.stderr,
    `aws-vault: error: list: Cannot read "${s.configPath}": larger than 16 MiB\n`,
  );
});

sandboxTest(
  "shell completion with an endless config file offers no profiles, in bounded memory",
  async (s) => {
    s.writeConfig("[profile real]\n");
    const normal = await runBounded(s, ["--completion-bash", "exec"], {});
    assertEquals(normal.stdout.split("\n").includes("real"), true, normal.stdout);
    const r = await runBounded(s, ["--completion-bash", "exec"], { AWS_CONFIG_FILE: "/dev/zero" });
    assertEquals(r.code, 0);
    assertEquals(r.stdout.split("\n").includes("real"), false, r.stdout);
  },
);

sandboxTest("a config file with 5 MB lines is read quickly", async (s) => {
  const long = "a".repeat(5_000_000);
  s.writeConfig(`[profile ${long}]\nregion = ${long}\n[profile short]\nregion = ${long}\n`);
  const r = await runBounded(s, ["list", "--profiles"], {});
  assertEquals(r.stderr, "");
  assertEquals(r.code, 0);
  assertEquals(r.stdout, `${long}\nshort\n`);
});
