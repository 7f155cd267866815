/**
 * Builds one `deno compile` binary per platform into dist/:
 * `deno task compile` (all targets) or `deno task compile <target>...`.
 * Needs network access to Deno's download site for each target's runtime base.
 *
 * What is compiled is the bundled program (`scripts/bundle`, written to dist/): the start-up
 * file dist/aws-vault.js is the entry, and the file of code loaded on first use
 * (dist/aws-vault.cold-<hash>.js), which the entry imports by a name held in a variable, is
 * embedded with `--include`. Two modules start faster than main.ts with one module per
 * source file. The AWS SDK packages, which the program also imports by a name held in a
 * variable (so that start-up never resolves them, see src/aws/sdk_call.ts), are embedded
 * with `--include` too, one for each `@aws-sdk/` package deno.json maps (its other entries
 * are build tools). The binary runs V8 with the flags of scripts/v8_flags.ts: with
 * `--no-lazy`, the code cache it writes after its first run holds every function and later
 * starts compile nothing (scripts/bench.ts measures both forms; docs/performance.md has the
 * figures).
 *
 * @module
 */

import { SHIPPED_V8_FLAGS } from "./v8_flags.ts";

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
const sdkIncludes = Object.entries(imports)
  .filter(([name, target]) => name.startsWith("@aws-sdk/") && target.startsWith("npm:"))
  .flatMap(([, target]) => ["--include", target]);
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
const coldFiles: string[] = [];
for await (const entry of Deno.readDir(`${root}dist`)) {
  if (/^aws-vault\.cold-[0-9a-f]+\.js$/.test(entry.name)) {
    coldFiles.push(`${root}dist/${entry.name}`);
  }
}
if (coldFiles.length !== 1) {
  console.error(
    `Expected one dist/aws-vault.cold-<hash>.js after bundling, found ${coldFiles.length}`,
  );
  Deno.exit(1);
}
const includes = [...sdkIncludes, "--include", coldFiles[0]];
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
    `--v8-flags=${SHIPPED_V8_FLAGS}`,
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
