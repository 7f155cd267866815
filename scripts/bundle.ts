/**
 * Builds the shipped form of the program: `deno run -A scripts/bundle.ts OUT.js`
 * (scripts/bundle wraps it). Writes two minified files next to each other:
 *
 * - `OUT.js`, everything a start needs: main.ts and what it reaches, except
 *   what src/cold_modules.ts loads;
 * - `OUT.cold-<hash>.js`, the code only src/cold_modules.ts reaches (the
 *   commands that change the vault, help, MFA, every backend but the file).
 *
 * `OUT.js` imports the second file, by a name held in a variable (a literal
 * `import()` would make `deno run` load it at every start), on the first call
 * of any `coldModules` loader. The second file does not carry its own copies of
 * the modules it shares with the first: `OUT.js` publishes their namespaces
 * under a global symbol before main.ts runs, and the second file's imports of
 * them read from there. So there is one instance of every module, and
 * `instanceof` on error classes holds across the two files.
 *
 * The cold file's name carries a hash of its content, so a process started
 * from an older `OUT.js` never loads a newer cold file; the build removes older
 * cold files of the same `OUT`. The AWS SDK stays outside both (src/aws/sdk_call.ts
 * imports it by package name).
 *
 * @module
 */

import * as esbuild from "esbuild";
import { relative, resolve } from "node:path";
import { coldModules } from "../src/cold_modules.ts";

const HOT_MODULES = "aws-vault.hot-modules";
const root = new URL("../", import.meta.url).pathname.replace(/\/$/, "");
const COLD_ENTRY = "src/cold_modules.ts";

const out = Deno.args[0];
if (!out || !out.endsWith(".js")) {
  console.error("usage: scripts/bundle.ts OUT.js");
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
    plugins: [...plugins, textFiles],
  };
}

/**
 * The start-up file. `coldFile` is the name the gateway imports; `shared` are
 * the modules whose namespaces are published for the cold file.
 */
async function buildHot(coldFile: string, shared: readonly string[]) {
  const virtual: esbuild.Plugin = {
    name: "hot",
    setup(build) {
      build.onResolve({ filter: /^aws-vault:(entry|publish)$/ }, (args) => ({
        path: args.path.slice("aws-vault:".length),
        namespace: "aws-vault",
      }));
      build.onResolve({ filter: /cold_modules\.ts$/ }, (args) => {
        const path = resolveRelative(args.resolveDir, args.path);
        return path === `${root}/${COLD_ENTRY}`
          ? { path: "cold-gateway", namespace: "aws-vault" }
          : undefined;
      });
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
        const loaders = Object.keys(coldModules)
          .map((name) => `${name}: () => load(${JSON.stringify(name)})`).join(",\n  ");
        return {
          contents: [
            // The URL is made on first use: a process's first `new URL` costs ~0.15 ms.
            "const load = async (name) => {",
            `  const url = new URL(${JSON.stringify(`./${coldFile}`)}, import.meta.url).href;`,
            "  let cold;",
            "  try {",
            "    cold = await import(url);",
            "  } catch (error) {",
            "    throw new Error(`Cannot load ${url}, a part of this program: ${error.message}`);",
            "  }",
            "  return await cold.coldModules[name]();",
            "};",
            `export const coldModules = {\n  ${loaders}\n};`,
          ].join("\n"),
          loader: "js",
        };
      });
    },
  };
  const result = await esbuild.build({
    ...options([virtual]),
    entryPoints: ["aws-vault:entry"],
    outfile: `${outDir}/${base}.js`,
  });
  const inputs = Object.keys(result.metafile!.inputs).filter((p) => !p.includes(":"));
  return { code: result.outputFiles![0].contents, inputs: new Set(inputs) };
}

/** The cold file: src/cold_modules.ts, with the modules of `hot` read from the start-up file. */
async function buildCold(hot: ReadonlySet<string>) {
  const shared = new Set<string>();
  const fromHot: esbuild.Plugin = {
    name: "from-hot",
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const path = resolveRelative(args.resolveDir, args.path);
        // Named as esbuild's metafile names inputs: relative to the project root. The start-up
        // file never holds src/cold_modules.ts itself (it has the gateway in its place).
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
    ...options([fromHot]),
    entryPoints: [COLD_ENTRY],
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
  // Pass 1 finds what a start loads; the cold file then takes everything else.
  const first = await buildHot("cold.js", []);
  const cold = await buildCold(first.inputs);
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
