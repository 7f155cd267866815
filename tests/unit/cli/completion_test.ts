import { completionScript } from "../../../src/cli/completion_script.ts";
import { assert, assertEquals, assertStringIncludes } from "../../helpers/assert.ts";
import { parse, SPEC } from "./spec_fixture.ts";

const COMMANDS = ["help", "add", "remove", "list", "exec", "export", "clear"];
const GLOBAL_FLAGS = [
  "--help",
  "--version",
  "--debug",
  "--backend",
  "--prompt",
  "--keychain",
  "--secret-service-collection",
  "--pass-dir",
  "--pass-cmd",
  "--pass-prefix",
  "--file-dir",
];
const EXEC_FLAGS = [
  "--duration",
  "--no-session",
  "--region",
  "--mfa-token",
  "--server",
  "--ec2-server",
  "--ecs-server",
  "--lazy",
  "--stdout",
];

function candidates(words: string[]): readonly string[] {
  const result = parse(["--completion-bash", ...words]);
  assert(result.kind === "completion", `expected completion, got ${result.kind}`);
  return result.candidates;
}

// Each row: the words after `aws-vault` (the last one is being completed), the candidates.
const CASES: [string[], readonly string[]][] = [
  [[], COMMANDS],
  [[""], COMMANDS],
  [["ex"], COMMANDS],
  [["help", "ex"], []],
  [["exec", ""], ["dev", "prod", "dev2"]],
  [["exec", "de"], ["dev", "dev2"]],
  // An exact match counts as given, even when a longer name also matches.
  [["exec", "dev"], []],
  [["exec", "dev2", ""], []],
  [["exec", "prod", ""], []],
  [["rm", ""], ["dev", "prod", "dev2"]],
  [["remove", "d"], ["dev", "dev2"]],
  [["clear", ""], ["dev", "prod", "dev2"]],
  [["add", ""], []],
  [["list", ""], []],
  [["--"], GLOBAL_FLAGS],
  [["--b"], GLOBAL_FLAGS],
  [["exec", "--"], [...EXEC_FLAGS, ...GLOBAL_FLAGS]],
  [["exec", "--reg"], [...EXEC_FLAGS, ...GLOBAL_FLAGS]],
  [["--backend", ""], ["secret-service", "pass", "file"]],
  [["--backend", "pa"], ["secret-service", "pass", "file"]],
  [["--backend", "pass"], COMMANDS],
  [["--backend", "pass", ""], COMMANDS],
  [["exec", "--backend", ""], ["secret-service", "pass", "file"]],
  [["export", "--format", ""], ["env", "export-env", "json", "ini"]],
  [["export", "--format", "json"], ["dev", "prod", "dev2"]],
  [["--debug", ""], COMMANDS],
  [["--prompt", ""], COMMANDS],
  [["exec", "--region", ""], ["dev", "prod", "dev2"]],
  [["exec", "-n", ""], ["dev", "prod", "dev2"]],
  [["exec", "p", "--", "--x"], []],
];

for (const [words, expected] of CASES) {
  Deno.test(`--completion-bash ${JSON.stringify(words)} offers ${JSON.stringify(expected)}`, () => {
    assertEquals(candidates(words), expected);
  });
}

Deno.test("completionScript() prints a bash script that calls --completion-bash and hands off after --", async () => {
  const script = completionScript(SPEC, "bash");
  assertStringIncludes(script, '--completion-bash "${COMP_WORDS[@]:1:COMP_CWORD}"');
  assertStringIncludes(script, "_command_offset");
  assertStringIncludes(script, "complete -F _aws_vault_complete -o default aws-vault\n");
  const check = await new Deno.Command("bash", { args: ["-n", "-c", script] }).output();
  assertEquals([check.code, new TextDecoder().decode(check.stderr)], [0, ""]);
});

Deno.test("completionScript() prints a zsh script that calls --completion-bash and hands off after --", () => {
  const script = completionScript(SPEC, "zsh");
  assert(script.startsWith("#compdef aws-vault\n"));
  assertStringIncludes(script, '--completion-bash "${(@)words[2,CURRENT]}"');
  assertStringIncludes(script, "_normal");
  assertStringIncludes(script, "compdef _aws_vault_complete aws-vault\n");
});
