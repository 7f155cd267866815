/**
 * The completion scripts in the shells themselves: `--completion-script-fish`
 * loaded into fish and `--completion-script-bash` into bash, both asking the
 * program (an `aws-vault` on PATH running main.ts) for candidates.
 */

import { assertEquals } from "../helpers/assert.ts";
import { type CliSandbox, sandboxTest } from "../helpers/cli.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Puts an `aws-vault` on PATH that runs main.ts; returns the environment to use. */
function withProgramOnPath(s: CliSandbox): Record<string, string> {
  const bin = `${s.root}/bin`;
  Deno.mkdirSync(bin, { recursive: true });
  Deno.writeTextFileSync(
    `${bin}/aws-vault`,
    `#!/bin/sh\nexec "${Deno.execPath()}" run -A --quiet --config "${ROOT}deno.json" ` +
      `"${ROOT}main.ts" "$@"\n`,
    { mode: 0o755 },
  );
  const env = s.envWith();
  return { ...env, PATH: `${bin}:${env.PATH ?? "/usr/bin:/bin"}` };
}

async function shell(
  command: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<string> {
  const out = await new Deno.Command(command, { args, env, clearEnv: true, cwd, stdin: "null" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  assertEquals(out.code, 0, new TextDecoder().decode(out.stderr));
  return text;
}

sandboxTest(
  "fish: the script completes commands, profiles, flags, subcommands and the wrapped command",
  async (s) => {
    s.writeConfig("[profile dev]\n\n[profile prod]\n");
    const env = withProgramOnPath(s);
    const script = `${s.root}/aws-vault.fish`;
    Deno.writeTextFileSync(
      script,
      await shell("aws-vault", ["--completion-script-fish"], env, s.root),
    );
    const complete = async (line: string) => {
      const out = await shell(
        "fish",
        ["--no-config", "-c", `source ${script}; complete -C ${JSON.stringify(line)}`],
        env,
        s.root,
      );
      // fish prints "candidate<TAB>description" lines.
      return out.split("\n").filter((l) => l !== "").map((l) => l.split("\t")[0]);
    };
    const commands = await complete("aws-vault ");
    for (const name of ["add", "exec", "export", "list", "agent", "plan"]) {
      assertEquals(commands.includes(name), true, `${name} in ${commands}`);
    }
    assertEquals(await complete("aws-vault ex"), ["exec", "export"]);
    assertEquals(await complete("aws-vault exec "), ["dev", "prod"]);
    assertEquals(await complete("aws-vault --debug exec p"), ["prod"]);
    assertEquals(await complete("aws-vault --backend "), [
      "file",
      "kwallet",
      "pass",
      "secret-service",
    ]);
    assertEquals(await complete("aws-vault agent st"), ["start", "status", "stop"]);
    // After `--`, fish completes the wrapped command line as it would on its own.
    assertEquals((await complete("aws-vault exec dev -- ech")).includes("echo"), true);
    assertEquals(await complete("aws-vault exec dev -- aws-vault ex"), ["exec", "export"]);
  },
);

sandboxTest("bash: the script completes commands and profiles", async (s) => {
  s.writeConfig("[profile dev]\n\n[profile prod]\n");
  const env = withProgramOnPath(s);
  const script = `${s.root}/aws-vault.bash`;
  Deno.writeTextFileSync(
    script,
    await shell("aws-vault", ["--completion-script-bash"], env, s.root),
  );
  const complete = async (...words: string[]) => {
    const program = `source ${script}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); ` +
      `COMP_CWORD=${words.length - 1}; _aws_vault_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = await shell("bash", ["--norc", "-c", program], env, s.root);
    return out.split("\n").filter((l) => l !== "");
  };
  assertEquals(await complete("aws-vault", "ex"), ["exec", "export"]);
  assertEquals(await complete("aws-vault", "exec", ""), ["dev", "prod"]);
  assertEquals(await complete("aws-vault", "--debug", "export", "d"), ["dev"]);
});
