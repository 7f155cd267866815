/**
 * Builds one `deno compile` binary per platform into dist/:
 * `deno task compile` (all targets) or `deno task compile <target>...`.
 * Needs network access to Deno's download site for each target's runtime base.
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
const wanted = Deno.args.length > 0 ? Deno.args : Object.keys(TARGETS);
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
    "--config",
    `${root}deno.json`,
    "--target",
    target,
    "--output",
    `${root}dist/${out}`,
    `${root}main.ts`,
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
