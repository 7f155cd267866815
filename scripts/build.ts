/**
 * Builds one `deno compile` binary per platform into dist/:
 * `deno task compile` (all targets) or `deno task compile <target>...`.
 * Needs network access to Deno's download site for each target's runtime base.
 *
 * What is compiled is the one-file bundle of the program (`scripts/bundle`, written to
 * dist/aws-vault.js), not main.ts with its ~100 modules: one module starts faster. The AWS
 * SDK packages, which the program imports by a bare name held in a variable (so that start-up
 * never resolves them, see src/aws/aws_call.ts), are embedded with `--include`, one for each
 * npm package deno.json maps. The binary
 * runs V8 with `--no-lazy`, so the code cache it writes after its first run holds every
 * function and later starts compile nothing (measured in scripts/bench.ts).
 *
 * @module
 */

const TARGETS: Record<string, string> = {
  "x86_64-unknown-linux-gnu": "aws-vault-linux-x64",
  "aarch64-unknown-linux-gnu": "aws-vault-linux-arm64",
  "x86_64-apple-darwin": "aws-vault-darwin-x64",
  "aarch64-apple-darwin": "aws-vault-darwin-arm64",
  "x86_64-pc-windows-msvc": "aws-vault-windows-x64.exe",
  "aarch64-pc-windows-msvc": "aws-vault-windows-arm64.exe",
};

const root = new URL("../", import.meta.url).pathname;
const imports: Record<string, string> =
  JSON.parse(await Deno.readTextFile(`${root}deno.json`)).imports ?? {};
const includes = Object.values(imports).filter((s) => s.startsWith("npm:"))
  .flatMap((s) => ["--include", s]);
const wanted = Deno.args.length > 0 ? Deno.args : Object.keys(TARGETS);
const bundle = `${root}dist/aws-vault.js`;
const bundled = await new Deno.Command(`${root}scripts/bundle`, {
  args: [bundle],
  env: { DENO: Deno.execPath() },
  stdout: "inherit",
  stderr: "inherit",
}).spawn().status;
if (!bundled.success) {
  console.error("Bundling the program failed");
  Deno.exit(1);
}
let failed = 0;
for (const target of wanted) {
  const out = TARGETS[target];
  if (!out) {
    console.error(`Unknown target "${target}": expected one of ${Object.keys(TARGETS).join(", ")}`);
    Deno.exit(2);
  }
  const args = [
    "compile",
    "--allow-all",
    "--no-prompt",
    "--v8-flags=--no-lazy",
    "--config",
    `${root}deno.json`,
    ...includes,
    "--target",
    target,
    "--output",
    `${root}dist/${out}`,
    bundle,
  ];
  console.error(`Building ${out} (${target})`);
  const status = await new Deno.Command(Deno.execPath(), {
    args,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn()
    .status;
  if (!status.success) failed++;
}
Deno.exit(failed === 0 ? 0 : 1);
