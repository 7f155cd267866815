/**
 * The start-up benchmark: `scripts/bench [iterations] [--baseline <checkout>] [--quick]`.
 * `--baseline` adds the shipped form of another checkout (an older commit) to the same
 * interleaved loop, for before/after comparisons under the same machine conditions;
 * `--quick` leaves out (e) and (f).
 *
 * Measures, interleaved in one run, the median wall time of:
 *  (a) a print-only Deno script (the runtime floor),
 *  (b) `aws-vault export <p> --no-session --format=json` with the file backend
 *      (a 20-profile config, as most users have),
 *  (c) `aws-vault list` on a config with 2,000 profiles and 200 stored keys,
 *  (d) a cached `exec <role> --json`: a role profile whose AssumeRole session
 *      is in the file vault (the `credential_process` hot path),
 * and prints each as a ratio to (a). Targets: (b) <= 1.5x, (c) <= 2x, (d) <= 1.5x.
 * Then (e): 16 cold `exec --json` callers started together against moto
 * (`python3 -m moto.server`): wall time and the number of STS calls (must be 1).
 * Then (f): the cached `exec <role> --json` of (d) with the `pass` and
 * `secret-service` backends against the same with `file`, measured by
 * `scripts/bench_backends.ts` inside a gnome-keyring session
 * (tests/helpers/keyring_session.sh) with a throwaway GnuPG pass store
 * (tests/helpers/gpg_store.sh): medians, ratios to `file` and to its own floor
 * (a), and the helper processes each case starts per run.
 * Then (g) and (h), the ECS credential server (scripts/bench_ecs.ts): its
 * latency and requests per second, and the start-up `exec --ecs-server` adds.
 *
 * Each of (b), (c) and (d) is measured twice: from source (`deno run main.ts`)
 * and in the shipped form: the minified start-up file of `scripts/bundle` (with
 * its file of code loaded on first use) run with the V8 flags of
 * scripts/v8_flags.ts, which is what the `deno compile` binary embeds
 * (scripts/build.ts) and what `scripts/aws-vault` runs (two modules instead of
 * one per source file; every function in V8's code cache).
 *
 * @module
 */

import { FileKeyring } from "../backends/file.ts";
import { denoFs } from "../src/platform/deno_fs.ts";
import { CredentialStore } from "../src/store/credential_store.ts";
import { SessionStore } from "../src/store/session_store.ts";
import { Moto } from "../tests/helpers/moto.ts";
import { median } from "./bench_backends.ts";
import { ecsServerCases } from "./bench_ecs.ts";
import { SHIPPED_V8_FLAGS } from "./v8_flags.ts";

const root = new URL("../", import.meta.url).pathname;
/** `[iterations] [--baseline <checkout>] [--quick]`. */
function benchArgs(args: string[]): { iterations: number; baseline?: string; quick: boolean } {
  let iterations = 25;
  let baseline: string | undefined;
  let quick = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--baseline") baseline = args[++i]?.replace(/\/?$/, "/");
    else if (args[i] === "--quick") quick = true;
    else iterations = Number(args[i]);
  }
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new Error("iterations: a whole number");
  }
  if (baseline !== undefined && !baseline.startsWith("/")) baseline = `${Deno.cwd()}/${baseline}`;
  return { iterations, baseline, quick };
}
const { iterations, baseline, quick } = benchArgs(Deno.args);
const work = await Deno.makeTempDir({ prefix: "aws-vault-bench-" });
const home = `${work}/home`;
const keysDir = `${home}/.awsvault/keys`;
await Deno.mkdir(`${home}/.aws`, { recursive: true });

