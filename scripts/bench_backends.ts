/**
 * Benchmark (f), run by `scripts/bench.ts` inside a gnome-keyring session
 * (tests/helpers/keyring_session.sh) with a throwaway pass store in
 * `GNUPGHOME` / `PASSWORD_STORE_DIR` (tests/helpers/gpg_store.sh):
 *
 *   deno run -A scripts/bench_backends.ts [iterations]
 *
 * Seeds the same items into three real stores with their own keyring classes
 * (the file vault, the pass store, gnome-keyring's unlocked `login` collection
 * through the Secret Service): master credentials for the 20 profiles of
 * benchmark (d)'s config, and the AssumeRole session of its MFA role profile.
 * Then measures, interleaved in this one process, the median wall time of the
 * print-only floor (a) and of a cached `exec role --json` with each backend,
 * and prints each as a ratio to `file` and to (a). One extra, untimed run per
 * case counts the helper processes it starts: every helper program on PATH is
 * shadowed by a wrapper that logs its parent's pid, so processes the CLI starts
 * itself are told apart from those its helpers start (pass runs gpg).
 *
 * @module
 */

import { FileKeyring } from "../backends/file.ts";
import { PassKeyring } from "../backends/pass_keyring.ts";
import { SecretServiceKeyring } from "../backends/secret_service_keyring.ts";
import { openSessionBus } from "../backends/dbus_connection.ts";
import type { Keyring } from "../backends/types.ts";
import { denoFs } from "../src/platform/deno_fs.ts";
import { denoProcessRunner } from "../src/platform/deno_proc.ts";
import { connectUnixSocket } from "../src/platform/deno_unix_socket.ts";
import type { Env } from "../src/platform/types.ts";
import { CredentialStore } from "../src/store/credential_store.ts";
import { SessionStore } from "../src/store/session_store.ts";

/** The median of `xs` (the mean of the middle two for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Programs a keyring backend could start on Linux; each is shadowed when counting helpers. */
export const HELPER_PROGRAMS = [
  "pass",
  "gpg",
  "gpg2",
  "secret-tool",
  "gdbus",
  "dbus-send",
  "busctl",
  "kwallet-query",
  "qdbus",
];

const ROLE_MFA = "arn:aws:iam::123456789012:mfa/bench";
const ROLE_KEY_ID = "ASIABENCHROLE0000001";
const PASSPHRASE = "bench-passphrase";
const root = new URL("../", import.meta.url).pathname;

interface BenchCase {
  name: string;
  args: string[];
  env: Record<string, string>;
  expect: (stdout: string) => boolean;
}

/** Where a program is on `path` (the first executable file), or undefined. */
function which(name: string, path: string): string | undefined {
  for (const dir of path.split(":")) {
    if (dir === "") continue;
    try {
      const info = Deno.statSync(`${dir}/${name}`);
      if (info.isFile && (info.mode ?? 0o111) & 0o111) return `${dir}/${name}`;
    } catch {
      // not there
    }
  }
  return undefined;
}

/** Writes logging wrappers for the helper programs present on `path` into `dir`. */
function writeWrappers(dir: string, path: string): void {
  Deno.mkdirSync(dir, { recursive: true });
  for (const name of HELPER_PROGRAMS) {
    const real = which(name, path);
    if (real === undefined) continue;
    const script = `#!/bin/sh\necho "${name} $PPID" >>"$BENCH_HELPER_LOG"\nexec "${real}" "$@"\n`;
    Deno.writeTextFileSync(`${dir}/${name}`, script, { mode: 0o755 });
  }
}

