/**
 * The ECS credential server's part of the benchmark, run by scripts/bench.ts:
 *
 *  (g) `exec --ecs-server` in the shipped form serving cached credentials:
 *      the median latency of one client asking in turn, and the requests per
 *      second of 8 clients asking at once for 3 seconds (targets: under 1 ms,
 *      at least 2,000 per second);
 *  (h) what `exec --ecs-server <p> -- true` costs over `exec <p> -- true`,
 *      both with the profile's session in the file vault (medians of
 *      interleaved runs, from source and in the shipped form).
 *
 * With `--client` this file is the load generator of (g), run by
 * `exec --ecs-server` as its command: it reads the server's URI and token
 * from its environment and prints its figures as JSON.
 *
 * @module
 */

import { median } from "./bench_backends.ts";

/** What (g) and (h) run with: bench.ts's environment, command lines and role profile. */
export interface EcsBenchSetup {
  iterations: number;
  env: Record<string, string>;
  /** `deno run …` arguments of the source form and of the shipped form, before the script. */
  runArgs: string[];
  shippedArgs: string[];
  root: string;
  bundle: string;
  /** A config file whose profile `role` has a session in the vault. */
  roleConfig: string;
}

interface ClientFigures {
  medianMs: number;
  requestsPerSecond: number;
  loadedMedianMs: number;
}

async function runClient(): Promise<void> {
  const uri = Deno.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") ?? "";
  const headers = { Authorization: Deno.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN") ?? "" };
  const ask = async (): Promise<number> => {
    const start = performance.now();
    const res = await fetch(uri, { headers });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`the server answered ${res.status}`);
    return performance.now() - start;
  };
  for (let i = 0; i < 300; i++) await ask();
  const alone: number[] = [];
  for (let i = 0; i < 2000; i++) alone.push(await ask());
  const loaded: number[] = [];
  const start = performance.now();
  const until = start + 3000;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (performance.now() < until) loaded.push(await ask());
  }));
  const seconds = (performance.now() - start) / 1000;
  const figures: ClientFigures = {
    medianMs: median(alone),
    requestsPerSecond: loaded.length / seconds,
    loadedMedianMs: median(loaded),
  };
  console.log(JSON.stringify(figures));
}

async function timed(cmd: string, args: string[], env: Record<string, string>) {
  const start = performance.now();
  const out = await new Deno.Command(cmd, {
    args,
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const ms = performance.now() - start;
  if (!out.success) {
    throw new Error(`${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`);
  }
  return { ms, stdout: new TextDecoder().decode(out.stdout) };
}

/** Runs (g) and (h), printing their rows. */
export async function ecsServerCases(setup: EcsBenchSetup): Promise<void> {
  const env = { ...setup.env, AWS_CONFIG_FILE: setup.roleConfig };
  const shipped = [...setup.shippedArgs, setup.bundle];
  const client = [
    Deno.execPath(),
    ...setup.runArgs,
    `${setup.root}scripts/bench_ecs.ts`,
    "--client",
  ];
  const served = await timed(Deno.execPath(), [
    ...shipped,
    "exec",
    "--server",
    "role",
    "--",
    ...client,
  ], env);
  const figures = JSON.parse(served.stdout) as ClientFigures;
  console.log(
    `| (g) ECS server, cached credentials (shipped form) | median ${
      (figures.medianMs * 1000).toFixed(0)
    } µs, one client | ${figures.requestsPerSecond.toFixed(0)} requests/s from 8 clients ` +
      `(median ${(figures.loadedMedianMs * 1000).toFixed(0)} µs) |`,
  );

  const forms: [string, string[]][] = [
    ["source", [...setup.runArgs, `${setup.root}main.ts`]],
    ["shipped form", shipped],
  ];
  for (const [name, program] of forms) {
    const plain: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < setup.iterations; i++) {
      plain.push(
        (await timed(Deno.execPath(), [...program, "exec", "role", "--", "true"], env)).ms,
      );
      server.push(
        (await timed(Deno.execPath(), [...program, "exec", "-s", "role", "--", "true"], env)).ms,
      );
    }
    const [p, s] = [median(plain), median(server)];
    console.log(
      `| (h) exec --ecs-server -- true over exec -- true (${name}) | ${s.toFixed(1)} ms vs ${
        p.toFixed(1)
      } ms | +${(s - p).toFixed(1)} ms |`,
    );
  }
}

if (import.meta.main && Deno.args[0] === "--client") await runClient();