const PASSPHRASE = "bench-passphrase";
const profiles: string[] = ["[default]", "region = eu-west-1", ""];
for (let i = 0; i < 2000; i++) {
  profiles.push(`[profile p${i}]`, `region = eu-west-${1 + (i % 3)}`);
  if (i % 2 === 1) {
    profiles.push(`role_arn = arn:aws:iam::123456789012:role/r${i}`, `source_profile = p${i - 1}`);
  }
  profiles.push("");
}
await Deno.writeTextFile(`${home}/.aws/config`, profiles.join("\n"));
const small: string[] = ["[default]", "region = eu-west-1", ""];
for (let i = 0; i < 20; i++) small.push(`[profile p${i * 10}]`, "region = eu-west-2", "");
const smallConfig = `${work}/small.config`;
await Deno.writeTextFile(smallConfig, small.join("\n"));
const bundle = `${work}/aws-vault.bundle.js`;
// The shipped form: the bundle that `deno compile` embeds (scripts/build.ts) and scripts/aws-vault
// runs, with the same V8 flags (scripts/v8_flags.ts).
const bundled = await new Deno.Command(`${root}scripts/bundle`, {
  args: [bundle],
  env: { DENO: Deno.execPath() },
  stdout: "inherit",
  stderr: "inherit",
}).output();
if (!bundled.success) throw new Error("deno bundle failed");
// --baseline: another checkout's shipped form (an older commit, say), run in the same interleaved
// loop, so that a change is compared with what it replaces under the same machine conditions.
const baselineBundle = `${work}/baseline/aws-vault.js`;
if (baseline !== undefined) {
  const built = await new Deno.Command(`${baseline}scripts/bundle`, {
    args: [baselineBundle],
    env: { DENO: Deno.execPath() },
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (!built.success) throw new Error(`the baseline's scripts/bundle failed`);
}

const keyring = new FileKeyring({
  dir: keysDir,
  fs: denoFs(),
  passphrase: () => Promise.resolve(PASSPHRASE),
});
const store = new CredentialStore(keyring);
// (d): a role profile over p0 whose AssumeRole session (sent with MFA, so cached) is stored.
const roleConfig = `${work}/role.config`;
const ROLE_MFA = "arn:aws:iam::123456789012:mfa/bench";
await Deno.writeTextFile(
  roleConfig,
  small.join("\n") + "\n[profile role]\nsource_profile = p0\n" +
    `role_arn = arn:aws:iam::123456789012:role/bench\nmfa_serial = ${ROLE_MFA}\n`,
);
await new SessionStore(keyring).set("sts.AssumeRole", "role", ROLE_MFA, {
  accessKeyId: "ASIABENCHROLE0000001",
  secretAccessKey: "role-secret",
  sessionToken: "role-token",
  expiration: new Date(Date.now() + 8 * 3600_000),
});
for (let i = 0; i < 200; i += 20) {
  await Promise.all(
    Array.from({ length: 20 }, (_, j) =>
      store.set(`p${(i + j) * 10}`, {
        accessKeyId: `AKIABENCH${String(i + j).padStart(11, "0")}`,
        secretAccessKey: `secret${i + j}`,
      })),
  );
}
const floorScript = `${work}/floor.ts`;
await Deno.writeTextFile(floorScript, 'console.log("floor");\n');

const env = {
  PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
  HOME: home,
  AWS_VAULT_BACKEND: "file",
  AWS_VAULT_FILE_PASSPHRASE: PASSPHRASE,
  NO_COLOR: "1",
  DENO_NO_UPDATE_CHECK: "1",
  // The module cache must be the usual one, not one under the temporary HOME.
  DENO_DIR: Deno.env.get("DENO_DIR") ??
    `${Deno.env.get("XDG_CACHE_HOME") ?? `${Deno.env.get("HOME")}/.cache`}/deno`,
};
const runArgs = ["run", "--allow-all", "--no-prompt", "--quiet", "--config", `${root}deno.json`];
const shippedArgs = [...runArgs, `--v8-flags=${SHIPPED_V8_FLAGS}`];
const baselineArgs = [
  "run",
  "--allow-all",
  "--no-prompt",
  "--quiet",
  "--config",
  `${baseline}deno.json`,
  `--v8-flags=${SHIPPED_V8_FLAGS}`,
  baselineBundle,
];

interface Case {
  name: string;
  args: string[];
  env?: Record<string, string>;
  expect: (stdout: string) => boolean;
}
const exportArgs = ["export", "p0", "--no-session", "--format=json"];
const exportOk = (o: string) => o.includes('"AccessKeyId": "AKIABENCH00000000000"');
const listOk = (o: string) => o.split("\n").length > 2000;
const roleArgs = ["exec", "role", "--json"];
const roleOk = (o: string) => o.includes('"AccessKeyId": "ASIABENCHROLE0000001"');
const cases: Case[] = [
  {
    name: "(a) print-only Deno script",
    args: [...runArgs, floorScript],
    expect: (o) => o === "floor\n",
  },
  {
    name: "(b) export --no-session --format=json (file)",
    args: [...runArgs, `${root}main.ts`, ...exportArgs],
    env: { AWS_CONFIG_FILE: smallConfig },
    expect: exportOk,
  },
  {
    name: "(b) same, shipped form (bundle)",
    args: [...shippedArgs, bundle, ...exportArgs],
    env: { AWS_CONFIG_FILE: smallConfig },
    expect: exportOk,
  },
  {
    name: "(c) list, 2,000 profiles / 200 keys",
    args: [...runArgs, `${root}main.ts`, "list"],
    expect: listOk,
  },
  {
    name: "(c) same, shipped form (bundle)",
    args: [...shippedArgs, bundle, "list"],
    expect: listOk,
  },
  {
    name: "(d) cached exec --json, role session in the file vault",
    args: [...runArgs, `${root}main.ts`, ...roleArgs],
    env: { AWS_CONFIG_FILE: roleConfig },
    expect: roleOk,
  },
  {
    name: "(d) same, shipped form (bundle)",
    args: [...shippedArgs, bundle, ...roleArgs],
    env: { AWS_CONFIG_FILE: roleConfig },
    expect: roleOk,
  },
  {
    name: "(-) scripts/aws-vault wrapper, export as (b)",
    args: [],
    env: { AWS_CONFIG_FILE: smallConfig },
    expect: exportOk,
  },
  ...(baseline === undefined ? [] : [
    {
      name: "(b) baseline's shipped form",
      args: [...baselineArgs, ...exportArgs],
      env: { AWS_CONFIG_FILE: smallConfig },
      expect: exportOk,
    },
    { name: "(c) baseline's shipped form", args: [...baselineArgs, "list"], expect: listOk },
    {
      name: "(d) baseline's shipped form",
      args: [...baselineArgs, ...roleArgs],
      env: { AWS_CONFIG_FILE: roleConfig },
      expect: roleOk,
    },
  ]),
];

async function once(c: Case): Promise<number> {
  const start = performance.now();
  const wrapper = c.args.length === 0;
  const out = await new Deno.Command(wrapper ? `${root}scripts/aws-vault` : Deno.execPath(), {
    args: wrapper ? exportArgs : c.args,
    env: { ...env, ...c.env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const elapsed = performance.now() - start;
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success || !c.expect(stdout)) {
    throw new Error(`${c.name} failed (exit ${out.code}): ${new TextDecoder().decode(out.stderr)}`);
  }
  return elapsed;
}

/**
 * Deno stores a module's V8 code cache only when its event loop gets round to it, which a run
 * that ends in `Deno.exit` without loading anything more never does: the cached paths alone
 * would run without a code cache for ever. A command that loads the cold file (`--help`) lets it
 * store the cache, as any first use that reaches AWS or changes the vault does for a user. Each
 * form is warmed so that the loop measures that steady state.
 */
async function warmCodeCache(): Promise<void> {
  const runs: [string, string[]][] = [
    [Deno.execPath(), [...runArgs, `${root}main.ts`, "--help"]],
    [Deno.execPath(), [...shippedArgs, bundle, "--help"]],
    [`${root}scripts/aws-vault`, ["--help"]],
  ];
  if (baseline !== undefined) runs.push([Deno.execPath(), [...baselineArgs, "--help"]]);
  for (const [command, args] of runs) {
    await new Deno.Command(command, { args, env, clearEnv: true, stdout: "null", stderr: "null" })
      .output();
  }
}

try {
  await warmCodeCache();
  for (const c of cases) await once(c); // warm the module cache
  const times = new Map(cases.map((c) => [c.name, [] as number[]]));
  for (let i = 0; i < iterations; i++) {
    for (const c of cases) times.get(c.name)!.push(await once(c));
  }
  const floor = median(times.get(cases[0].name)!);
  console.log(
    `Deno ${Deno.version.deno}, ${Deno.build.os}/${Deno.build.arch}, ${iterations} iterations each, interleaved`,
  );
  console.log("| case | median | ratio to (a) |");
  console.log("| --- | --- | --- |");
  for (const c of cases) {
    const m = median(times.get(c.name)!);
    console.log(`| ${c.name} | ${m.toFixed(1)} ms | ${(m / floor).toFixed(2)}x |`);
  }
  if (baseline !== undefined) console.log(`(baseline: ${baseline})`);
  if (!quick) {
    await parallelColdCallers(Math.max(3, Math.min(iterations, 5)));
    await ecsServerCases({ iterations, env, runArgs, shippedArgs, root, bundle, roleConfig });
    await backendCases(iterations);
  }
} finally {
  await Deno.remove(work, { recursive: true });
}

/** (e): 16 cold `exec --json` callers at once against moto; wall time and STS calls. */
async function parallelColdCallers(rounds: number): Promise<void> {
  const moto = await Moto.start();
  try {
    const key = await moto.createUserWithKey("bench-cold");
    await store.set("cold", key);
    const coldConfig = `${work}/cold.config`;
    await Deno.writeTextFile(coldConfig, "[profile cold]\nregion = eu-west-1\n");
    const coldEnv = { ...env, AWS_CONFIG_FILE: coldConfig, AWS_ENDPOINT_URL: moto.url };
    const walls: number[] = [];
    const calls: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for await (const e of Deno.readDir(keysDir)) {
        if (e.name.startsWith("sts.GetSessionToken,")) await Deno.remove(`${keysDir}/${e.name}`);
      }
      await moto.resetRequests();
      const start = performance.now();
      const outs = await Promise.all(
        Array.from({ length: 16 }, () =>
          new Deno.Command(Deno.execPath(), {
            args: [...runArgs, `${root}main.ts`, "exec", "cold", "--json"],
            env: coldEnv,
            clearEnv: true,
            stdout: "piped",
            stderr: "piped",
          }).output()),
      );
      walls.push(performance.now() - start);
      for (const o of outs) {
        if (!o.success) throw new Error(`(e) failed: ${new TextDecoder().decode(o.stderr)}`);
      }
      calls.push((await moto.stsCalls()).length);
    }
    console.log(
      `| (e) 16 parallel cold exec --json (moto), ${rounds} rounds | ${
        median(walls).toFixed(1)
      } ms wall | STS calls per round: ${calls.join(", ")} |`,
    );
    if (calls.some((n) => n !== 1)) throw new Error("(e) expected exactly one STS call per round");
  } finally {
    await moto.stop();
  }
}

/** (f): scripts/bench_backends.ts in a gnome-keyring session with a throwaway pass store. */
async function backendCases(n: number): Promise<void> {
  const helpers = `${root}tests/helpers`;
  const gpgRoot = `${work}/gpg-store`;
  await Deno.mkdir(gpgRoot);
  const init = await new Deno.Command(`${helpers}/gpg_store.sh`, {
    args: ["init", gpgRoot],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  if (!init.success) throw new Error(`(f) gpg_store.sh init failed: ${dec.decode(init.stderr)}`);
  const vars = Object.fromEntries(
    dec.decode(init.stdout).trim().split("\n").map((l) => l.split(/=(.*)/s, 2)),
  );
  try {
    const out = await new Deno.Command(`${helpers}/keyring_session.sh`, {
      args: [Deno.execPath(), ...runArgs, `${root}scripts/bench_backends.ts`, String(n)],
      env: {
        PATH: env.PATH,
        DENO_DIR: env.DENO_DIR,
        NO_COLOR: "1",
        DENO_NO_UPDATE_CHECK: "1",
        GNUPGHOME: vars.GNUPGHOME,
        PASSWORD_STORE_DIR: vars.PASSWORD_STORE_DIR,
      },
      clearEnv: true,
      stdin: "null",
      stdout: "inherit",
      stderr: "inherit",
    }).output();
    if (!out.success) throw new Error(`(f) bench_backends.ts failed (exit ${out.code})`);
  } finally {
    await new Deno.Command(`${helpers}/gpg_store.sh`, { args: ["stop", gpgRoot] }).output();
  }
}
