/**
 * Builds the shipped form of the program: `deno run -A scripts/bundle.ts OUT.js`
 * (scripts/bundle wraps it). Writes two minified files next to each other:
 *
 * - `OUT.js`, everything a start needs: main.ts and what it reaches through
 *   static imports, plus the few modules listed in {@linkcode HOT_DYNAMIC};
 * - `OUT.cold-<hash>.js`, every module that the program only reaches through a
 *   dynamic `import()` (the commands that change the vault, help, MFA and its
 *   prompt drivers, every backend but the file).
 *
 * The split is this build's decision, not the product code's: product code says
 * "load this on first use" with a plain `import("./x.ts")`, and this build turns
 * each such import (outside {@linkcode HOT_DYNAMIC}) into a call of a small
 * gateway that imports the cold file, by a name held in a variable (a literal
 * `import()` would make `deno run` load it at every start), and takes the module
 * from the cold file's table. The cold file does not carry its own copies of the
 * modules it shares with the start-up file: `OUT.js` publishes their namespaces
 * under a global symbol before main.ts runs, and the cold file's imports of them
 * read from there. So there is one instance of every module, and `instanceof`
 * on error classes holds across the two files.
 *
 * The cold file's name carries a hash of its content, so a process started from
 * an older `OUT.js` never loads a newer cold file; the build removes older cold
 * files of the same `OUT`. The AWS SDK stays outside both (src/aws/sdk_call.ts
 * imports it by package name).
 *
 * `deno run -A scripts/bundle.ts OUT.js VERSION` makes the bundle print VERSION for
 * `--version` instead of the development version of src/version.ts (a release build passes
 * its tag; scripts/build.ts checks its form).
 *
 * @module
 */

import * as esbuild from "esbuild";
import { relative, resolve } from "node:path";

/**
 * Modules the program imports dynamically that still belong in the start-up
 * file, because a cached credential request takes that path: the encrypted
 * file backend (the default wherever no OS keystore answers).
 */
const HOT_DYNAMIC: readonly string[] = [
  "backends/file.ts",
  "backends/file_passphrase.ts",
  "backends/file_agent.ts",
];

const HOT_MODULES = "aws-vault.hot-modules";
const root = new URL("../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * A dynamic import of a relative module with a literal path, not in a type
 * position (`typeof import("./x.ts")` names a type and stays as it is).
 */
const DYNAMIC_IMPORT = /(?<!typeof\s*)\bimport\(\s*"(\.\.?\/[^"]+)"\s*\)/g;

const [out, version] = Deno.args;
if (!out || !out.endsWith(".js") || Deno.args.length > 2 || version === "") {
  console.error("usage: scripts/bundle.ts OUT.js [VERSION]");
  Deno.exit(2);
}
const slash = out.lastIndexOf("/");
const outDir = slash < 0 ? "." : out.slice(0, slash) || "/";
const base = out.slice(slash + 1, -".js".length);

/** The absolute path a relative import names; undefined for bare names. */
function resolveRelative(dir: string, spec: string): string | undefined {
  return spec.startsWith("./") || spec.startsWith("../") ? resolve(dir, spec) : undefined;
}

/** The PowerShell script that backends/wincred.ts imports as text. */
const textFiles: esbuild.Plugin = {
  name: "text-files",
  setup(build) {
    build.onLoad({ filter: /\.ps1$/ }, async (args) => ({
      contents: await Deno.readTextFile(args.path),
      loader: "text",
    }));
  },
};

/** The module that holds the version string, and the assignment a release build replaces. */
const VERSION_MODULE = `${root}/src/version.ts`;
const VERSION_ASSIGNMENT = /^export const VERSION = "[^"\n]*";$/m;

/** Stamps `version` into src/version.ts as the bundle loads it. */
function versionStamp(version: string): esbuild.Plugin {
  return {
    name: "version",
    setup(build) {
      build.onLoad({ filter: /\/src\/version\.ts$/ }, async (args) => {
        if (args.path !== VERSION_MODULE) return undefined;
        const source = await Deno.readTextFile(args.path);
        if (!VERSION_ASSIGNMENT.test(source)) {
          throw new Error(`src/version.ts has no line 'export const VERSION = "...";' to replace`);
        }
        const line = `export const VERSION = ${JSON.stringify(version)};`;
        return { contents: source.replace(VERSION_ASSIGNMENT, () => line), loader: "ts" };
      });
    },
  };
}

function options(plugins: esbuild.Plugin[]): esbuild.BuildOptions {
  return {
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    target: "esnext",
    write: false,
    metafile: true,
    logLevel: "error",
    external: ["@aws-sdk/*"],
    plugins: [...(version ? [versionStamp(version)] : []), ...plugins, textFiles],
  };
}

/** The gateway through which the start-up file loads a module of the cold file. */
function gatewaySource(coldFile: string): string {
  return [
    "let cold;",
    "export const coldImport = async (name) => {",
    // The URL is made on first use: a process's first `new URL` is not free.
    `  const url = new URL(${JSON.stringify(`./${coldFile}`)}, import.meta.url).href;`,
    "  try {",
    "    cold ??= await import(url);",
    "  } catch (error) {",
    "    throw new Error(`Cannot load ${url}, a part of this program: ${error.message}`);",
    "  }",
    "  return await cold.load(name);",
    "};",
  ].join("\n");
}

/**
 * The start-up file. `coldFile` is the name the gateway imports; `shared` are
 * the modules whose namespaces are published for the cold file. Returns its
 * code, the modules it holds, and the cold modules it imports dynamically.
 */
