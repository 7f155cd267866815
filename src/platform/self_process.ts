/**
 * This program as a process: how to start it again (for the privileged
 * `aws-vault proxy` that `exec --ec2-server` starts) and whether it runs as
 * the superuser.
 *
 * @module
 */

/** What decides how this program is started again. */
export interface SelfFacts {
  /** The running executable: the compiled program itself, or the `deno` binary. */
  execPath: string;
  /** The URL of the program's main module (`main.ts` or the bundle for `deno run`). */
  mainModule: string;
  /** True for a `deno compile` binary, which is the whole program. */
  standalone: boolean;
  os: string;
}

/** The local path of a `file:` URL (other URLs are returned as they are). */
function localPath(url: string, os: string): string {
  if (!url.startsWith("file:")) return url;
  const path = decodeURIComponent(new URL(url).pathname);
  // file:///C:/dir/main.ts names C:\dir\main.ts on Windows.
  return os === "windows" ? path.replace(/^\/([A-Za-z]:)/, "$1").replaceAll("/", "\\") : path;
}

/**
 * The command line that starts this program again, without its arguments:
 * a compiled binary runs itself; under `deno run` the same Deno runs the same
 * main module, with every permission, no prompts and no configuration file
 * (the one found from the working directory could be another project's; the
 * program needs none for what it starts this way).
 */
export function selfCommandLine(facts: SelfFacts): string[] {
  if (facts.standalone) return [facts.execPath];
  return [
    facts.execPath,
    "run",
    "--allow-all",
    "--no-prompt",
    "--quiet",
    "--no-config",
    localPath(facts.mainModule, facts.os),
  ];
}

/** {@linkcode selfCommandLine} for the running process. */
export function selfCommand(): string[] {
  return selfCommandLine({
    execPath: Deno.execPath(),
    mainModule: Deno.mainModule,
    standalone: Deno.build.standalone,
    os: Deno.build.os,
  });
}

/** Whether this process runs as root (never on Windows, which has no user id 0). */
export function isSuperuser(): boolean {
  return Deno.build.os !== "windows" && Deno.uid() === 0;
}
