/**
 * Builds one `deno compile` binary per platform into dist/:
 * `deno task compile [--version vX.Y.Z] [--out-dir DIR] [target...]` (all targets when none is
 * named). Needs network access to Deno's download site for each target's runtime base.
 *
 * `--version` is the release's tag, which the binary then prints for `--version` (without it,
 * the development version of src/version.ts). A tag names this project's release together with
 * the aws-vault release it matches, as src/version.ts does (`v7.2.0-deno.0.2.0`): one that does
 * not start with that aws-vault part is refused before anything is built.
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
import { VERSION } from "../src/version.ts";

const TARGETS: Record<string, string> = {
  "x86_64-unknown-linux-gnu": "aws-vault-linux-x64",
  "aarch64-unknown-linux-gnu": "aws-vault-linux-arm64",
  "x86_64-apple-darwin": "aws-vault-darwin-x64",
  "aarch64-apple-darwin": "aws-vault-darwin-arm64",
  "x86_64-pc-windows-msvc": "aws-vault-windows-x64.exe",
  "aarch64-pc-windows-msvc": "aws-vault-windows-arm64.exe",
};

/** What every release version starts with: the aws-vault part of the development version. */
const RELEASE_PREFIX = VERSION.slice(0, VERSION.indexOf("-deno.") + "-deno.".length);

function usage(message: string): never {
  console.error(message);
  Deno.exit(2);
}

/** The command line: `--version V`, `--out-dir DIR`, then targets. */
function parseArgs(args: readonly string[]) {
  let version: string | undefined;
  let outDir: string | undefined;
  const targets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--version" || arg === "--out-dir") {
      const value = args[++i];
      if (value === undefined) usage(`${arg} needs a value`);
      if (arg === "--version") version = value;
      else outDir = value.replace(/\/+$/, "") || "/";
    } else if (arg.startsWith("-")) {
      usage(`Unknown option "${arg}": expected --version or --out-dir`);
    } else {
      targets.push(arg);
    }
  }
  const release = new RegExp(`^${RELEASE_PREFIX.replaceAll(".", "\\.")}\\d+\\.\\d+\\.\\d+$`);
  if (version !== undefined && !release.test(version)) {
    usage(`Invalid release version "${version}": expected ${RELEASE_PREFIX}X.Y.Z`);
  }
  for (const target of targets) {
    if (!TARGETS[target]) {
      usage(`Unknown target "${target}": expected one of ${Object.keys(TARGETS).join(", ")}`);
    }
  }
  return { version, outDir, targets };
}

const root = new URL("../", import.meta.url).pathname;
const options = parseArgs(Deno.args);
const dist = options.outDir ?? `${root}dist`;
const imports: Record<string, string> =
  JSON.parse(await Deno.readTextFile(`${root}deno.json`)).imports ?? {};
const sdkIncludes = Object.entries(imports)
  .filter(([name, target]) => name.startsWith("@aws-sdk/") && target.startsWith("npm:"))
  .flatMap(([, target]) => ["--include", target]);
const wanted = options.targets.length > 0 ? options.targets : Object.keys(TARGETS);
const bundle = `${dist}/aws-vault.js`;
const bundled = await new Deno.Command(`${root}scripts/bundle`, {
  args: options.version ? [bundle, options.version] : [bundle],
  env: { DENO: Deno.execPath() },
  stdout: "inherit",
  stderr: "inherit",
}).spawn().status;
if (!bundled.success) {
  console.error("Bundling the program failed");
  Deno.exit(1);
}
const coldFiles: string[] = [];
for await (const entry of Deno.readDir(dist)) {
  if (/^aws-vault\.cold-[0-9a-f]+\.js$/.test(entry.name)) {
    coldFiles.push(`${dist}/${entry.name}`);
  }
}
if (coldFiles.length !== 1) {
  console.error(
    `Expected one aws-vault.cold-<hash>.js in ${dist} after bundling, found ${coldFiles.length}`,
  );
  Deno.exit(1);
}
const includes = [...sdkIncludes, "--include", coldFiles[0]];
let failed = 0;
for (const target of wanted) {
  const out = TARGETS[target];
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
    `${dist}/${out}`,
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
