/**
 * The program's module graph, read with `deno info --json main.ts`, keeps the
 * layering of STYLE.md: imports only point down (or stay in their layer), and
 * no module reaches itself through its imports. Type-only and dynamic imports
 * count as imports.
 */
import { assertEquals } from "../helpers/assert.ts";

const ROOT = new URL("../../", import.meta.url);

/** The layers from the bottom; a module's layer is the first whose test matches its path. */
const LAYERS: readonly { name: string; test: (path: string) => boolean }[] = [
  { name: "shared leaves", test: (p) => /^src\/[^/]+\.ts$/.test(p) && p !== "src/main.ts" },
  { name: "platform", test: (p) => p.startsWith("src/platform/") },
  { name: "config and backends", test: (p) => /^(src\/config|backends)\//.test(p) },
  { name: "store, aws and prompt", test: (p) => /^src\/(store|aws|prompt)\//.test(p) },
  { name: "credentials and servers", test: (p) => /^src\/(credentials|server)\//.test(p) },
  { name: "output", test: (p) => p.startsWith("src/output/") },
  { name: "cli", test: (p) => p.startsWith("src/cli/") },
  { name: "main", test: (p) => p === "main.ts" },
];

function layerOf(path: string): number {
  const index = LAYERS.findIndex((layer) => layer.test(path));
  if (index < 0) throw new Error(`${path} belongs to no layer`);
  return index;
}

interface GraphModule {
  specifier: string;
  dependencies?: { code?: { specifier?: string }; type?: { specifier?: string } }[];
}

/** Our modules (paths from the project root) and what each imports, from `deno info`. */
async function moduleGraph(): Promise<Map<string, string[]>> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "main.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) throw new Error(new TextDecoder().decode(output.stderr));
  const info = JSON.parse(new TextDecoder().decode(output.stdout)) as { modules: GraphModule[] };
  const ours = (specifier: string | undefined) =>
    specifier?.startsWith(ROOT.href) ? specifier.slice(ROOT.href.length) : undefined;
  const graph = new Map<string, string[]>();
  for (const module of info.modules) {
    const path = ours(module.specifier);
    if (path === undefined) continue;
    const imports = (module.dependencies ?? []).flatMap((d) => [d.code, d.type])
      .map((target) => ours(target?.specifier)).filter((p): p is string => p !== undefined);
    graph.set(path, [...new Set(imports)]);
  }
  return graph;
}

/** One cycle per strongly connected component of more than one module (or a self-import). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, "open");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === "open") found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

Deno.test("the module graph has no import cycle", async () => {
  const graph = await moduleGraph();
  assertEquals(cycles(graph).map((c) => c.join(" -> ")), []);
});

Deno.test("every import points to the importer's layer or a lower one", async () => {
  const graph = await moduleGraph();
  const upward: string[] = [];
  for (const [path, imports] of graph) {
    for (const target of imports) {
      if (layerOf(target) > layerOf(path)) {
        upward.push(
          `${path} (${LAYERS[layerOf(path)].name}) imports ${target} ` +
            `(${LAYERS[layerOf(target)].name})`,
        );
      }
    }
  }
  assertEquals(upward, []);
});

Deno.test("the module graph test sees the whole program", async () => {
  const graph = await moduleGraph();
  // Dynamic imports are in the graph: the rarely used backends and commands are reached.
  for (const path of ["backends/kwallet.ts", "src/cli/commands/add.ts", "src/cli/help.ts"]) {
    assertEquals(graph.has(path), true, `${path} is in the graph`);
  }
  assertEquals(graph.get("main.ts")?.includes("src/cli/run.ts"), true);
});
