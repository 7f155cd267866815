import { completionScript } from "../../../src/cli/completion_script.ts";
import { assert, assertEquals, assertStringIncludes } from "../../helpers/assert.ts";
import { parse, SPEC } from "./spec_fixture.ts";
import { COMPLETIONS } from "./parser_tables.ts";

function candidates(words: string[]): readonly string[] {
  const result = parse(["--completion-bash", ...words]);
  assert(result.kind === "completion", `expected completion, got ${result.kind}`);
  return result.candidates;
}

for (const [words, expected] of COMPLETIONS) {
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