async function runCase(c: BenchCase, extraEnv: Record<string, string> = {}) {
  const child = new Deno.Command(Deno.execPath(), {
    args: c.args,
    env: { ...c.env, ...extraEnv },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const start = performance.now();
  const out = await child.output();
  const elapsed = performance.now() - start;
  const stdout = new TextDecoder().decode(out.stdout);
  if (!out.success || !c.expect(stdout)) {
    const stderr = new TextDecoder().decode(out.stderr);
    throw new Error(`${c.name} failed (exit ${out.code}): ${stderr}`);
  }
  return { elapsed, pid: child.pid };
}

/** Helper processes a case starts: [started by the CLI itself, in all]. */
async function countHelpers(c: BenchCase, wrappers: string, log: string) {
  Deno.writeTextFileSync(log, "");
  const { pid } = await runCase(c, {
    PATH: `${wrappers}:${c.env.PATH}`,
    BENCH_HELPER_LOG: log,
  });
  const records = Deno.readTextFileSync(log).split("\n").filter((l) => l !== "");
  const direct = records.filter((l) => l.endsWith(` ${pid}`)).map((l) => l.split(" ")[0]);
  return { direct, all: records.map((l) => l.split(" ")[0]) };
}

async function seed(keyring: Keyring, profiles: string[]): Promise<void> {
  const store = new CredentialStore(keyring);
  for (const [i, p] of profiles.entries()) {
    await store.set(p, {
      accessKeyId: `AKIABENCH${String(i).padStart(11, "0")}`,
      secretAccessKey: `secret${i}`,
    });
  }
  await new SessionStore(keyring).set("sts.AssumeRole", "role", ROLE_MFA, {
    accessKeyId: ROLE_KEY_ID,
    secretAccessKey: "role-secret",
    sessionToken: "role-token",
    expiration: new Date(Date.now() + 8 * 3600_000),
  });
}

/** Seeds the three stores, measures them interleaved and prints the (f) table. */
export async function benchBackends(iterations: number): Promise<void> {
  const need = (name: string) => {
    const v = Deno.env.get(name);
    if (!v) throw new Error(`bench_backends.ts: ${name} is not set (run it through bench.ts)`);
    return v;
  };
  const env: Env = { get: (n) => Deno.env.get(n), toObject: () => Deno.env.toObject() };
  const path = need("PATH");
  const bus = need("DBUS_SESSION_BUS_ADDRESS");
  const passDir = need("PASSWORD_STORE_DIR");
  const gnupg = need("GNUPGHOME");
  const work = Deno.makeTempDirSync({ prefix: "aws-vault-bench-backends-" });
  try {
    const home = `${work}/home`;
    Deno.mkdirSync(`${home}/.aws`, { recursive: true });
    const profiles = Array.from({ length: 20 }, (_, i) => `p${i * 10}`);
    const config = ["[default]", "region = eu-west-1", ""];
    for (const p of profiles) config.push(`[profile ${p}]`, "region = eu-west-2", "");
    config.push("[profile role]", "source_profile = p0");
    config.push("role_arn = arn:aws:iam::123456789012:role/bench", `mfa_serial = ${ROLE_MFA}`, "");
    Deno.writeTextFileSync(`${home}/.aws/config`, config.join("\n"));

    const quiet = { enabled: false, debug() {} };
    await seed(
      new FileKeyring({
        dir: `${home}/.awsvault/keys`,
        fs: denoFs(),
        passphrase: () => Promise.resolve(PASSPHRASE),
      }),
      profiles,
    );
    await seed(
      new PassKeyring({
        passCmd: "pass",
        dir: passDir,
        prefix: "",
        proc: denoProcessRunner({ getEnv: (n) => env.get(n) }),
        fs: denoFs(),
        env,
        log: quiet,
      }),
      profiles,
    );
    await seed(
      new SecretServiceKeyring({
        collection: "login",
        connect: () => openSessionBus(env, connectUnixSocket, { timeoutMs: 5_000 }),
        log: quiet,
      }),
      profiles,
    );

    const floor = `${work}/floor.ts`;
    Deno.writeTextFileSync(floor, 'console.log("floor");\n');
    const base = {
      PATH: path,
      HOME: home,
      NO_COLOR: "1",
      DENO_NO_UPDATE_CHECK: "1",
      DENO_DIR: need("DENO_DIR"),
    };
    const run = ["run", "--allow-all", "--no-prompt", "--quiet", "--config", `${root}deno.json`];
    const exec = [...run, `${root}main.ts`, "exec", "role", "--json"];
    const roleOk = (o: string) => o.includes(`"AccessKeyId": "${ROLE_KEY_ID}"`);
    const cases: BenchCase[] = [
      { name: "(a)", args: [...run, floor], env: base, expect: (o) => o === "floor\n" },
      {
        name: "file",
        args: exec,
        env: { ...base, AWS_VAULT_BACKEND: "file", AWS_VAULT_FILE_PASSPHRASE: PASSPHRASE },
        expect: roleOk,
      },
      {
        name: "pass",
        args: exec,
        env: {
          ...base,
          AWS_VAULT_BACKEND: "pass",
          PASSWORD_STORE_DIR: passDir,
          GNUPGHOME: gnupg,
        },
        expect: roleOk,
      },
      {
        name: "secret-service",
        args: exec,
        env: {
          ...base,
          AWS_VAULT_BACKEND: "secret-service",
          AWS_VAULT_SECRET_SERVICE_COLLECTION_NAME: "login",
          DBUS_SESSION_BUS_ADDRESS: bus,
        },
        expect: roleOk,
      },
    ];

    const wrappers = `${work}/helper-wrappers`;
    writeWrappers(wrappers, path);
    const helpers = new Map<string, Awaited<ReturnType<typeof countHelpers>>>();
    for (const c of cases) {
      helpers.set(c.name, await countHelpers(c, wrappers, `${work}/helpers.log`));
    }

    for (const c of cases) await runCase(c); // warm the module cache
    const times = new Map(cases.map((c) => [c.name, [] as number[]]));
    for (let i = 0; i < iterations; i++) {
      for (const c of cases) times.get(c.name)!.push((await runCase(c)).elapsed);
    }
    const m = (name: string) => median(times.get(name)!);
    console.log(""); // a table of its own
    console.log(
      `| (f) cached exec role --json, ${iterations} iterations interleaved | median | ` +
        "ratio to file | ratio to (a) | helper processes started per run |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    for (const c of cases) {
      const h = helpers.get(c.name)!;
      const under = [...h.all];
      for (const name of h.direct) under.splice(under.indexOf(name), 1);
      const started = `${h.direct.length}${h.direct.length ? ` (${h.direct.join(", ")})` : ""}` +
        (under.length ? `; +${under.length} under it (${under.join(", ")})` : "");
      const label = c.name === "(a)" ? "(a) print-only Deno script, same session" : `(f) ${c.name}`;
      console.log(
        `| ${label} | ${m(c.name).toFixed(1)} ms | ${(m(c.name) / m("file")).toFixed(2)}x | ${
          (m(c.name) / m("(a)")).toFixed(2)
        }x | ${started} |`,
      );
    }
  } finally {
    Deno.removeSync(work, { recursive: true });
  }
}

if (import.meta.main) await benchBackends(Number(Deno.args[0] ?? "25"));