async function buildHot(coldFile: string, shared: readonly string[]) {
  const coldRoots = new Set<string>();
  const virtual: esbuild.Plugin = {
    name: "hot",
    setup(build) {
      build.onResolve({ filter: /^aws-vault:(entry|publish|gateway)$/ }, (args) => ({
        path: args.path.slice("aws-vault:".length),
        namespace: "aws-vault",
      }));
      build.onLoad({ filter: /.*/, namespace: "aws-vault" }, (args) => {
        if (args.path === "entry") {
          // The namespaces are published before main.ts runs its top-level await.
          return {
            contents: 'import "aws-vault:publish";\nimport "./main.ts";\n',
            resolveDir: root,
            loader: "js",
          };
        }
        if (args.path === "publish") {
          const lines = shared.map((m, i) => `import * as m${i} from "./${m}";`);
          const table = shared.map((m, i) => `${JSON.stringify(m)}: m${i}`).join(", ");
          lines.push(`globalThis[Symbol.for("${HOT_MODULES}")] = Object.freeze({ ${table} });`);
          return { contents: lines.join("\n"), resolveDir: root, loader: "js" };
        }
        return { contents: gatewaySource(coldFile), loader: "js" };
      });
      // Product code: each dynamic import of a cold module becomes a gateway call.
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const source = await Deno.readTextFile(args.path);
        const dir = args.path.slice(0, args.path.lastIndexOf("/"));
        let changed = false;
        const contents = source.replace(DYNAMIC_IMPORT, (call, spec: string) => {
          const name = relative(root, resolve(dir, spec));
          if (HOT_DYNAMIC.includes(name)) return call;
          coldRoots.add(name);
          changed = true;
          return `__awsVaultColdImport(${JSON.stringify(name)})`;
        });
        if (!changed) return undefined;
        const gateway = 'import { coldImport as __awsVaultColdImport } from "aws-vault:gateway";\n';
        return { contents: gateway + contents, loader: "ts" };
      });
    },
  };
  const result = await esbuild.build({
    ...options([virtual]),
    entryPoints: ["aws-vault:entry"],
    outfile: `${outDir}/${base}.js`,
  });
  const inputs = Object.keys(result.metafile!.inputs).filter((p) => !p.includes(":"));
  return { code: result.outputFiles![0].contents, inputs: new Set(inputs), coldRoots };
}

/** The cold file: a table of the cold modules, with the modules of `hot` read from the start-up file. */
async function buildCold(hot: ReadonlySet<string>, coldRoots: ReadonlySet<string>) {
  const shared = new Set<string>();
  const plugin: esbuild.Plugin = {
    name: "cold",
    setup(build) {
      build.onResolve({ filter: /^aws-vault:cold$/ }, () => ({ path: "cold", namespace: "cold" }));
      build.onLoad({ filter: /.*/, namespace: "cold" }, () => {
        const entries = [...coldRoots].sort().map((name) =>
          `  ${JSON.stringify(name)}: () => import(${JSON.stringify(`./${name}`)}),`
        );
        return {
          contents: `const modules = {\n${entries.join("\n")}\n};\n` +
            "export const load = (name) => modules[name]();\n",
          resolveDir: root,
          loader: "js",
        };
      });
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolveRelative(args.resolveDir, args.path);
        // Named as esbuild's metafile names inputs: relative to the project root.
        const name = path === undefined ? undefined : relative(root, path);
        if (name === undefined || !hot.has(name)) return undefined;
        shared.add(name);
        return { path: name, namespace: "hot-module" };
      });
      build.onLoad({ filter: /.*/, namespace: "hot-module" }, (args) => ({
        contents: `module.exports = globalThis[Symbol.for("${HOT_MODULES}")][${
          JSON.stringify(args.path)
        }];`,
        loader: "js",
      }));
    },
  };
  const result = await esbuild.build({
    ...options([plugin]),
    entryPoints: ["aws-vault:cold"],
    outfile: `${outDir}/${base}.cold.js`,
  });
  return { code: result.outputFiles![0].contents, shared: [...shared].sort() };
}

async function writeAtomically(path: string, data: Uint8Array): Promise<void> {
  const tmp = await Deno.makeTempFile({ dir: outDir, prefix: `.${base}.` });
  try {
    await Deno.writeFile(tmp, data);
    await Deno.chmod(tmp, 0o644);
    await Deno.rename(tmp, path);
  } catch (error) {
    await Deno.remove(tmp).catch(() => {});
    throw error;
  }
}

try {
  // Pass 1 finds what a start loads and which modules are cold; the cold file then takes
  // those, and pass 2 publishes the modules the cold file shares with the start-up file.
  const first = await buildHot("cold.js", []);
  const cold = await buildCold(first.inputs, first.coldRoots);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(cold.code)));
  const hash = Array.from(digest.slice(0, 6), (b) => b.toString(16).padStart(2, "0")).join("");
  const coldFile = `${base}.cold-${hash}.js`;
  const hot = await buildHot(coldFile, cold.shared);
  const lost = [...first.inputs].filter((m) => !hot.inputs.has(m));
  if (lost.length > 0) throw new Error(`the start-up file lost modules: ${lost.join(", ")}`);

  await Deno.mkdir(outDir, { recursive: true });
  await writeAtomically(`${outDir}/${coldFile}`, cold.code);
  await writeAtomically(out, hot.code);
  for await (const entry of Deno.readDir(outDir)) {
    if (entry.name.startsWith(`${base}.cold-`) && entry.name !== coldFile) {
      await Deno.remove(`${outDir}/${entry.name}`).catch(() => {});
    }
  }
} finally {
  await esbuild.stop();
}
